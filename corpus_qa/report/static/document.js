// The document view: the text with every finding highlighted where it was found, line numbers,
// the frontmatter as a table, and the finding list with review controls. Built when opened.

const view = { doc: null, findings: [], anchors: new Map(), current: -1 };

function gapRow(characters) {
  return el("div", { class: "gap", text: `⋯ ${formatNumber(characters)} characters not embedded ⋯` });
}

function markFor(ids, content, extraClass) {
  // the colour of the innermost finding; a second underline says more than one finding covers it
  const innermost = ids.reduce((best, id) => {
    const length = FINDINGS[id][F.end] - FINDINGS[id][F.start];
    return best === null || length < best.length ? { id, length } : best;
  }, null).id;
  const worst = Math.max(...ids.map((id) => FINDINGS[id][F.severity]));
  const classes = ["hl", `cat-${categoryOf(innermost)}`, `sev-${severityLabel(worst)}`];
  if (ids.length > 1) classes.push("multi");
  if (extraClass) classes.push(extraClass);
  const node = el("mark", { class: classes.join(" "), data: { f: ids.join(" ") } }, content);
  for (const id of ids) {
    if (!view.anchors.has(id)) {
      view.anchors.set(id, node);
      node.tabIndex = 0;
    }
  }
  return node;
}

// One line of text [lineStart, lineEnd) of a segment, plus its newline when it has one.
function lineRow(lineNumber, chars, segmentOffset, lineStart, lineEnd, hasNewline, active) {
  const start = segmentOffset + lineStart;
  const end = segmentOffset + lineEnd;
  const spans = active.filter((id) => FINDINGS[id][F.start] <= end && FINDINGS[id][F.end] >= start);
  const cuts = new Set([start, end]);
  for (const id of spans) {
    cuts.add(Math.min(Math.max(FINDINGS[id][F.start], start), end));
    cuts.add(Math.min(Math.max(FINDINGS[id][F.end], start), end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const content = el("span", { class: "tx" });
  const pointsAt = (position) => spans.filter((id) => FINDINGS[id][F.start] === position && FINDINGS[id][F.end] === position);
  points.forEach((from, position) => {
    const zeroWidth = pointsAt(from);
    if (zeroWidth.length) content.append(markFor(zeroWidth, "", "point"));
    const to = points[position + 1];
    if (to === undefined) return;
    const piece = chars.slice(from - segmentOffset, to - segmentOffset).join("");
    const covering = spans.filter((id) => FINDINGS[id][F.start] <= from && FINDINGS[id][F.end] >= to && FINDINGS[id][F.end] > FINDINGS[id][F.start]);
    content.append(covering.length ? markFor(covering, piece) : piece);
  });
  if (hasNewline) {
    const overNewline = spans.filter((id) => FINDINGS[id][F.start] <= end && FINDINGS[id][F.end] >= end + 1);
    if (overNewline.length) content.append(markFor(overNewline, "", "eol"));
  }
  return el("div", { class: "line" }, el("span", { class: "ln", "aria-hidden": "true", data: { line: String(lineNumber) } }), content);
}

function renderText(text, findingIds) {
  const container = el("div", { class: "text", lang: "zh", role: "region", "aria-label": "Document text" });
  const pending = [...findingIds].sort((a, b) => FINDINGS[a][F.start] - FINDINGS[b][F.start]);
  let active = [];
  let embeddedEnd = 0;
  for (const [offset, firstLine, piece] of text.segments) {
    if (offset > embeddedEnd) container.append(gapRow(offset - embeddedEnd));
    const chars = codePoints(piece);
    let lineStart = 0;
    let lineNumber = firstLine;
    for (;;) {
      const newline = chars.indexOf("\n", lineStart);
      const lineEnd = newline === -1 ? chars.length : newline;
      const absoluteEnd = offset + lineEnd + (newline === -1 ? 0 : 1);
      while (pending.length && FINDINGS[pending[0]][F.start] <= absoluteEnd) active.push(pending.shift());
      active = active.filter((id) => FINDINGS[id][F.end] >= offset + lineStart);
      container.append(lineRow(lineNumber, chars, offset, lineStart, lineEnd, newline !== -1, active));
      if (newline === -1) break;
      lineStart = newline + 1;
      lineNumber += 1;
    }
    embeddedEnd = offset + chars.length;
  }
  if (text.length > embeddedEnd) container.append(gapRow(text.length - embeddedEnd));
  return container;
}

// A finding over (nearly) the whole text is shown once above it: highlighting every line
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
    el("span", { text: finding[F.message] }));
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

function findingItem(id, position) {
  const finding = FINDINGS[id];
  const rule = ruleOf(id);
  const severity = severityLabel(finding[F.severity]);
  const where = finding[F.document] === CORPUS ? "corpus" : `L${finding[F.line]}:${finding[F.column]}`;
  const data = finding[F.data];
  const evidence = data ? Object.entries(data).map(([key, value]) => `${key}: ${describe(value)}`).join(" · ") : "";
  return el("li", { class: `finding cat-${rule.category}`, id: `finding-${id}`, data: { f: String(id) } },
    el("button", { type: "button", class: "go", on: { click: () => goToFinding(position) } },
      el("span", { class: "where", text: `${where} ` }),
      el("code", { text: rule.code }), " ", el("span", { class: `badge sev-${severity}`, text: severity }),
      finding[F.baseline] ? el("span", { class: `badge baseline-${finding[F.baseline]}`, text: finding[F.baseline] === "new" ? "new" : "in baseline" }) : null,
      el("span", { class: "message", text: finding[F.message] })),
    finding[F.excerpt] ? el("span", { class: "excerpt", lang: "zh", text: finding[F.excerpt] }) : null,
    evidence ? el("span", { class: "evidence", text: evidence }) : null,
    reviewControls(id));
}

function docNavigation(doc) {
  const order = doc === CORPUS ? [] : tableRows;
  const position = order.indexOf(doc);
  const link = (target, label) => (target === undefined ? null : el("a", { href: `#doc=${target}`, text: label }));
  return el("nav", { class: "docnav", "aria-label": "Document navigation" },
    el("a", { href: "#documents", text: "← All documents" }),
    position > 0 ? link(order[position - 1], "‹ Previous document") : null,
    position >= 0 && position < order.length - 1 ? link(order[position + 1], "Next document ›") : null,
    el("span", { class: "keys" }, el("kbd", { text: "n" }), " / ", el("kbd", { text: "p" }), " next / previous finding · ",
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

function showDocument(doc, focusFinding) {
  const page = document.getElementById("docview");
  if (doc !== CORPUS && !(doc >= 0 && doc < DOCS.length)) { location.hash = "#documents"; return; }
  view.doc = doc;
  view.findings = findingsOf(doc);
  view.anchors = new Map();
  view.current = -1;
  const text = doc === CORPUS ? null : textOf(doc);
  const main = el("div", { class: "doc-main" });
  if (text) {
    const whole = view.findings.filter((id) => coversDocument(id, text.length));
    main.append(el("div", {},
      text.note ? el("p", { class: "note", text: text.note }) : null,
      frontmatterTable(text.frontmatter),
      whole.map(wholeTextBanner),
      renderText(text, view.findings.filter((id) => !whole.includes(id)))));
  } else if (doc !== CORPUS) {
    main.append(el("p", { class: "note", text: view.findings.length
      ? "The text of this document is not embedded in the report."
      : "No findings. Documents without findings are not embedded in the report, to keep it small." }));
  }
  const list = el("ol", {}, view.findings.map((id, position) => findingItem(id, position)));
  const side = el("aside", { class: "doc-findings", "aria-label": "Findings in this document" },
    el("h3", { text: `Findings (${view.findings.length})` }), list);
  const layout = main.childNodes.length ? "doc-layout" : "doc-layout findings-only";
  page.replaceChildren(docNavigation(doc), el("h2", { id: "docview-title", text: docName(doc) }),
    el("p", { class: "doc-meta", text: documentMeta(doc) }), el("div", { class: layout }, main, side));
  document.getElementById("overview").hidden = true;
  page.hidden = false;
  const position = focusFinding === null ? -1 : view.findings.indexOf(focusFinding);
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

// The hover/focus tooltip: rule, severity and message of every finding under the pointer.
function showTip(mark) {
  const tip = document.getElementById("tip");
  const ids = mark.dataset.f.split(" ").map(Number);
  tip.replaceChildren(...ids.map((id) => el("div", { class: "tip-item" },
    el("span", { class: "tip-rule", text: `${ruleOf(id).code} ${ruleOf(id).name} · ${severityLabel(FINDINGS[id][F.severity])}` }),
    el("div", { text: FINDINGS[id][F.message] }))));
  tip.hidden = false;
  const box = mark.getBoundingClientRect();
  const left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
  tip.style.left = `${Math.max(window.scrollX + 4, left)}px`;
  // above the highlight when there is room, so it never hides the rest of a multi-line finding
  const above = box.top - tip.offsetHeight - 8 > 60;
  tip.style.top = `${window.scrollY + (above ? box.top - tip.offsetHeight - 6 : box.bottom + 6)}px`;
  mark.setAttribute("aria-describedby", "tip");
}

function hideTip() {
  document.getElementById("tip").hidden = true;
  document.querySelectorAll("mark[aria-describedby]").forEach((node) => node.removeAttribute("aria-describedby"));
}

function setUpDocumentView() {
  const page = document.getElementById("docview");
  page.addEventListener("mouseover", (event) => { const mark = event.target.closest("mark.hl"); if (mark) showTip(mark); });
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
