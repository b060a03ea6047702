// The document view: the text with every finding marked where it was found, line numbers, the
// frontmatter as a table, and the findings the filters let through, each with review controls.
// n/p visit those findings only; the others stay visible in the text, dimmed.

const view = { doc: null, findings: [], anchors: new Map(), current: -1, showAll: false };

function textNote(text) {
  const limits = DATA.limits;
  const shown = text.segments.reduce((sum, [, , piece]) => sum + codePoints(piece).length, 0);
  const cut = {
    long: `a document over ${formatNumber(limits.fullTextChars)} characters is never embedded whole`,
    budget: `the report's text budget (${limits.budgetMb} MB) did not stretch to the whole text`,
  }[text.cut];
  const parts = [];
  if (cut) parts.push(`Showing ${formatNumber(shown)} of ${formatNumber(text.length)} characters, the text around each finding (${limits.windowChars} characters each side): ${cut}.`);
  if (text.note) parts.push(text.note);
  return parts.length ? el("p", { class: "note", text: parts.join(" ") }) : null;
}

// A finding over (nearly) the whole text is shown once above it: marking every line
// would hide the findings inside it.
function coversDocument(id, length) {
  const span = FINDINGS[id][F.end] - FINDINGS[id][F.start];
  return length > 0 && span >= 200 && span >= 0.9 * length;
}

function wholeTextBanner(id) {
  const finding = FINDINGS[id];
  const rule = ruleOf(id);
  const banner = el("div", { class: `whole cat-${rule.category}`, tabindex: "0", data: { f: String(id) } },
    el("strong", { text: `${rule.code} ${rule.name} · ${severityLabel(finding[F.severity])}` }),
    ` covers lines ${finding[F.line]}–${finding[F.end_line]}, (nearly) the whole text: `,
    el("span", { text: messageOf(id) }));
  view.anchors.set(id, banner);
  return banner;
}

function frontmatterTable(frontmatter) {
  if (!frontmatter) return null;
  if (!frontmatter.rows) return el("p", { class: "note", text: `Frontmatter (lines at the top): ${frontmatter.error}` });
  return el("table", { class: "frontmatter" },
    el("caption", { text: "Frontmatter" }),
    el("tbody", {}, frontmatter.rows.map(([key, value]) => el("tr", {}, el("th", { scope: "row", text: key }), el("td", { lang: "zh", text: value })))));
}

function describe(value) {
  if (Array.isArray(value)) return value.map(describe).join(", ");
  if (value && typeof value === "object") return Object.entries(value).map(([key, inner]) => `${key} ${describe(inner)}`).join(", ");
  return String(value);
}

function evidenceOf(id) {
  const data = FINDINGS[id][F.data];
  const parts = partsOf(id);
  const items = data ? Object.entries(data).map(([key, value]) => `${key}: ${describe(value)}`) : [];
  if (parts) items.unshift(`${parts.length} hits in this run`);
  return items.join(" · ");
}

function findingItem(id, position) {
  const finding = FINDINGS[id];
  const rule = ruleOf(id);
  const severity = severityLabel(finding[F.severity]);
  const where = finding[F.document] === CORPUS ? "corpus" : `L${finding[F.line]}:${finding[F.column]}`;
  const evidence = evidenceOf(id);
  return el("li", { class: `finding cat-${rule.category}`, id: `finding-${id}`, data: { f: String(id) } },
    el("button", { type: "button", class: "go", on: { click: () => goToFinding(position) } },
      el("span", { class: "where", text: `${where} ` }),
      el("code", { text: rule.code }), " ", severityBadge(severity),
      finding[F.baseline] ? el("span", { class: `badge baseline-${finding[F.baseline]}`, text: finding[F.baseline] === "new" ? "new" : "in baseline" }) : null,
      el("span", { class: "message", text: messageOf(id) })),
    finding[F.excerpt] ? el("span", { class: "excerpt", lang: "zh", text: finding[F.excerpt] }) : null,
    evidence ? el("span", { class: "evidence", text: evidence }) : null,
    reviewControls(id));
}

function docNavigation(doc) {
  const order = doc === CORPUS ? [] : tableRows;
  const position = order.indexOf(doc);
  const link = (target, label) => (target === undefined ? null : el("a", { href: hashFor(`doc=${target}`), text: label }));
  return el("nav", { class: "docnav", "aria-label": "Document navigation" },
    el("a", { href: hashFor("documents"), text: "← All documents" }),
    position > 0 ? link(order[position - 1], "‹ Previous document") : null,
    position >= 0 && position < order.length - 1 ? link(order[position + 1], "Next document ›") : null,
    el("a", { href: hashFor("queue"), text: "Review queue" }),
    el("span", { class: "keys" }, el("kbd", { text: "n" }), " / ", el("kbd", { text: "p" }), " next / previous finding · ",
      el("kbd", { text: "a" }), " accept · ", el("kbd", { text: "r" }), " false positive · ",
      el("kbd", { text: "]" }), " / ", el("kbd", { text: "[" }), " document · ", el("kbd", { text: "Esc" }), " back"));
}

function documentMeta(doc) {
  if (doc === CORPUS) return "Findings about the corpus as a whole (no single document).";
  const row = DOCS[doc];
  const parts = [];
  const source = docSource(doc);
  if (source) parts.push(source);
  parts.push(row[D.encoding], `${formatNumber(row[D.chars])} characters`, `${formatNumber(row[D.lines])} lines`,
             `${Math.round(row[D.cjk_share] * 100)}% CJK`);
  if (row[D.problem]) parts.push(`problem: ${row[D.problem]}`);
  return parts.join(" · ");
}

function findingsHeading(all) {
  const heading = el("h3", { text: `Findings (${formatNumber(view.findings.length)}${view.findings.length === all.length ? "" : ` of ${formatNumber(all.length)}`})` });
  if (!findingFilterActive()) return heading;
  const toggle = el("button", { type: "button", class: "show-all", "aria-pressed": String(view.showAll),
                                text: view.showAll ? "Follow the filters" : `Show all ${formatNumber(all.length)}`,
                                on: { click: () => { view.showAll = !view.showAll; showDocument(view.doc, null, true); } } });
  return el("div", { class: "findings-head" }, heading,
    el("p", { class: "muted small", text: view.showAll ? "Showing every finding; the filters are set aside here." : `Filters: ${describeFilters()}.` }), toggle);
}

function showDocument(doc, focusFinding, keepShowAll = false) {
  const page = document.getElementById("docview");
  if (doc !== CORPUS && !(doc >= 0 && doc < DOCS.length)) { location.hash = hashFor("documents"); return; }
  if (!keepShowAll || view.doc !== doc) view.showAll = false;
  const all = findingsOf(doc);
  const matching = view.showAll || !findingFilterActive() ? all : all.filter((id) => findingMatches(id));
  Object.assign(view, { doc, findings: matching, anchors: new Map(), current: -1 });
  const dimmedIds = new Set(all.filter((id) => !matching.includes(id)));
  const text = doc === CORPUS ? null : textOf(doc);
  const main = el("div", { class: "doc-main" });
  if (text) {
    const whole = matching.filter((id) => coversDocument(id, text.length));
    main.append(el("div", {}, textNote(text), frontmatterTable(text.frontmatter), whole.map(wholeTextBanner),
      renderText(text, all.filter((id) => !whole.includes(id)), { anchors: view.anchors, dimmed: dimmedIds })));
  } else if (doc !== CORPUS) {
    main.append(el("p", { class: "note", text: all.length
      ? "The text of this document is not embedded in the report."
      : "No findings. Documents without findings are not embedded in the report, to keep it small." }));
  }
  const list = el("ol", {}, matching.map((id, position) => findingItem(id, position)));
  const side = el("aside", { class: "doc-findings", "aria-label": "Findings in this document" }, findingsHeading(all), list);
  const layout = main.childNodes.length ? "doc-layout" : "doc-layout findings-only";
  page.replaceChildren(docNavigation(doc), el("h2", { id: "docview-title", text: docName(doc) }),
    el("p", { class: "doc-meta", text: documentMeta(doc) }), el("div", { class: layout }, main, side));
  showPage("docview");
  const position = focusFinding === null ? -1 : matching.indexOf(focusFinding);
  if (position >= 0) goToFinding(position);
  else {
    window.scrollTo(0, 0);
    const title = document.getElementById("docview-title");
    title.tabIndex = -1;
    title.focus(); // screen readers start at the document's name
  }
}

function goToFinding(position) {
  if (!view.findings.length) return;
  markCurrent((position + view.findings.length) % view.findings.length);
  const id = view.findings[view.current];
  const anchor = view.anchors.get(id);
  if (anchor) {
    anchor.scrollIntoView({ block: "center" });
    anchor.focus({ preventScroll: true });
  } else {
    document.getElementById(`finding-${id}`).querySelector("button.go").focus();
  }
}

// Keys a and r in a document view: decide the current finding; accepting moves on to the next.
function decideCurrent(decision) {
  if (view.current < 0) goToFinding(0);
  const id = view.findings[view.current];
  if (id === undefined) return;
  const button = document.querySelector(`#finding-${id} button.decide.${decision}`);
  if (!button) return; // "fix" on a finding without one
  if (button.getAttribute("aria-pressed") !== "true") button.click();
  if (decision !== "false-positive") goToFinding(view.current + 1);
  else document.querySelector(`#finding-${id} input.reason`).focus();
}

// The current finding: outlined in the text and in the list (also when reached by Tab).
function markCurrent(position) {
  view.current = position;
  const id = view.findings[position];
  document.querySelectorAll("#docview .finding[aria-current]").forEach((node) => node.removeAttribute("aria-current"));
  document.querySelectorAll("#docview .doc-main .current").forEach((node) => node.classList.remove("current"));
  document.querySelectorAll(`#docview .doc-main [data-f~="${id}"]`).forEach((node) => node.classList.add("current"));
  const item = document.getElementById(`finding-${id}`);
  item.setAttribute("aria-current", "true");
  item.scrollIntoView({ block: "nearest" });
}

// After decisions: the marks of the decided findings show their new state.
function refreshMarks(ids) {
  if (document.getElementById("docview").hidden) return;
  const marks = new Set();
  for (const id of ids) document.querySelectorAll(`#docview mark[data-f~="${id}"]`).forEach((node) => marks.add(node));
  for (const node of marks) {
    const markIds = node.dataset.f.split(" ").map(Number);
    node.classList.remove("reviewed", "rev-accepted", "rev-false-positive", "rev-mixed");
    const review = reviewClass(markIds);
    if (review) node.classList.add("reviewed", review);
    const own = markIds.find((id) => view.anchors.get(id) === node);
    if (own !== undefined) node.dataset.rev = { "rev-accepted": "✓", "rev-false-positive": "✗" }[reviewClass([own])] || "";
  }
}

function setUpDocumentView() {
  const page = document.getElementById("docview");
  page.addEventListener("mouseover", (event) => { const node = event.target.closest("mark.hl"); if (node) showTip(node); });
  page.addEventListener("mouseout", (event) => { if (event.target.closest("mark.hl")) hideTip(); });
  page.addEventListener("focusin", (event) => {
    const anchor = event.target.closest(".doc-main [data-f]");
    if (!anchor) return;
    if (anchor.matches("mark.hl")) showTip(anchor);
    const id = anchor.dataset.f.split(" ").map(Number).find((candidate) => view.anchors.get(candidate) === anchor);
    const position = view.findings.indexOf(id);
    if (position >= 0 && position !== view.current) markCurrent(position);
  });
  page.addEventListener("focusout", (event) => { if (event.target.closest("mark.hl")) hideTip(); });
  onDecisions(refreshMarks);
}
