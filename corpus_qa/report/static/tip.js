// What a mark stands for (rule, severity, review state, message), on hover and focus. The tip is
// docked to the bottom of the window, or to the top when the mark sits low, so it never covers
// the marked text or the lines around it.

function tipItem(id) {
  const rule = ruleOf(id);
  const entry = decisionOf(id);
  const state = entry ? (entry.decision !== "false-positive" ? { accepted: "accepted", fix: "fix to apply" }[entry.decision] : `false positive${entry.reason ? `: ${entry.reason}` : ""}`) : "not reviewed";
  return el("div", { class: "tip-item" },
    el("span", { class: "tip-rule", text: `${rule.code} ${rule.name} · ${severityLabel(FINDINGS[id][F.severity])} · ${state}` }),
    el("div", { text: messageOf(id) }));
}

function showTip(node) {
  const tip = document.getElementById("tip");
  const ids = node.dataset.f.split(" ").map(Number);
  tip.replaceChildren(...ids.map(tipItem));
  if (node.dataset.show) tip.append(el("div", { class: "muted", text: `invisible: ${node.dataset.show}` }));
  tip.hidden = false;
  const box = node.getBoundingClientRect();
  tip.classList.toggle("docked-top", box.bottom > window.innerHeight - tip.offsetHeight - 16);
  node.setAttribute("aria-describedby", "tip");
}

function hideTip() {
  document.getElementById("tip").hidden = true;
  document.querySelectorAll("mark[aria-describedby]").forEach((node) => node.removeAttribute("aria-describedby"));
}
