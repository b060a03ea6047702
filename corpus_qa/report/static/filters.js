// The filters every view follows (documents table, counts, queue, document view), and the URL
// that holds them: "#documents&rule=BP005&status=unreviewed", "#doc=12&f=40&rule=BP005".

const FILTER_CONTROLS = { q: "filter-path", category: "filter-category", rule: "filter-rule", severity: "filter-severity",
                          status: "filter-status", all: "filter-all" };
const NO_FILTERS = { q: "", category: "", rule: "", severity: "", status: "", all: false };
const filters = { ...NO_FILTERS };
const STATUS_LABELS = { unreviewed: "unreviewed", reviewed: "reviewed", accepted: "accepted", "false-positive": "false positive", fix: "fix" };

function filterParams(state = filters) {
  const params = new URLSearchParams();
  for (const key of Object.keys(NO_FILTERS)) {
    if (state[key] === true) params.set(key, "1");
    else if (state[key]) params.set(key, state[key]);
  }
  return params.toString();
}

// "#view&a=1&<filters>": view is a section id, "doc=N" or "queue"
function hashFor(view, extra = {}, state = filters) {
  const parts = [view];
  for (const [key, value] of Object.entries(extra)) if (value !== null && value !== undefined) parts.push(`${key}=${value}`);
  const params = filterParams(state);
  if (params) parts.push(params);
  return `#${parts.join("&")}`;
}

function parseHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const state = { ...NO_FILTERS };
  for (const key of Object.keys(NO_FILTERS)) {
    if (params.has(key)) state[key] = key === "all" ? params.get(key) === "1" : params.get(key);
  }
  const first = [...params.keys()][0] || "";
  const number = (key) => (params.has(key) && /^-?\d+$/.test(params.get(key)) ? Number(params.get(key)) : null);
  return { view: first, doc: number("doc"), finding: number("f"), filters: state };
}

function sameFilters(a, b) { return Object.keys(NO_FILTERS).every((key) => a[key] === b[key]); }
function findingFilterActive(state = filters) { return Boolean(state.q || state.category || state.rule || state.severity || state.status); }

// What a search looks in: rule, message, matched text, document id and source. Built on first use.
let searchTexts = null;
function searchText(id) {
  if (!searchTexts) searchTexts = new Array(FINDINGS.length);
  if (searchTexts[id] === undefined) {
    const finding = FINDINGS[id];
    const doc = finding[F.document];
    const text = doc === CORPUS ? null : textOf(doc);
    const matched = (text && textRange(text, finding[F.start], finding[F.end])) || finding[F.excerpt] || "";
    const rule = ruleOf(id);
    searchTexts[id] = [rule.code, rule.name, messageOf(id), matched, docName(doc), docSource(doc)].join("\n").toLowerCase();
  }
  return searchTexts[id];
}

function statusMatches(id, status) {
  const entry = decisionOf(id);
  if (status === "unreviewed") return !entry;
  if (status === "reviewed") return Boolean(entry);
  return Boolean(entry) && entry.decision === status;
}

function findingMatches(id, state = filters) {
  const finding = FINDINGS[id];
  if (state.rule && ruleOf(id).code !== state.rule) return false;
  if (state.category && categoryOf(id) !== state.category) return false;
  if (state.severity && severityLabel(finding[F.severity]) !== state.severity) return false;
  if (state.status && !statusMatches(id, state.status)) return false;
  return !state.q || searchText(id).includes(state.q.toLowerCase());
}

function docMatches(doc, state = filters) {
  const ids = findingsOf(doc);
  if (!ids.length || state.severity === "none") {
    if (ids.length || !(state.all || state.severity === "none")) return false;
    if (state.category || state.rule || state.status) return false;
    return !state.q || `${docName(doc)}\n${docSource(doc)}`.toLowerCase().includes(state.q.toLowerCase());
  }
  return !findingFilterActive(state) || ids.some((id) => findingMatches(id, state));
}

// Counts under the filters: per document and per rule, matching and unreviewed.
function tally(state = filters) {
  const zero = () => ({ matching: 0, unreviewed: 0, accepted: 0, rejected: 0 });
  const byDoc = new Map();
  const byRule = new Map(RULES.map((rule) => [rule.code, zero()]));
  const total = zero();
  FINDINGS.forEach((finding, id) => {
    if (!findingMatches(id, state)) return;
    const doc = finding[F.document];
    if (!byDoc.has(doc)) byDoc.set(doc, zero());
    const entry = decisionOf(id);
    for (const counts of [byDoc.get(doc), byRule.get(ruleOf(id).code), total]) {
      counts.matching += 1;
      if (!entry) counts.unreviewed += 1;
      else counts[entry.decision === "false-positive" ? "rejected" : "accepted"] += 1; // a fix accepts the finding
    }
  });
  return { byDoc, byRule, total };
}

function describeFilters(state = filters) {
  const parts = [];
  if (state.rule) parts.push(`rule ${state.rule}`);
  if (state.category) parts.push(`category ${state.category}`);
  if (state.severity) parts.push(state.severity === "none" ? "no findings" : `severity ${state.severity}`);
  if (state.status) parts.push(STATUS_LABELS[state.status] || state.status);
  if (state.q) parts.push(`“${state.q}”`);
  return parts.join(", ");
}

function readFilterControls() {
  const state = {};
  for (const [key, id] of Object.entries(FILTER_CONTROLS)) {
    const control = document.getElementById(id);
    state[key] = key === "all" ? control.checked : (key === "q" ? control.value.trim() : control.value);
  }
  return state;
}

function writeFilterControls() {
  for (const [key, id] of Object.entries(FILTER_CONTROLS)) {
    const control = document.getElementById(id);
    if (key === "all") control.checked = filters.all;
    else if (control.value !== filters[key] && !(key === "q" && control.value.trim() === filters.q)) control.value = filters[key];
  }
}
