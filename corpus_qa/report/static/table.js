// The documents table: the documents the filters let through, most severe first, with their
// matching and unreviewed findings counted under the same filters; pages of rows.

const PAGE_ROWS = 200;
const tableState = { sort: "worst", direction: -1, shown: PAGE_ROWS };
let tableRows = [];
let counts = { byDoc: new Map(), byRule: new Map(), total: {} };

const docFacts = DOCS.map((row, doc) => {
  const categories = new Map();
  const rules = new Set();
  for (const id of findingsOf(doc)) {
    categories.set(categoryOf(id), (categories.get(categoryOf(id)) || 0) + 1);
    rules.add(ruleOf(id).code);
  }
  return { categories, rules, count: findingsOf(doc).length, worst: worstOf(doc) };
});

function docCounts(doc) { return counts.byDoc.get(doc) || { matching: 0, unreviewed: 0 }; }

const SORT_KEYS = {
  id: (doc) => DOCS[doc][D.id],
  findings: (doc) => docCounts(doc).matching,
  review: (doc) => docCounts(doc).unreviewed,
  worst: (doc) => docFacts[doc].worst,
  chars: (doc) => DOCS[doc][D.chars],
  cjk: (doc) => DOCS[doc][D.cjk_share],
  encoding: (doc) => DOCS[doc][D.encoding],
};

function sortRows(rows) {
  const key = SORT_KEYS[tableState.sort];
  const direction = tableState.direction;
  const then = tableState.sort === "worst" ? SORT_KEYS.findings : () => 0; // most severe, then most findings
  return rows.sort((a, b) => {
    const x = key(a), y = key(b);
    const order = typeof x === "string" ? x.localeCompare(y) : x - y;
    return order * direction || (then(b) - then(a)) || a - b;
  });
}

function applyFilters() {
  counts = tally();
  const rows = [];
  for (let doc = 0; doc < DOCS.length; doc += 1) if (docMatches(doc)) rows.push(doc);
  tableRows = sortRows(rows);
  renderTable();
}

function documentRow(doc) {
  const row = DOCS[doc];
  const facts = docFacts[doc];
  const source = docSource(doc);
  const worst = facts.worst ? severityLabel(facts.worst) : "";
  const { matching, unreviewed } = docCounts(doc);
  const chips = [...facts.categories].map(([category, count]) => el("span", { class: `chip cat-${category}`, text: `${category} ${count}` }));
  const filtered = findingFilterActive() && matching !== facts.count;
  const done = facts.count > 0 && matching > 0 && unreviewed === 0;
  return el("tr", { data: { doc: String(doc) }, class: done ? "reviewed" : null },
    el("td", { class: "id", "data-label": "Document" },
      el("a", { href: hashFor(`doc=${doc}`), text: row[D.id] }),
      source && !source.endsWith(row[D.id]) ? el("span", { class: "source", text: source }) : null,
      row[D.problem] ? el("span", { class: "source", text: `unreadable: ${row[D.problem]}` }) : null,
      facts.count && TEXT_NOTES[row[D.text]] ? el("span", { class: "source", text: TEXT_NOTES[row[D.text]] }) : null),
    el("td", { class: "num", "data-label": "Findings" }, formatNumber(filtered ? matching : facts.count),
      filtered ? el("span", { class: "muted", text: ` of ${formatNumber(facts.count)}` }) : null),
    el("td", { class: "num", "data-label": "To review" }, done ? el("span", { class: "done", text: "✓ done" }) : formatNumber(unreviewed)),
    el("td", { "data-label": "Worst" }, worst ? severityBadge(worst) : el("span", { class: "muted", text: "—" })),
    el("td", { "data-label": "Categories" }, chips),
    el("td", { class: "rules-cell", "data-label": "Rules", text: [...facts.rules].sort().join(" ") }),
    el("td", { class: "num", "data-label": "Characters", text: formatNumber(row[D.chars]) }),
    el("td", { class: "num", "data-label": "CJK", text: `${Math.round(row[D.cjk_share] * 100)}%` }),
    el("td", { "data-label": "Encoding", text: row[D.encoding] }));
}

function renderTable() {
  const body = document.querySelector("#documents-table tbody");
  const shown = tableRows.slice(0, tableState.shown);
  body.replaceChildren(...shown.map(documentRow));
  const more = document.getElementById("documents-more");
  more.hidden = tableRows.length <= shown.length;
  more.textContent = `Show ${formatNumber(Math.min(PAGE_ROWS, tableRows.length - shown.length))} more`;
  const withFindings = docFacts.filter((facts) => facts.count > 0).length;
  const hint = !tableRows.length && !filters.all && !withFindings ? " Tick “include documents without findings” to list them." : "";
  const filtered = findingFilterActive() ? ` ${plural(counts.total.matching, "finding")} match the filters (${formatNumber(counts.total.unreviewed)} unreviewed).` : "";
  document.getElementById("documents-count").textContent =
    `Showing ${formatNumber(shown.length)} of ${formatNumber(tableRows.length)} matching documents `
    + `(${formatNumber(withFindings)} of ${formatNumber(DOCS.length)} have findings).${filtered}${hint}`;
  document.querySelectorAll("#documents-table th[aria-sort]").forEach((th) => {
    const key = th.querySelector("button").dataset.sort;
    th.setAttribute("aria-sort", key !== tableState.sort ? "none" : tableState.direction > 0 ? "ascending" : "descending");
  });
}

// The rule list's counts follow the other filters.
function renderRuleOptions() {
  const others = { ...filters, rule: "" };
  const byRule = findingFilterActive(others) ? tally(others).byRule : null;
  document.querySelectorAll("#filter-rule option[value]").forEach((option) => {
    const rule = RULES.find((candidate) => candidate.code === option.value);
    if (!rule) return;
    const count = byRule ? byRule.get(rule.code).matching : rule.count;
    option.textContent = `${rule.code} ${rule.name} (${formatNumber(count)})`;
  });
}

// Used by the rules list and the chart: show the documents with findings of one rule.
function filterByRule(code) {
  const target = `#documents&${new URLSearchParams({ rule: code })}`;
  if (location.hash === target) route();
  else location.hash = target;
  document.getElementById("filter-rule").focus({ preventScroll: true });
}

function setUpTable() {
  const form = document.getElementById("filters");
  const changed = () => setFilters(readFilterControls());
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    setFilters({ ...NO_FILTERS });
    writeFilterControls();
  });
  document.querySelectorAll("#documents-table th button[data-sort]").forEach((button) => {
    button.addEventListener("click", () => {
      const key = button.dataset.sort;
      tableState.direction = key === tableState.sort ? -tableState.direction : (key === "id" || key === "encoding" ? 1 : -1);
      tableState.sort = key;
      tableRows = sortRows(tableRows);
      renderTable();
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
}
