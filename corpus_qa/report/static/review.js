// Review: the decision controls of one finding, its fix as a before/after, progress per rule, and the decisions file:
// {"tool": "corpus-qa", "kind": "review-decisions", "version": 1, "decisions": [{fingerprint, rule,
// document, excerpt, message, decision, reason}]}, which `corpus-qa baseline import` reads (a "fix"
// as accepted) and `corpus-qa fix --decisions` applies (the fixes decided "fix").

// The fix of a finding: its summary, and the text around its edits before and after them, where
// one embedded segment holds that text (else the summary alone).
function fixPreview(id) {
  const fix = fixOf(id);
  if (!fix) return null;
  const doc = FINDINGS[id][F.document];
  const text = doc === CORPUS ? null : textOf(doc);
  const box = el("div", { class: "fix-preview" },
    el("p", { class: "fix-summary" }, el("strong", { text: fix.safe ? "Fix: " : "Fix (unsafe): " }), fix.summary));
  if (!text || !fix.edits.length) return box;
  const first = Math.min(...fix.edits.map(([start]) => start));
  const last = Math.max(...fix.edits.map(([, end]) => end));
  let from = Math.max(0, first - 40);
  let before = textRange(text, from, Math.min(text.length, last + 40));
  if (before === null) { from = first; before = textRange(text, first, last); }
  if (before === null) return box;
  const chars = codePoints(before);
  const after = [];
  let at = 0;
  [...fix.edits].sort((x, y) => x[0] - y[0]).forEach(([start, end, replacement]) => {
    after.push(chars.slice(at, start - from).join(""), replacement);
    at = end - from;
  });
  after.push(chars.slice(at).join(""));
  box.append(el("div", { class: "fix-before", lang: "zh" }, el("span", { class: "fix-label", text: "Before" }), el("span", { text: before })),
    el("div", { class: "fix-after", lang: "zh" }, el("span", { class: "fix-label", text: "After" }), el("span", { text: after.join("") })));
  return box;
}

function reviewControls(id) {
  const saved = decisionOf(id) || { decision: "", reason: "" };
  const reason = el("input", { type: "text", class: "reason", value: saved.reason, list: "recent-reasons",
                               "aria-label": `Reason for the decision on ${ruleOf(id).code} at line ${FINDINGS[id][F.line]}`,
                               placeholder: "reason (required for a false positive)" });
  const choices = [["accepted", "Accept"], ["false-positive", "False positive"]].concat(fixOf(id) ? [["fix", "Apply fix"]] : []);
  const buttons = choices.map(([decision, label]) =>
    el("button", { type: "button", class: `decide ${decision}`, text: label, data: { decision } }));
  const refresh = () => {
    const entry = decisionOf(id);
    buttons.forEach((button) => button.setAttribute("aria-pressed", String(Boolean(entry) && entry.decision === button.dataset.decision)));
    reason.hidden = !entry && !reason.value;
    reason.classList.toggle("missing", Boolean(entry) && entry.decision === "false-positive" && !entry.reason.trim());
  };
  buttons.forEach((button) => button.addEventListener("click", () => {
    const entry = decisionOf(id);
    const decision = entry && entry.decision === button.dataset.decision ? "" : button.dataset.decision;
    decide([id], decision, reason.value.trim());
    refresh();
    if (decision === "false-positive" && !reason.value.trim()) reason.focus();
  }));
  reason.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && reason.value.trim() && view.findings.includes(id)) {
      event.preventDefault();
      goToFinding(view.findings.indexOf(id) + 1); // reason given: on to the next finding
    }
  });
  reason.addEventListener("input", () => {
    const entry = decisionOf(id);
    if (entry) decide([id], entry.decision, reason.value.trim());
    refresh();
  });
  refresh();
  return el("div", { class: "review", role: "group", "aria-label": "Review decision" }, fixPreview(id), buttons, reason);
}

function decisionRecords() {
  const records = [];
  FINDINGS.forEach((finding, id) => {
    const entry = decisionOf(id);
    if (!entry) return;
    records.push({
      fingerprint: finding[F.fingerprint],
      rule: ruleOf(id).code,
      document: finding[F.document] === CORPUS ? "" : DOCS[finding[F.document]][D.id],
      excerpt: excerptOf(id),
      message: messageOf(id),
      decision: entry.decision,
      reason: entry.reason,
    });
  });
  return records;
}

// Per rule, in the queue's order: findings under the filters, how many are left, how decided.
function renderProgress() {
  const body = document.querySelector("#progress-table tbody");
  const rows = RULE_ORDER.filter((rule) => rule.count > 0).map((rule) => {
    const tallied = counts.byRule.get(rule.code);
    const link = tallied.matching
      ? el("a", { href: hashFor("queue", {}, { ...filters, rule: rule.code }), text: "Review ›",
                  "aria-label": `Review ${rule.code}` })
      : null;
    return el("tr", { class: tallied.matching && !tallied.unreviewed ? "reviewed" : null },
      el("td", { "data-label": "Rule" }, el("code", { text: rule.code }), ` ${rule.name}`),
      el("td", { "data-label": "Severity" }, severityBadge(rule.severity)),
      el("td", { class: "num", "data-label": "Findings", text: formatNumber(tallied.matching) }),
      el("td", { class: "num", "data-label": "Unreviewed" }, tallied.matching && !tallied.unreviewed ? el("span", { class: "done", text: "✓ done" }) : formatNumber(tallied.unreviewed)),
      el("td", { class: "num", "data-label": "Accepted", text: formatNumber(tallied.accepted) }),
      el("td", { class: "num", "data-label": "False positive", text: formatNumber(tallied.rejected) }),
      el("td", {}, link));
  });
  body.replaceChildren(...rows);
  const total = counts.total;
  const scope = findingFilterActive() ? ` under the filters (${describeFilters()})` : "";
  document.getElementById("progress-summary").textContent =
    `${formatNumber(total.matching - total.unreviewed)} of ${plural(total.matching, "finding")} reviewed${scope}; ${formatNumber(total.unreviewed)} left.`;
}

function updateReviewStatus() {
  const records = [...decisions.values()];
  const accepted = records.filter((r) => r.decision === "accepted").length;
  const fixes = records.filter((r) => r.decision === "fix").length;
  const rejected = records.length - accepted - fixes;
  const missing = records.filter((r) => r.decision === "false-positive" && !r.reason).length;
  document.getElementById("review-status").textContent =
    `Reviewed ${formatNumber(records.length)} of ${formatNumber(FINDINGS.length)} findings: ${formatNumber(accepted)} accepted, ${formatNumber(fixes)} to fix, `
    + `${formatNumber(rejected)} false positive${missing ? ` (${missing} still need a reason)` : ""}.`;
  document.getElementById("recent-reasons").replaceChildren(...recentReasons.map((reason) => el("option", { value: reason })));
}

function reviewMessage(text, isError) {
  const message = document.getElementById("review-message");
  message.textContent = text;
  message.classList.toggle("error", Boolean(isError));
}

function exportDecisions() {
  const records = decisionRecords();
  const missing = records.filter((r) => r.decision === "false-positive" && !r.reason);
  const list = document.getElementById("review-missing");
  list.replaceChildren(...missing.map((record) => {
    const id = findingByFingerprint.get(record.fingerprint);
    const doc = FINDINGS[id][F.document];
    return el("li", {}, el("a", { href: `#doc=${doc}&f=${id}`, text: `${record.rule} in ${docName(doc)}, line ${FINDINGS[id][F.line]}` }));
  }));
  if (missing.length) {
    reviewMessage(`Not exported: ${missing.length} false positive(s) need a reason. Open each one below and give it.`, true);
    return;
  }
  if (!records.length) {
    reviewMessage("Nothing to export yet: decide findings in the queue or the document views first.", true);
    return;
  }
  const body = { tool: "corpus-qa", kind: "review-decisions", version: 1, decisions: records };
  const blob = new Blob([JSON.stringify(body, null, 2) + "\n"], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const name = `corpus-qa-review-${DATA.reportId}.json`;
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  reviewMessage(`Exported ${records.length} decision(s) to ${name}.`, false);
}

async function importDecisions(file) {
  let body;
  try {
    body = JSON.parse(await file.text());
  } catch (error) {
    reviewMessage(`${file.name} is not JSON.`, true);
    return;
  }
  if (!body || body.kind !== "review-decisions" || body.version !== 1 || !Array.isArray(body.decisions)) {
    reviewMessage(`${file.name} is not a corpus-qa review-decisions file (version 1).`, true);
    return;
  }
  const groups = new Map();
  for (const record of body.decisions) {
    if (!record || !findingByFingerprint.has(record.fingerprint) || !DECISIONS.includes(record.decision)) continue;
    if (record.decision === "fix" && !fixOf(findingByFingerprint.get(record.fingerprint))) continue;
    const key = JSON.stringify([record.decision, String(record.reason || "")]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(findingByFingerprint.get(record.fingerprint));
  }
  let applied = 0;
  for (const [key, ids] of groups) {
    const [decision, reason] = JSON.parse(key);
    decide(ids, decision, reason);
    applied += ids.length;
  }
  const skipped = body.decisions.length - applied;
  reviewMessage(`Imported ${applied} decision(s)${skipped ? `; ${skipped} did not match a finding of this report` : ""}.`, false);
}

function setUpReview() {
  loadDecisions();
  document.getElementById("review-export").addEventListener("click", exportDecisions);
  document.getElementById("review-import").addEventListener("change", (event) => {
    if (event.target.files.length) importDecisions(event.target.files[0]);
    event.target.value = "";
  });
  onDecisions(updateReviewStatus);
  updateReviewStatus();
}
