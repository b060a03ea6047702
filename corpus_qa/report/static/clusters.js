// Duplicate clusters: each member beside the first one, shared and differing text marked.

const CLUSTER_PAGE = 50;
let clustersShown = 0;

function clusterSummary(cluster) {
  const rule = RULES.find((candidate) => candidate.code === cluster.rule);
  const first = cluster.members[0][0];
  const label = cluster.representative === null ? `first member ${docName(first)}` : `representative ${docName(cluster.representative)}`;
  return `${cluster.rule} ${rule ? rule.name : ""} · ${cluster.members.length} documents · ${label}`;
}

function diffPane(doc, opcodes, side) {
  const text = textOf(doc);
  const pane = el("div", { class: "pane", lang: "zh", tabindex: "0", role: "region", "aria-label": `Text of ${docName(doc)}` });
  const [from, to] = side === "left" ? [1, 2] : [3, 4];
  for (const op of opcodes) {
    if (op[to] === op[from]) continue;
    for (const { start, end, piece } of textPieces(text, op[from], op[to])) {
      if (piece === null) pane.append(el("span", { class: "gap", text: ` ⋯ ${formatNumber(end - start)} ${op[0] === "=" ? "shared " : ""}characters not embedded ⋯ ` }));
      else if (op[0] === "=") pane.append(el("span", { class: "same", text: piece }));
      else pane.append(el(side === "left" ? "del" : "ins", { class: "diff", text: piece }));
    }
  }
  return pane;
}

function similarityLabel(similarity) {
  return typeof similarity === "number" ? ` (similarity ${Math.round(similarity * 100)}%)` : "";
}

function showPair(cluster, compare, right) {
  const left = cluster.members[0][0];
  const opcodes = cluster.diffs[String(right)];
  const similarity = cluster.members.find(([doc]) => doc === right)[1];
  if (!opcodes) {
    compare.replaceChildren(el("p", { class: "note", text: "No side-by-side comparison for this pair: the report compares at most 24 members of a cluster and only readable texts (open the documents instead)." }));
    return;
  }
  const heading = (doc, extra) => el("h4", {}, el("a", { href: hashFor(`doc=${doc}`), text: docName(doc) }), extra);
  const identical = opcodes.length === 1 && opcodes[0][0] === "=";
  compare.replaceChildren(
    el("p", { class: "muted", text: identical ? "The compared texts are identical." : "" }),
    el("div", { class: "side-by-side" },
      el("div", {}, heading(left, cluster.representative === left ? " (representative)" : ""), diffPane(left, opcodes, "left")),
      el("div", {}, heading(right, similarityLabel(similarity)), diffPane(right, opcodes, "right"))));
}

function clusterBox(cluster) {
  const box = el("details", { class: "cluster" }, el("summary", { text: clusterSummary(cluster) }));
  box.addEventListener("toggle", () => {
    if (!box.open || box.dataset.built) return;
    box.dataset.built = "1";
    const others = cluster.members.slice(1);
    const compare = el("div", { class: "compare" });
    const buttons = others.map(([doc, similarity]) => el("button", {
      type: "button", "aria-pressed": "false", data: { doc: String(doc) },
      text: `${docName(doc)}${similarityLabel(similarity)}`,
      on: { click: (event) => {
        buttons.forEach((button) => button.setAttribute("aria-pressed", String(button === event.currentTarget)));
        showPair(cluster, compare, doc);
      } },
    }));
    box.append(el("div", { class: "members", role: "group", "aria-label": "Compare with" }, el("span", { class: "muted", text: "Compare with:" }), buttons), compare);
    if (buttons.length) buttons[0].click();
  });
  return box;
}

function renderMoreClusters() {
  const container = document.getElementById("clusters");
  const next = DATA.clusters.slice(clustersShown, clustersShown + CLUSTER_PAGE);
  container.append(...next.map(clusterBox));
  clustersShown += next.length;
  const more = document.getElementById("clusters-more");
  more.hidden = clustersShown >= DATA.clusters.length;
  more.textContent = `Show more clusters (${formatNumber(DATA.clusters.length - clustersShown)} left)`;
}

function setUpClusters() {
  if (!document.getElementById("clusters")) return;
  document.getElementById("clusters-more").addEventListener("click", renderMoreClusters);
  renderMoreClusters();
}
