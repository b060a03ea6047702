// Start-up, routing and keys. The URL says what is shown: "#doc=N&f=M" a document view,
// "#queue&f=M" the review queue, any other "#section" the overview; filters ride along.

let lastDocument = null;
let overviewStale = false;
const PAGES = ["overview", "docview", "queueview"];

function showPage(name) {
  hideTip();
  for (const page of PAGES) {
    const node = document.getElementById(page);
    node.hidden = page !== name;
    if (page !== name && page !== "overview") node.replaceChildren();
  }
  document.body.dataset.page = name;
}

function refreshOverview() {
  applyFilters();
  renderProgress();
  renderRuleOptions();
  overviewStale = false;
}

// Filters changed in the form: keep the URL in step without leaving the view.
function setFilters(state) {
  if (sameFilters(state, filters)) return;
  Object.assign(filters, state);
  tableState.shown = PAGE_ROWS;
  const parsed = parseHash(location.hash);
  history.replaceState(null, "", hashFor(parsed.view && parsed.doc === null ? parsed.view : "documents"));
  refreshOverview();
}

function showOverview(section) {
  const wasDocument = !document.getElementById("docview").hidden;
  showPage("overview");
  if (overviewStale) refreshOverview();
  const target = section ? document.getElementById(section) : null;
  if (target) {
    for (let node = target.closest("details"); node; node = node.parentElement.closest("details")) node.open = true;
    if (target.matches("li.rule")) target.querySelector("details").open = true;
    target.scrollIntoView();
  }
  if (wasDocument && lastDocument !== null && section === "documents") {
    const link = document.querySelector(`#documents-table tr[data-doc="${lastDocument}"] a`);
    if (link) { link.scrollIntoView({ block: "center" }); link.focus(); }
  }
}

function route() {
  const parsed = parseHash(location.hash);
  if (!sameFilters(parsed.filters, filters)) {
    Object.assign(filters, parsed.filters);
    writeFilterControls();
    tableState.shown = PAGE_ROWS;
    refreshOverview();
  }
  if (parsed.doc !== null) {
    lastDocument = parsed.doc;
    showDocument(parsed.doc, parsed.finding);
  } else if (parsed.view === "queue") {
    showQueue(parsed.finding);
  } else {
    showOverview(parsed.view);
  }
}

function stepDocument(step) {
  const position = tableRows.indexOf(view.doc);
  const target = tableRows[position + step];
  if (position >= 0 && target !== undefined) location.hash = hashFor(`doc=${target}`);
}

function documentKey(event) {
  const actions = {
    n: () => goToFinding(view.current + 1), j: () => goToFinding(view.current + 1),
    p: () => goToFinding(view.current < 0 ? -1 : view.current - 1), k: () => goToFinding(view.current < 0 ? -1 : view.current - 1),
    "]": () => stepDocument(1), "[": () => stepDocument(-1),
    a: () => decideCurrent("accepted"), r: () => decideCurrent("false-positive"), f: () => decideCurrent("fix"),
    Escape: () => { location.hash = hashFor("documents"); },
  };
  if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
}

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "Escape") hideTip();
  if (isTyping(event)) return;
  const page = document.body.dataset.page;
  if (page === "docview") documentKey(event);
  else if (page === "queueview") queueKey(event);
  else {
    const actions = {
      "/": () => document.getElementById("filter-path").focus(),
      q: () => { location.hash = hashFor("queue"); },
      e: exportDecisions,
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  }
}

// Links to sections keep the filters.
function onClick(event) {
  const link = event.target.closest('a[href^="#"]');
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const target = link.getAttribute("href").slice(1);
  if (/^[a-z][\w-]*$/i.test(target) && filterParams()) {
    event.preventDefault();
    location.hash = hashFor(target);
  }
}

setUpReview();
setUpTable();
setUpDocumentView();
setUpClusters();
onDecisions(() => {
  if (document.getElementById("overview").hidden) overviewStale = true;
  else refreshOverview();
});
window.addEventListener("hashchange", route);
document.addEventListener("keydown", onKey);
document.addEventListener("click", onClick);
refreshOverview();
route();
document.body.dataset.ready = String(Math.round(performance.now()));
