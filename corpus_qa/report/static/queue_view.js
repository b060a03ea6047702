// The queue's page: the current finding in its text with the rule's summary, what a decision
// would cover, the keys, and the rules with what is left of each.

function queueHeader(id) {
  const rule = ruleOf(id);
  const matching = QUEUE.filter((candidate) => ruleOf(candidate).code === rule.code && findingMatches(candidate));
  const doc = FINDINGS[id][F.document];
  const docs = [...new Set(matching.map((candidate) => FINDINGS[candidate][F.document]))];
  const left = matching.filter((candidate) => !isReviewed(candidate)).length;
  const { total } = tally();
  return el("p", { class: "queue-position" },
    el("strong", { text: `${rule.code} ${rule.name}` }),
    `: finding ${formatNumber(matching.indexOf(id) + 1)} of ${formatNumber(matching.length)} (${formatNumber(left)} unreviewed)`,
    docs.length > 1 ? ` · document ${formatNumber(docs.indexOf(doc) + 1)} of ${formatNumber(docs.length)}` : "",
    ` · ${formatNumber(total.matching - total.unreviewed)} of ${formatNumber(total.matching)} reviewed in all`);
}

function decisionBadge(id) {
  const entry = decisionOf(id);
  if (!entry) return el("span", { class: "badge state-open", text: "not reviewed" });
  if (entry.decision === "fix") return el("span", { class: "badge state-fix", text: "✎ fix to apply" });
  const label = entry.decision === "accepted" ? "✓ accepted" : `✗ false positive${entry.reason ? `: ${entry.reason}` : ""}`;
  return el("span", { class: `badge state-${entry.decision}`, text: label });
}

function scopeChooser(id) {
  const sizes = SCOPES.map((_, scope) => scopeIds(id, scope).length);
  const code = ruleOf(id).code;
  const labels = [SCOPES[0], `${code} in this document`, `${code} in every document`,
                  findingFilterActive() ? SCOPES[3] : "every finding"];
  return el("fieldset", { class: "scope" }, el("legend", { text: "Decide for" }),
    labels.map((label, scope) => el("label", {},
      el("input", { type: "radio", name: "scope", value: String(scope), checked: scope === queue.scope, disabled: !sizes[scope],
                    on: { change: () => { queue.scope = scope; renderQueue(); } } }),
      el("kbd", { text: String(scope + 1) }), ` ${label}`, scope ? el("span", { class: "muted", text: ` (${plural(sizes[scope], "unreviewed finding")})` }) : null)));
}

function actionButton(key, label, action) {
  return el("button", { type: "button", "aria-keyshortcuts": key, on: { click: action } }, el("kbd", { text: key }), ` ${label}`);
}

function reasonRow(id) {
  const pending = queue.pending;
  if (!pending) return null;
  const targets = scopeIds(id, queue.scope).filter((candidate) => pending !== "fix" || fixOf(candidate));
  const what = { accepted: "accept", fix: "apply the fix of" }[pending] || "mark as false positive";
  const input = el("input", { type: "text", id: "queue-reason", value: pending === "false-positive" ? recentReasons[0] || "" : "",
                              placeholder: pending !== "false-positive" ? "reason (optional)" : "why it is not a problem (required)",
                              "aria-describedby": "queue-reason-help" });
  let recent = -1;
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); confirmDecision(input.value.trim()); }
    else if (event.key === "Escape") { event.preventDefault(); cancelDecision(); }
    else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && recentReasons.length) {
      event.preventDefault();
      recent = (recent + (event.key === "ArrowDown" ? 1 : -1) + recentReasons.length) % recentReasons.length;
      input.value = recentReasons[recent];
    }
  });
  return el("div", { class: "reason-row" },
    el("label", { for: "queue-reason", text: `Reason to ${what} ${plural(targets.length, "finding")}` }), input,
    el("p", { id: "queue-reason-help", class: "muted small" }, el("kbd", { text: "Enter" }), " decide · ", el("kbd", { text: "Esc" }), " cancel · ",
      el("kbd", { text: "↑" }), el("kbd", { text: "↓" }), " earlier reasons",
      recentReasons.length ? `: ${recentReasons.slice(0, 3).map((reason) => `“${reason}”`).join(", ")}` : ""));
}

function queueCard(id) {
  const finding = FINDINGS[id];
  const rule = ruleOf(id);
  const doc = finding[F.document];
  const evidence = evidenceOf(id);
  const where = doc === CORPUS ? "the corpus as a whole" : `${docName(doc)}, line ${finding[F.line]}, column ${finding[F.column]}`;
  return el("article", { class: `queue-card cat-${rule.category}`, "aria-labelledby": "queue-title", data: { f: String(id) } },
    el("h3", { id: "queue-title", tabindex: "-1" }, el("code", { text: rule.code }), ` ${rule.name} `, severityBadge(severityLabel(finding[F.severity])), " ", decisionBadge(id)),
    el("p", { class: "rule-summary" }, rule.summary ? `${rule.summary} ` : "", el("a", { href: `#rule-${rule.code}`, text: "Rule documentation" })),
    el("p", { class: "where" }, el("a", { href: hashFor(`doc=${doc}`, { f: id }), text: where })),
    snippet(id),
    el("p", { class: "message", text: messageOf(id) }),
    fixPreview(id),
    evidence ? el("p", { class: "evidence", text: evidence }) : null,
    scopeChooser(id),
    el("div", { class: "queue-actions", role: "group", "aria-label": "Decide" },
      actionButton("a", "Accept", () => startDecision("accepted")),
      actionButton("r", "False positive", () => startDecision("false-positive")),
      fixOf(id) ? actionButton("f", "Apply fix", () => startDecision("fix")) : null,
      actionButton("s", "Skip", () => moveQueue(nextUnreviewed(id), "")),
      actionButton("k", "Previous", () => moveQueue(queueStep(id, -1, () => true), "")),
      actionButton("u", "Undo decision", () => { decide([id], "", ""); renderQueue(); }),
      actionButton("o", "Open in document", () => { location.hash = hashFor(`doc=${doc}`, { f: id }); })),
    reasonRow(id),
    el("p", { class: "queue-notice", role: "status", text: queue.notice }));
}

function ruleList() {
  const others = tally({ ...filters, rule: "" }).byRule;
  const current = queue.current === null ? "" : ruleOf(queue.current).code;
  const items = RULE_ORDER.filter((rule) => others.get(rule.code).matching).map((rule) => {
    const tallied = others.get(rule.code);
    return el("li", { class: rule.code === current ? "current" : null },
      el("a", { href: hashFor("queue", {}, { ...filters, rule: rule.code }), "aria-current": rule.code === filters.rule ? "true" : null },
        el("code", { text: rule.code }), ` ${rule.name} `),
      el("span", { class: "muted", text: tallied.unreviewed ? `${formatNumber(tallied.unreviewed)} of ${formatNumber(tallied.matching)} left` : "✓ done" }));
  });
  return el("aside", { class: "queue-rules", "aria-label": "Rules in the queue" },
    el("h3", { text: "Rules" }),
    filters.rule ? el("a", { href: hashFor("queue", {}, { ...filters, rule: "" }), text: "All rules" }) : null,
    el("ol", {}, items));
}

function queueKeys() {
  return el("span", { class: "keys" }, el("kbd", { text: "a" }), " accept · ", el("kbd", { text: "r" }), " false positive · ", el("kbd", { text: "f" }), " apply the fix · ",
    el("kbd", { text: "s" }), " skip · ", el("kbd", { text: "j" }), "/", el("kbd", { text: "k" }), " next / previous · ",
    el("kbd", { text: "1" }), "–", el("kbd", { text: "4" }), " scope · ", el("kbd", { text: "e" }), " export · ", el("kbd", { text: "Esc" }), " back");
}

function renderQueue() {
  const page = document.getElementById("queueview");
  const id = queue.current;
  const filterNote = findingFilterActive() ? `Filters: ${describeFilters()}. ` : "";
  page.replaceChildren(
    el("nav", { class: "docnav", "aria-label": "Queue navigation" },
      el("a", { href: hashFor("review"), text: "← Overview" }), el("a", { href: hashFor("documents"), text: "Documents and filters" }), queueKeys()),
    el("h2", { id: "queueview-title", text: "Review queue" }),
    el("p", { class: "muted", text: `${filterNote}Findings grouped by rule, most severe first, then by document.` }),
    id === null
      ? el("p", { class: "note", text: tally().total.matching ? "Every finding the filters show is reviewed." : "No finding matches the filters." })
      : el("div", { class: "queue-layout" }, el("div", {}, queueHeader(id), queueCard(id)), ruleList()));
  showPage("queueview");
}
