// The report's data and small DOM helpers. Every piece of document text reaches the page
// through textContent or a text node, never as markup.

const DATA = JSON.parse(document.getElementById("report-data").textContent);

function fieldIndex(names) {
  const index = {};
  names.forEach((name, position) => { index[name] = position; });
  return index;
}

const D = fieldIndex(DATA.fields.document);
const F = fieldIndex(DATA.fields.finding);
const DOCS = DATA.documents;
const FINDINGS = DATA.findings;
const RULES = DATA.rules.map(([code, name, category, severity, count, summary]) => ({ code, name, category, severity, count, summary }));
const CORPUS = -1; // the "document" of findings about the corpus as a whole
const TEXT_NOTES = ["text not embedded", "text around the findings", ""]; // by the document's "text" field
const SEVERITY_MARKS = { error: "E", warning: "W", info: "i" }; // severity without colour

function severityLabel(value) { return DATA.severities[value - 1] || "info"; }
function ruleOf(findingId) { return RULES[FINDINGS[findingId][F.rule]]; }
function categoryOf(findingId) { return ruleOf(findingId).category; }
function messageOf(findingId) { return DATA.messages[FINDINGS[findingId][F.message]]; }
function docName(doc) { return doc === CORPUS ? "(corpus)" : DOCS[doc][D.id]; }
function docSource(doc) {
  if (doc === CORPUS) return "";
  const source = DOCS[doc][D.source];
  return source >= 0 ? DATA.sources[source] : "";
}

// The hits of a finding that merges a run of them: [{start, end, message}], or null.
function partsOf(findingId) {
  const parts = FINDINGS[findingId][F.parts];
  if (!parts) return null;
  return parts.map(([start, end, message]) => ({ start, end, message: message === undefined ? null : DATA.messages[message] }));
}

const findingsByDoc = new Map();
FINDINGS.forEach((finding, id) => {
  const doc = finding[F.document];
  if (!findingsByDoc.has(doc)) findingsByDoc.set(doc, []);
  findingsByDoc.get(doc).push(id);
});
function findingsOf(doc) { return findingsByDoc.get(doc) || []; }

function worstOf(doc) {
  return findingsOf(doc).reduce((worst, id) => Math.max(worst, FINDINGS[id][F.severity]), 0);
}

// el("p", {class: "x", text: "…", data: {f: "1"}, on: {click: fn}}, child, …)
function el(tag, options, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(options || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key === "class") node.className = value;
    else if (key === "data") Object.assign(node.dataset, value);
    else if (key === "on") Object.entries(value).forEach(([type, handler]) => node.addEventListener(type, handler));
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function formatNumber(value) { return Number(value).toLocaleString("en-US"); }
function plural(count, word) { return `${formatNumber(count)} ${word}${count === 1 ? "" : "s"}`; }

function severityBadge(severity) {
  return el("span", { class: `badge sev-${severity}`, text: severity, title: `severity: ${severity}` });
}

// Document texts are separate JSON blocks, parsed only when a view needs them.
const textBlocks = new Map();
document.querySelectorAll("script.doc-text").forEach((node) => textBlocks.set(Number(node.dataset.doc), node));
const textCache = new Map();
function textOf(doc) {
  if (!textBlocks.has(doc)) return null;
  if (!textCache.has(doc)) textCache.set(doc, JSON.parse(textBlocks.get(doc).textContent));
  return textCache.get(doc);
}

// Offsets from Python count code points; JavaScript strings count UTF-16 units, which differ
// for characters outside the BMP (CJK extension B, emoji). Work on arrays of code points.
function codePoints(text) { return Array.from(text); }

const segmentChars = new WeakMap();
function charsOf(text) {
  if (!segmentChars.has(text)) segmentChars.set(text, text.segments.map(([, , piece]) => codePoints(piece)));
  return segmentChars.get(text);
}

// [start, end) of a text as [{start, end, piece}] where piece is null for what is not embedded.
function textPieces(text, start, end) {
  const chars = charsOf(text);
  const out = [];
  let at = start;
  text.segments.forEach(([offset], index) => {
    const from = Math.max(at, offset);
    const to = Math.min(end, offset + chars[index].length);
    if (to <= from) return;
    if (from > at) out.push({ start: at, end: from, piece: null });
    out.push({ start: from, end: to, piece: chars[index].slice(from - offset, to - offset).join("") });
    at = to;
  });
  if (at < end) out.push({ start: at, end, piece: null });
  return out;
}

// The whole of [start, end) when one embedded segment holds it, else null.
function textRange(text, start, end) {
  const chars = charsOf(text);
  for (let index = 0; index < text.segments.length; index += 1) {
    const offset = text.segments[index][0];
    if (offset <= start && end <= offset + chars[index].length) return chars[index].slice(start - offset, end - offset).join("");
  }
  return null;
}

const EXCERPT_CHARS = 120; // as a baseline entry keeps it (corpus_qa.baseline)
// A finding's matched text as a baseline entry keeps it: cut at 120 characters, with "…".
function excerptOf(id) {
  const finding = FINDINGS[id];
  const text = finding[F.document] === CORPUS ? null : textOf(finding[F.document]);
  const whole = text ? textRange(text, finding[F.start], finding[F.end]) : null;
  if (whole === null) return finding[F.excerpt] || "";
  const chars = codePoints(whole);
  return chars.length <= EXCERPT_CHARS ? whole : chars.slice(0, EXCERPT_CHARS).join("") + "…";
}

// Characters that take no room on screen: a highlight of only these gets a visible placeholder.
const INVISIBLE = /^[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]+$/u;
function placeholderFor(piece) {
  if (!INVISIBLE.test(piece)) return null;
  return codePoints(piece).map((char) => `U+${char.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`).join(" ");
}

// Keys are shortcuts unless they go into a field (a radio button or a checkbox is not one).
function isTyping(event) {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  if (target.tagName === "INPUT") return !["radio", "checkbox", "button", "submit", "reset", "file"].includes(target.type);
  return target.isContentEditable || ["TEXTAREA", "SELECT"].includes(target.tagName);
}
