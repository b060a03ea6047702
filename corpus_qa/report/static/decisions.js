// Review decisions: accepted, false positive (with a reason) or fix (apply the finding's fix, by
// `corpus-qa fix --decisions`), per finding fingerprint, kept in this browser (localStorage) until
// exported. Reasons are remembered so they can be reused.

const REVIEW_KEY = `corpus-qa-review-${DATA.reportId}`;
const REASONS_KEY = "corpus-qa-review-reasons";
const DECISIONS = ["accepted", "false-positive", "fix"];
const MAX_REASONS = 9;
const decisions = new Map(); // fingerprint -> {decision, reason}
const findingByFingerprint = new Map(FINDINGS.map((finding, id) => [finding[F.fingerprint], id]));
const decisionListeners = [];
let recentReasons = [];

function decisionOf(id) { return decisions.get(FINDINGS[id][F.fingerprint]) || null; }
// A finding's fix: {safe, summary, edits: [[start, end, replacement]]} (no edits: too large to show).
function fixOf(id) {
  const fix = FINDINGS[id][F.fix];
  return fix ? { safe: Boolean(fix[0]), summary: DATA.fixSummaries[fix[1]], edits: fix[2] } : null;
}
function isReviewed(id) { return decisions.has(FINDINGS[id][F.fingerprint]); }

function store(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch (error) {
    // storage may be off for file:// pages; the review still works until the tab closes
  }
}

function stored(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "null");
  } catch (error) {
    return null; // nothing saved, or storage is off
  }
}

function loadDecisions() {
  for (const [fingerprint, entry] of stored(REVIEW_KEY) || []) {
    if (findingByFingerprint.has(fingerprint) && entry && DECISIONS.includes(entry.decision)
        && (entry.decision !== "fix" || fixOf(findingByFingerprint.get(fingerprint)))) {
      decisions.set(fingerprint, { decision: entry.decision, reason: String(entry.reason || "") });
    }
  }
  const reasons = stored(REASONS_KEY);
  recentReasons = Array.isArray(reasons) ? reasons.filter((reason) => typeof reason === "string").slice(0, MAX_REASONS) : [];
}

function rememberReason(reason) {
  if (!reason) return;
  recentReasons = [reason, ...recentReasons.filter((known) => known !== reason)].slice(0, MAX_REASONS);
  store(REASONS_KEY, recentReasons);
}

// Decide (or, with an empty decision, undo) the findings `ids` at once, with one reason; "fix"
// only decides the findings that have one.
function decide(ids, decision, reason) {
  if (decision === "fix") ids = ids.filter((id) => fixOf(id));
  for (const id of ids) {
    const fingerprint = FINDINGS[id][F.fingerprint];
    if (decision) decisions.set(fingerprint, { decision, reason });
    else decisions.delete(fingerprint);
  }
  if (decision === "false-positive") rememberReason(reason);
  store(REVIEW_KEY, [...decisions]);
  decisionListeners.forEach((listener) => listener(ids));
}

function onDecisions(listener) { decisionListeners.push(listener); }
