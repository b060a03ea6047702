// Review: mark findings accepted or false positive, keep the decisions in this browser, and
// export them as {"tool": "corpus-qa", "kind": "review-decisions", "version": 1, "decisions": [...]}.

const REVIEW_KEY = `corpus-qa-review-${DATA.reportId}`;
const DECISIONS = ["accepted", "false-positive"];
const decisions = new Map(); // fingerprint -> {decision, reason}
const findingByFingerprint = new Map(FINDINGS.map((finding, id) => [finding[F.fingerprint], id]));

function saveDecisions() {
  try {
    localStorage.setItem(REVIEW_KEY, JSON.stringify([...decisions]));
  } catch (error) {
    // storage may be off for file:// pages; the review still works until the tab closes
  }
}

function loadDecisions() {
  try {
    const saved = JSON.parse(localStorage.getItem(REVIEW_KEY) || "[]");
    for (const [fingerprint, entry] of saved) {
      if (findingByFingerprint.has(fingerprint) && DECISIONS.includes(entry.decision)) decisions.set(fingerprint, entry);
    }
  } catch (error) {
    // nothing saved, or storage is off
  }
}

function setDecision(fingerprint, decision, reason) {
  if (decision) decisions.set(fingerprint, { decision, reason });
  else decisions.delete(fingerprint);
  saveDecisions();
  updateReviewStatus();
}

function reviewControls(id) {
  const fingerprint = FINDINGS[id][F.fingerprint];
  const saved = decisions.get(fingerprint) || { decision: "", reason: "" };
  const reason = el("input", { type: "text", class: "reason", value: saved.reason, "aria-label": `Reason for the decision on ${ruleOf(id).code} at line ${FINDINGS[id][F.line]}`,
                               placeholder: "reason (required for a false positive)" });
  const buttons = [["accepted", "Accept"], ["false-positive", "False positive"]].map(([decision, label]) =>
    el("button", { type: "button", class: `decide ${decision}`, text: label, "aria-pressed": String(saved.decision === decision), data: { decision } }));
  const refresh = () => {
    const entry = decisions.get(fingerprint);
    buttons.forEach((button) => button.setAttribute("aria-pressed", String(Boolean(entry) && entry.decision === button.dataset.decision)));
    reason.hidden = !entry && !reason.value;
    reason.classList.toggle("missing", Boolean(entry) && entry.decision === "false-positive" && !entry.reason.trim());
  };
  buttons.forEach((button) => button.addEventListener("click", () => {
    const entry = decisions.get(fingerprint);
    const decision = entry && entry.decision === button.dataset.decision ? "" : button.dataset.decision;
    setDecision(fingerprint, decision, reason.value.trim());
    refresh();
    if (decision === "false-positive" && !reason.value.trim()) reason.focus();
  }));
  reason.addEventListener("input", () => {
    const entry = decisions.get(fingerprint);
    if (entry) setDecision(fingerprint, entry.decision, reason.value.trim());
    refresh();
  });
  refresh();
  return el("div", { class: "review", role: "group", "aria-label": "Review decision" }, buttons, reason);
}

function decisionRecords() {
  const records = [];
  FINDINGS.forEach((finding, id) => {
    const entry = decisions.get(finding[F.fingerprint]);
    if (!entry) return;
    records.push({
      fingerprint: finding[F.fingerprint],
      rule: ruleOf(id).code,
      document: finding[F.document] === CORPUS ? "" : DOCS[finding[F.document]][D.id],
      decision: entry.decision,
      reason: entry.reason,
    });
  });
  return records;
}

function updateReviewStatus() {
  const records = decisionRecords();
  const accepted = records.filter((r) => r.decision === "accepted").length;
  const rejected = records.length - accepted;
  const missing = records.filter((r) => r.decision === "false-positive" && !r.reason).length;
  document.getElementById("review-status").textContent =
    `Reviewed ${formatNumber(records.length)} of ${formatNumber(FINDINGS.length)} findings: ${formatNumber(accepted)} accepted, `
    + `${formatNumber(rejected)} false positive${missing ? ` (${missing} still need a reason)` : ""}.`;
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
    reviewMessage("Nothing to export yet: mark findings in the document views first.", true);
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
  let applied = 0;
  for (const record of body.decisions) {
    if (!record || !findingByFingerprint.has(record.fingerprint) || !DECISIONS.includes(record.decision)) continue;
    decisions.set(record.fingerprint, { decision: record.decision, reason: String(record.reason || "") });
    applied += 1;
  }
  saveDecisions();
  updateReviewStatus();
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
  updateReviewStatus();
}
