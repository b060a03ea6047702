// The triage queue: the findings the filters let through, one at a time, grouped by rule (most
// severe rules first) and then by document, each in its text. Keys decide and move on; a scope
// decides many at once (the rule in this document, the rule everywhere, everything filtered).

const RULE_SEVERITY = new Map(RULES.map((rule) => [rule.code, DATA.severities.indexOf(rule.severity) + 1]));
FINDINGS.forEach((finding, id) => {
  const code = ruleOf(id).code;
  RULE_SEVERITY.set(code, Math.max(RULE_SEVERITY.get(code), finding[F.severity]));
});
const RULE_ORDER = [...RULES].sort((a, b) => RULE_SEVERITY.get(b.code) - RULE_SEVERITY.get(a.code) || a.code.localeCompare(b.code));
const RULE_RANK = new Map(RULE_ORDER.map((rule, rank) => [rule.code, rank]));
const QUEUE = FINDINGS.map((_, id) => id).sort((a, b) => {
  const [x, y] = [FINDINGS[a], FINDINGS[b]];
  const docOrder = (doc) => (doc === CORPUS ? DOCS.length : doc);
  return RULE_RANK.get(ruleOf(a).code) - RULE_RANK.get(ruleOf(b).code) || docOrder(x[F.document]) - docOrder(y[F.document])
    || x[F.start] - y[F.start] || a - b;
});
const QUEUE_POSITION = new Int32Array(FINDINGS.length);
QUEUE.forEach((id, position) => { QUEUE_POSITION[id] = position; });

const SCOPES = ["this finding", "this rule in this document", "this rule in every document", "everything the filters show"];
const queue = { current: null, scope: 0, pending: null, notice: "" };

// The next finding in queue order from `id` (exclusive) that the filters show and `wanted` accepts;
// round to the start when the end is reached.
function queueStep(id, step, wanted) {
  const start = id === null ? (step > 0 ? -1 : QUEUE.length) : QUEUE_POSITION[id];
  for (let turn = 1; turn <= QUEUE.length; turn += 1) {
    const position = (((start + step * turn) % QUEUE.length) + QUEUE.length) % QUEUE.length;
    const candidate = QUEUE[position];
    if (findingMatches(candidate) && wanted(candidate)) return candidate;
  }
  return null;
}

function nextUnreviewed(id) { return queueStep(id, 1, (candidate) => !isReviewed(candidate)); }

// The findings a decision covers: in scope 0 the current finding, decided or not; in the others
// the unreviewed findings of the scope that the filters (the review state aside) let through.
function scopeIds(id, scope) {
  if (scope === 0) return [id];
  const code = ruleOf(id).code;
  const pool = scope === 1 ? findingsOf(FINDINGS[id][F.document]) : QUEUE;
  const state = { ...filters, status: "" };
  return pool.filter((candidate) => !isReviewed(candidate) && findingMatches(candidate, state) && (scope === 3 || ruleOf(candidate).code === code));
}

function moveQueue(id, notice) {
  queue.current = id;
  queue.scope = 0;
  queue.pending = null;
  queue.notice = notice;
  history.replaceState(null, "", hashFor("queue", { f: id }));
  renderQueue();
  const title = document.getElementById("queue-title");
  if (title) title.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function startDecision(decision) {
  if (queue.current === null) return;
  if (decision === "fix" && !fixOf(queue.current)) return;
  if (decision !== "false-positive" && queue.scope === 0) {
    decide([queue.current], decision, "");
    moveQueue(nextUnreviewed(queue.current), decision === "fix" ? "Fix to apply." : "Accepted.");
    return;
  }
  queue.pending = decision;
  renderQueue();
  const input = document.getElementById("queue-reason");
  input.focus();
  input.select();
}

function confirmDecision(reason) {
  const targets = scopeIds(queue.current, queue.scope).filter((id) => queue.pending !== "fix" || fixOf(id));
  if (queue.pending === "false-positive" && !reason) {
    queue.notice = "A false positive needs a reason.";
    document.querySelector("#queueview .queue-notice").textContent = queue.notice;
    return;
  }
  const label = { accepted: "Accepted", fix: "Fix to apply" }[queue.pending] || "Marked false positive";
  decide(targets, queue.pending, reason);
  moveQueue(nextUnreviewed(queue.current), `${label}: ${plural(targets.length, "finding")}.`);
}

function cancelDecision() {
  queue.pending = null;
  renderQueue();
  document.getElementById("queue-title").focus({ preventScroll: true });
}

function showQueue(findingId) {
  const wanted = findingId !== null && findingId >= 0 && findingId < FINDINGS.length ? findingId : null;
  queue.current = wanted !== null ? wanted : nextUnreviewed(null) ?? queueStep(null, 1, () => true);
  queue.pending = null;
  queue.notice = "";
  queue.scope = 0;
  renderQueue();
  window.scrollTo(0, 0);
  const title = document.getElementById("queue-title") || document.getElementById("queueview-title");
  title.tabIndex = -1;
  title.focus({ preventScroll: true });
}

function queueKey(event) {
  const id = queue.current;
  const actions = {
    a: () => startDecision("accepted"), f: () => startDecision("fix"), r: () => startDecision("false-positive"), x: () => startDecision("false-positive"),
    s: () => moveQueue(nextUnreviewed(id), ""),
    j: () => moveQueue(queueStep(id, 1, () => true), ""), n: () => moveQueue(queueStep(id, 1, () => true), ""),
    k: () => moveQueue(queueStep(id, -1, () => true), ""), p: () => moveQueue(queueStep(id, -1, () => true), ""),
    u: () => { decide([id], "", ""); renderQueue(); },
    o: () => { location.hash = hashFor(`doc=${FINDINGS[id][F.document]}`, { f: id }); },
    e: () => { exportDecisions(); queue.notice = document.getElementById("review-message").textContent; renderQueue(); },
    Escape: () => { location.hash = hashFor("review"); },
  };
  if (/^[1-4]$/.test(event.key) && id !== null) {
    event.preventDefault();
    const scope = Number(event.key) - 1;
    if (scopeIds(id, scope).length) { queue.scope = scope; renderQueue(); }
    return;
  }
  if (actions[event.key] && (id !== null || event.key === "Escape" || event.key === "e")) { event.preventDefault(); actions[event.key](); }
}
