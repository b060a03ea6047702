// Start-up, routing (#doc=N opens a document view; other anchors are overview sections) and keys.

let lastDocument = null;

function showOverview() {
  const page = document.getElementById("docview");
  const wasOpen = !page.hidden;
  page.hidden = true;
  page.replaceChildren();
  hideTip();
  document.getElementById("overview").hidden = false;
  const target = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
  if (target) target.scrollIntoView();
  if (wasOpen && lastDocument !== null && location.hash === "#documents") {
    const link = document.querySelector(`#documents-table tr[data-doc="${lastDocument}"] a`);
    if (link) { link.scrollIntoView({ block: "center" }); link.focus(); }
  }
}

function route() {
  const match = /^#doc=(-?\d+)(?:&f=(\d+))?$/.exec(location.hash);
  if (match) {
    lastDocument = Number(match[1]);
    showDocument(lastDocument, match[2] === undefined ? null : Number(match[2]));
  } else {
    showOverview();
  }
}

function stepDocument(step) {
  const position = tableRows.indexOf(view.doc);
  const target = tableRows[position + step];
  if (position >= 0 && target !== undefined) location.hash = `#doc=${target}`;
}

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "Escape") { hideTip(); }
  if (isTyping(event)) return;
  const inDocument = !document.getElementById("docview").hidden;
  if (inDocument) {
    const actions = {
      n: () => goToFinding(view.current + 1), j: () => goToFinding(view.current + 1),
      p: () => goToFinding(view.current < 0 ? -1 : view.current - 1), k: () => goToFinding(view.current < 0 ? -1 : view.current - 1),
      "]": () => stepDocument(1), "[": () => stepDocument(-1),
      Escape: () => { location.hash = "#documents"; },
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  } else if (event.key === "/") {
    event.preventDefault();
    document.getElementById("filter-path").focus();
  }
}

setUpTable();
setUpDocumentView();
setUpClusters();
setUpReview();
window.addEventListener("hashchange", route);
document.addEventListener("keydown", onKey);
route();
