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
const RULES = DATA.rules.map(([code, name, category, severity, count]) => ({ code, name, category, severity, count }));
const CORPUS = -1; // the "document" of findings about the corpus as a whole
const TEXT_NOTES = ["text not embedded", "text partly embedded", ""]; // by the document's "text" field

function severityLabel(value) { return DATA.severities[value - 1] || "info"; }
function ruleOf(findingId) { return RULES[FINDINGS[findingId][F.rule]]; }
function categoryOf(findingId) { return ruleOf(findingId).category; }
function docName(doc) { return doc === CORPUS ? "(corpus)" : DOCS[doc][D.id]; }
function docSource(doc) {
  if (doc === CORPUS) return "";
  const source = DOCS[doc][D.source];
  return source >= 0 ? DATA.sources[source] : "";
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
function textRange(text, start, end) {
  if (!segmentChars.has(text)) segmentChars.set(text, text.segments.map(([, , piece]) => codePoints(piece)));
  const chars = segmentChars.get(text);
  for (let index = 0; index < text.segments.length; index += 1) {
    const offset = text.segments[index][0];
    if (offset <= start && end <= offset + chars[index].length) return chars[index].slice(start - offset, end - offset).join("");
  }
  return null;
}

function isTyping(event) {
  const target = event.target;
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}
