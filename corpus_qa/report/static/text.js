// Document text with findings marked in place, shared by the document view and the queue.
// A finding that merges a run of hits marks the hits; the text between them is marked lightly.

const SNIPPET_CHARS = 120; // of context each side, in the queue
const LONG_SNIPPET_CHARS = 400; // a longer finding shows its start and its end

function gapRow(characters) {
  return el("div", { class: "gap", text: `⋯ ${formatNumber(characters)} characters not embedded ⋯` });
}

function inPart(id, from, to) {
  const parts = FINDINGS[id][F.parts];
  return !parts || parts.some(([start, end]) => start <= from && to <= end);
}

function reviewClass(ids) {
  const states = ids.map(decisionOf);
  if (states.some((entry) => !entry)) return "";
  if (states.every((entry) => entry.decision !== "false-positive")) return "rev-accepted"; // a fix accepts it too
  return states.every((entry) => entry.decision === "false-positive") ? "rev-false-positive" : "rev-mixed";
}

// The classes of a mark: category of the innermost finding, worst severity, review state.
function markClasses(ids, from, to, options) {
  const innermost = ids.reduce((best, id) => {
    const length = FINDINGS[id][F.end] - FINDINGS[id][F.start];
    return best === null || length < best.length ? { id, length } : best;
  }, null).id;
  const worst = Math.max(...ids.map((id) => FINDINGS[id][F.severity]));
  const classes = ["hl", `cat-${categoryOf(innermost)}`, `sev-${severityLabel(worst)}`];
  if (ids.length > 1) classes.push("multi");
  if (!ids.some((id) => inPart(id, from, to))) classes.push("between");
  if (options.dim) classes.push("dim");
  const review = reviewClass(ids);
  if (review) classes.push("reviewed", review);
  return classes;
}

// One mark over [from, to) (empty for a position or a line end) covering the findings `ids`.
function mark(ids, content, from, to, options = {}) {
  const classes = markClasses(ids, from, to, options);
  if (options.extra) classes.push(options.extra);
  const node = el("mark", { class: classes.join(" "), data: { f: ids.join(" ") } }, content);
  const placeholder = content ? placeholderFor(content) : null;
  if (placeholder) {
    node.classList.add("invisible");
    node.dataset.show = placeholder;
  }
  if (options.anchors) {
    for (const id of ids) {
      if (options.anchors.has(id) || (options.dimmed && options.dimmed.has(id))) continue;
      options.anchors.set(id, node);
      node.tabIndex = 0;
      node.dataset.rev = { "rev-accepted": "✓", "rev-false-positive": "✗" }[reviewClass([id])] || "";
    }
  }
  return node;
}

// Findings outside the active filter are drawn dimmed (options.dimmed), and are not stops for Tab.
function dimmed(ids, options) {
  return { ...options, dim: Boolean(options.dimmed) && ids.every((id) => options.dimmed.has(id)) };
}

// The text of [from, to) with every finding in `ids` over it marked.
function markedContent(chars, offset, from, to, ids, options) {
  const spans = ids.filter((id) => FINDINGS[id][F.start] <= to && FINDINGS[id][F.end] >= from);
  const cuts = new Set([from, to]);
  for (const id of spans) {
    cuts.add(Math.min(Math.max(FINDINGS[id][F.start], from), to));
    cuts.add(Math.min(Math.max(FINDINGS[id][F.end], from), to));
    for (const [start, end] of FINDINGS[id][F.parts] || []) {
      if (start > from && start < to) cuts.add(start);
      if (end > from && end < to) cuts.add(end);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  points.forEach((at, position) => {
    const zeroWidth = spans.filter((id) => FINDINGS[id][F.start] === at && FINDINGS[id][F.end] === at);
    if (zeroWidth.length) nodes.push(mark(zeroWidth, "", at, at, { ...dimmed(zeroWidth, options), extra: "point" }));
    const next = points[position + 1];
    if (next === undefined) return;
    const piece = chars.slice(at - offset, next - offset).join("");
    const covering = spans.filter((id) => FINDINGS[id][F.start] <= at && FINDINGS[id][F.end] >= next && FINDINGS[id][F.end] > FINDINGS[id][F.start]);
    nodes.push(covering.length ? mark(covering, piece, at, next, dimmed(covering, options)) : piece);
  });
  return nodes;
}

// One line [lineStart, lineEnd) of a segment, plus a mark for its newline when a finding covers it.
function lineRow(lineNumber, chars, offset, lineStart, lineEnd, hasNewline, active, options) {
  const start = offset + lineStart;
  const end = offset + lineEnd;
  const content = el("span", { class: "tx" }, markedContent(chars, offset, start, end, active, options));
  const overNewline = hasNewline ? active.filter((id) => FINDINGS[id][F.start] <= end && FINDINGS[id][F.end] >= end + 1) : [];
  if (overNewline.length) content.append(mark(overNewline, "", end, end + 1, { ...dimmed(overNewline, options), extra: "eol" }));
  const here = active.filter((id) => FINDINGS[id][F.start] <= end && FINDINGS[id][F.end] >= start && !(options.dimmed && options.dimmed.has(id)));
  const worst = Math.max(0, ...here.map((id) => FINDINGS[id][F.severity]));
  const gutter = el("span", { class: "ln", "aria-hidden": "true", data: { line: String(lineNumber) } });
  if (worst) gutter.dataset.sev = SEVERITY_MARKS[severityLabel(worst)];
  return el("div", { class: "line" }, gutter, content);
}

// The embedded text, line by line, with gaps where it is not embedded.
function renderText(text, findingIds, options) {
  const container = el("div", { class: "text", lang: "zh", role: "region", "aria-label": "Document text" });
  const pending = [...findingIds].sort((a, b) => FINDINGS[a][F.start] - FINDINGS[b][F.start]);
  let active = [];
  let embeddedEnd = 0;
  text.segments.forEach(([offset, firstLine], index) => {
    if (offset > embeddedEnd) container.append(gapRow(offset - embeddedEnd));
    const chars = charsOf(text)[index];
    let lineStart = 0;
    let lineNumber = firstLine;
    for (;;) {
      const newline = chars.indexOf("\n", lineStart);
      const lineEnd = newline === -1 ? chars.length : newline;
      const absoluteEnd = offset + lineEnd + (newline === -1 ? 0 : 1);
      while (pending.length && FINDINGS[pending[0]][F.start] <= absoluteEnd) active.push(pending.shift());
      active = active.filter((id) => FINDINGS[id][F.end] >= offset + lineStart);
      container.append(lineRow(lineNumber, chars, offset, lineStart, lineEnd, newline !== -1, active, options));
      if (newline === -1) break;
      lineStart = newline + 1;
      lineNumber += 1;
    }
    embeddedEnd = offset + chars.length;
  });
  if (text.length > embeddedEnd) container.append(gapRow(text.length - embeddedEnd));
  return container;
}

// The finding with the text around it, for the queue: SNIPPET_CHARS each side, as embedded.
function snippet(id) {
  const finding = FINDINGS[id];
  const doc = finding[F.document];
  const text = doc === CORPUS ? null : textOf(doc);
  const box = el("div", { class: "snippet", lang: "zh" });
  if (!text || !text.segments.length) {
    box.append(el("span", { class: "gap", text: "text not embedded" }),
      finding[F.excerpt] ? el("span", { class: "excerpt", text: finding[F.excerpt] }) : null);
    return box;
  }
  const start = finding[F.start];
  const end = finding[F.end];
  const ranges = end - start > LONG_SNIPPET_CHARS
    ? [[start - SNIPPET_CHARS, start + LONG_SNIPPET_CHARS / 2], [end - LONG_SNIPPET_CHARS / 2, end + SNIPPET_CHARS]]
    : [[start - SNIPPET_CHARS, end + SNIPPET_CHARS]];
  ranges.forEach(([from, to], index) => {
    if (index) box.append(el("span", { class: "gap", text: ` ⋯ ${formatNumber(ranges[1][0] - ranges[0][1])} characters of the finding ⋯ ` }));
    const pieces = textPieces(text, Math.max(0, from), Math.min(text.length, to));
    pieces.forEach((piece, position) => {
      if (piece.piece === null) {
        if (position > 0 && position < pieces.length - 1) box.append(el("span", { class: "gap", text: ` ⋯ ${formatNumber(piece.end - piece.start)} ⋯ ` }));
        return;
      }
      const chars = codePoints(piece.piece);
      box.append(...markedContent(chars, piece.start, piece.start, piece.end, [id], {}));
    });
  });
  return box;
}
