// Diagnose and solve problems (seed 002): the cluster's detectors by category, a category's
// detectors run together (Cluster Issues), and Provisioning State Check. Each detector's answer is
// AppLens's: metadata, status.statusId, and a dataset of insight tables (Status, Message,
// Data.Name, Data.Value, Expanded, Solutions) rendered as findings with their solutions.
import { API, get, list, withVersion } from "../api.js";
import { badge, button, h, notifyError } from "../ui.js";

const STATUS = ["Critical", "Warning", "Info", "Success", "None"];

export async function render(p) {
  const detectors = await list(withVersion(`${p.id}/detectors`, API.detectors));
  const categories = detectors.filter((d) => d.properties.metadata.type === "CategoryOverview");
  const plain = detectors.filter((d) => d.properties.metadata.type !== "CategoryOverview");
  const results = h("div", { id: "diagnose-results", "aria-live": "polite" });

  async function run(ids, title) {
    results.replaceChildren(h("h2", {}, title), h("fluent-spinner", { size: "tiny", "aria-label": "Running detectors" }));
    try {
      const answers = await Promise.all(ids.map((id) => get(withVersion(`${p.id}/detectors/${encodeURIComponent(id)}`, API.detectors))));
      // The most severe first, as the portal lists them.
      answers.sort((a, b) => a.properties.status.statusId - b.properties.status.statusId);
      results.replaceChildren(h("h2", { id: "diagnose-title" }, title), ...answers.map(detectorCard));
    } catch (err) {
      results.replaceChildren();
      notifyError(err);
    }
  }

  const tiles = categories.map((c) => {
    const m = c.properties.metadata;
    const ids = plain.filter((d) => d.properties.metadata.category === m.category).map((d) => d.name);
    return h("section", { class: "card" }, h("h2", {}, m.name), h("p", {}, m.description), button(m.name, () => run(ids, m.name), { id: `category-${c.name}`, appearance: "primary" }));
  });
  const psc = plain.find((d) => d.name === "provisioning-state-check");
  return h(
    "div",
    {},
    h("h1", {}, "Diagnose and solve problems"),
    h("p", { class: "subtitle" }, "Select a category to run its detectors over the cluster's emulated state, or check the provisioning state of the cluster and its node pools."),
    h("div", { class: "row" }, psc ? button("Provisioning State Check", () => run([psc.name], "Provisioning State Check"), { id: "provisioning-state-check" }) : ""),
    ...tiles,
    h(
      "details",
      { class: "card" },
      h("summary", {}, `All detectors (${plain.length})`),
      h("ul", {}, plain.map((d) => h("li", {}, h("a", { href: "#", onclick: (ev) => (ev.preventDefault(), run([d.name], d.properties.metadata.name)) }, d.properties.metadata.name), ` — ${d.properties.metadata.description}`))),
    ),
    results,
  );
}

/** One insight per dataset: its rows share Status, Message and Solutions; each row adds a Data pair. */
function insights(detector) {
  return (detector.properties.dataset ?? []).map((d) => {
    const rows = d.table?.rows ?? [];
    let solutions = [];
    try {
      solutions = JSON.parse(rows[0]?.[5] ?? "null") ?? [];
    } catch {
      solutions = [];
    }
    return { status: rows[0]?.[0], message: rows[0]?.[1], data: rows.filter((r) => r[2] !== "").map((r) => [r[2], r[3]]), solutions };
  });
}

function detectorCard(d) {
  const m = d.properties.metadata;
  const status = STATUS[d.properties.status.statusId] ?? "None";
  return h(
    "section",
    { class: "card detector", "data-detector": d.name, "aria-label": m.name },
    h("h3", {}, badge(status), " ", m.name),
    d.properties.status.message ? h("p", { class: "detector-message" }, d.properties.status.message) : "",
    ...insights(d).map((i) =>
      h(
        "div",
        { class: "finding" },
        h("p", {}, badge(i.status), " ", h("span", { class: "finding-message" }, i.message)),
        i.data.length ? h("dl", { class: "essentials" }, i.data.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])) : "",
        ...i.solutions.map((s) =>
          h("div", { class: "solution", role: "note", "aria-label": "Solution" }, h("strong", { class: "solution-title" }, s.Title), h("p", {}, prose(s.Description)), s.ActionArgs?.commands?.length ? h("pre", {}, s.ActionArgs.commands.join("\n")) : ""),
        ),
      ),
    ),
  );
}

/** A solution's description without its fenced command block (shown apart). */
const prose = (text) => String(text ?? "").replace(/```[\s\S]*?```/g, "").trim();
