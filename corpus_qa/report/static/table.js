// The documents table: filter by path, category, rule and severity; sort by any column; pages of rows.

const PAGE_ROWS = 200;
const tableState = { path: "", category: "", rule: "", severity: "", all: false, sort: "findings", direction: -1, shown: PAGE_ROWS };
let tableRows = [];

const docFacts = DOCS.map((row, doc) => {
  const categories = new Map();
  const rules = new Set();
  for (const id of findingsOf(doc)) {
    categories.set(categoryOf(id), (categories.get(categoryOf(id)) || 0) + 1);
    rules.add(ruleOf(id).code);
  }
  const source = docSource(doc);
  return { categories, rules, count: findingsOf(doc).length, worst: worstOf(doc),
           haystack: (row[D.id] + "\n" + source).toLowerCase() };
});

function findingMatches(id, state) {
  const finding = FINDINGS[id];
  return (!state.category || categoryOf(id) === state.category)
    && (!state.rule || ruleOf(id).code === state.rule)
    && (!state.severity || severityLabel(finding[F.severity]) === state.severity);
}

function docMatches(doc, state) {
  const facts = docFacts[doc];
  if (state.path && !facts.haystack.includes(state.path.toLowerCase())) return false;
  if (state.severity === "none") return facts.count === 0 && !state.category && !state.rule;
  if (state.category || state.rule || state.severity) return findingsOf(doc).some((id) => findingMatches(id, state));
  return state.all || facts.count > 0;
}

const SORT_KEYS = {
  id: (doc) => DOCS[doc][D.id],
  findings: (doc) => docFacts[doc].count,
  worst: (doc) => docFacts[doc].worst,
  chars: (doc) => DOCS[doc][D.chars],
  cjk: (doc) => DOCS[doc][D.cjk_share],
  encoding: (doc) => DOCS[doc][D.encoding],
};

function sortRows(rows) {
  const key = SORT_KEYS[tableState.sort];
  const direction = tableState.direction;
  return rows.sort((a, b) => {
    const x = key(a), y = key(b);
    const order = typeof x === "string" ? x.localeCompare(y) : x - y;
    return order * direction || a - b;
  });
}

function applyFilters() {
  const rows = [];
  for (let doc = 0; doc < DOCS.length; doc += 1) if (docMatches(doc, tableState)) rows.push(doc);
  tableRows = sortRows(rows);
  renderTable();
}

function documentRow(doc) {
  const row = DOCS[doc];
  const facts = docFacts[doc];
  const source = docSource(doc);
  const worst = facts.worst ? severityLabel(facts.worst) : "";
  const chips = [...facts.categories].map(([category, count]) => el("span", { class: `chip cat-${category}`, text: `${category} ${count}` }));
  return el("tr", { data: { doc: String(doc) } },
    el("td", { class: "id" },
      el("a", { href: `#doc=${doc}`, text: row[D.id] }),
      source && !source.endsWith(row[D.id]) ? el("span", { class: "source", text: source }) : null,
      row[D.problem] ? el("span", { class: "source", text: `unreadable: ${row[D.problem]}` }) : null,
      facts.count && TEXT_NOTES[row[D.text]] ? el("span", { class: "source", text: TEXT_NOTES[row[D.text]] }) : null),
    el("td", { class: "num", text: formatNumber(facts.count) }),
    el("td", {}, worst ? el("span", { class: `badge sev-${worst}`, text: worst }) : el("span", { class: "muted", text: "—" })),
    el("td", {}, chips),
    el("td", { class: "rules-cell", text: [...facts.rules].sort().join(" ") }),
    el("td", { class: "num", text: formatNumber(row[D.chars]) }),
    el("td", { class: "num", text: `${Math.round(row[D.cjk_share] * 100)}%` }),
    el("td", { text: row[D.encoding] }));
}

function renderTable() {
  const body = document.querySelector("#documents-table tbody");
  const shown = tableRows.slice(0, tableState.shown);
  body.replaceChildren(...shown.map(documentRow));
  const more = document.getElementById("documents-more");
  more.hidden = tableRows.length <= shown.length;
  more.textContent = `Show ${formatNumber(Math.min(PAGE_ROWS, tableRows.length - shown.length))} more`;
  const withFindings = docFacts.filter((facts) => facts.count > 0).length;
  const hint = !tableRows.length && !tableState.all && !withFindings ? " Tick “include documents without findings” to list them." : "";
  document.getElementById("documents-count").textContent =
    `Showing ${formatNumber(shown.length)} of ${formatNumber(tableRows.length)} matching documents `
    + `(${formatNumber(withFindings)} of ${formatNumber(DOCS.length)} have findings).${hint}`;
  document.querySelectorAll("#documents-table th[aria-sort]").forEach((th) => {
    const key = th.querySelector("button").dataset.sort;
    th.setAttribute("aria-sort", key !== tableState.sort ? "none" : tableState.direction > 0 ? "ascending" : "descending");
  });
}

function readFilterControls() {
  tableState.path = document.getElementById("filter-path").value.trim();
  tableState.category = document.getElementById("filter-category").value;
  tableState.rule = document.getElementById("filter-rule").value;
  tableState.severity = document.getElementById("filter-severity").value;
  tableState.all = document.getElementById("filter-all").checked;
  tableState.shown = PAGE_ROWS;
  applyFilters();
}

// Used by the rules list and the chart: show the documents with findings of one rule.
function filterByRule(code) {
  document.getElementById("filters").reset();
  document.getElementById("filter-rule").value = code;
  readFilterControls();
  if (location.hash !== "#documents") location.hash = "#documents";
  else document.getElementById("documents").scrollIntoView();
  document.getElementById("filter-rule").focus();
}

function setUpTable() {
  const form = document.getElementById("filters");
  form.addEventListener("input", readFilterControls);
  form.addEventListener("change", readFilterControls);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(readFilterControls, 0));
  document.querySelectorAll("#documents-table th button[data-sort]").forEach((button) => {
    button.addEventListener("click", () => {
      const key = button.dataset.sort;
      tableState.direction = key === tableState.sort ? -tableState.direction : (key === "id" || key === "encoding" ? 1 : -1);
      tableState.sort = key;
      applyFilters();
    });
  });
  document.getElementById("documents-more").addEventListener("click", () => {
    tableState.shown += PAGE_ROWS;
    renderTable();
  });
  document.querySelectorAll("[data-filter-rule]").forEach((node) => {
    node.addEventListener("click", () => filterByRule(node.dataset.filterRule));
    if (node.tagName.toLowerCase() === "g") {
      node.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); filterByRule(node.dataset.filterRule); }
      });
    }
  });
  applyFilters();
}
