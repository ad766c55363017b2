// Activity log (seed 002): the filters of the portal (Timespan, Status, Event initiated by, Event
// category, resource group, resource) become the $filter ARM's ActivityLogs_List takes; the event
// pane has Summary (with the Status section: the error code and message from
// properties.statusMessage), JSON and Change history tabs, and Download as JSON.
import { API, get, list, withVersion } from "../api.js";
import { badge, button, field, h, notifyError, table, tabs } from "../ui.js";

const SPANS = [
  ["PT1H", "Last hour", 3600e3],
  ["PT6H", "Last 6 hours", 6 * 3600e3],
  ["P1D", "Last 24 hours", 24 * 3600e3],
  ["P7D", "Last week", 7 * 24 * 3600e3],
  ["custom", "Custom", 0],
];
const STATUSES = ["All", "Started", "Accepted", "Succeeded", "Failed", "Canceled"];
const CATEGORIES = ["All", "Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth"];

/** '' doubled inside a quoted OData literal. */
const quoted = (v) => `'${String(v).replace(/'/g, "''")}'`;

/** The emulator's "now" (virtual time), from the control API; the browser's clock if it cannot be read. */
async function virtualNow() {
  try {
    return Date.parse((await get("/_aksemu/clock")).now);
  } catch {
    return Date.now();
  }
}

/** The $filter ARM is sent for these filter values (server-side fields only). */
export function buildFilter(f) {
  const parts = [`eventTimestamp ge ${quoted(new Date(f.from).toISOString())}`];
  if (f.to !== undefined) parts.push(`eventTimestamp le ${quoted(new Date(f.to).toISOString())}`);
  if (f.resourceGroup) parts.push(`resourceGroupName eq ${quoted(f.resourceGroup)}`);
  if (f.resource && !f.children) parts.push(`resourceUri eq ${quoted(f.resource)}`);
  if (f.status && f.status !== "All") parts.push(`status eq ${quoted(f.status)}`);
  if (f.caller) parts.push(`caller eq ${quoted(f.caller)}`);
  return parts.join(" and ");
}

const toLocalInput = (ms) => new Date(ms).toISOString().slice(0, 16);

export async function render(p) {
  const now = await virtualNow();
  const span = h("select", {}, SPANS.map(([v, label]) => h("option", { value: v, selected: v === "P1D" }, label)));
  const from = h("input", { type: "datetime-local", value: toLocalInput(now - 24 * 3600e3) });
  const to = h("input", { type: "datetime-local", value: toLocalInput(now) });
  const custom = h("div", { class: "row", hidden: true }, field("al-from", "Start time (UTC)", from), field("al-to", "End time (UTC)", to));
  const status = h("select", {}, STATUSES.map((s) => h("option", { value: s }, s)));
  const caller = h("input", { placeholder: "object ID of the caller", size: "38" });
  const category = h("select", {}, CATEGORIES.map((c) => h("option", { value: c }, c)));
  const group = h("input", { value: p.rg ?? "", placeholder: "all" });
  const resource = h("input", { value: p.id ?? "", placeholder: "all", size: "60" });
  const children = h("input", { type: "checkbox", checked: true });
  const filterText = h("code", { id: "al-filter" });
  const results = h("div", { id: "al-results" });
  const pane = h("aside", { class: "pane", id: "event-pane", hidden: true, "aria-label": "Event details" });
  span.addEventListener("change", () => (custom.hidden = span.value !== "custom"));
  // Escape closes the event pane, as the portal's panes close.
  pane.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") pane.hidden = true;
  });

  async function refresh() {
    const at = await virtualNow();
    const chosen = SPANS.find(([v]) => v === span.value);
    const f = {
      from: span.value === "custom" ? Date.parse(`${from.value}Z`) : at - chosen[2],
      ...(span.value === "custom" ? { to: Date.parse(`${to.value}Z`) } : {}),
      resourceGroup: group.value.trim(),
      resource: resource.value.trim(),
      children: children.checked,
      status: status.value,
      caller: caller.value.trim(),
    };
    // "Include child resources": the group's events, kept client-side to the resource and what is under it (its agent pools).
    if (f.resource && f.children && !f.resourceGroup) f.resourceGroup = /\/resourceGroups\/([^/]+)/i.exec(f.resource)?.[1] ?? "";
    const filter = buildFilter(f);
    filterText.textContent = filter;
    results.replaceChildren(h("fluent-spinner", { size: "tiny", "aria-label": "Loading events" }));
    try {
      let events = await list(withVersion(`/subscriptions/${p.sub}/providers/Microsoft.Insights/eventtypes/management/values`, API.activityLog) + `&$filter=${encodeURIComponent(filter)}`);
      const prefix = f.resource.toLowerCase();
      if (f.resource && f.children) events = events.filter((e) => e.resourceId.toLowerCase() === prefix || e.resourceId.toLowerCase().startsWith(`${prefix}/`));
      // Event category: every event carries one; ARM's $filter has no field for it, so the list is cut here.
      if (category.value !== "All") events = events.filter((e) => e.category?.value === category.value);
      results.replaceChildren(eventTable(events));
    } catch (err) {
      results.replaceChildren();
      notifyError(err);
    }
  }

  function eventTable(events) {
    return table("Events", [
      { label: "Operation name", value: (e) => h("a", { href: "#", class: "event-link", "data-event": e.eventDataId, onclick: (ev) => (ev.preventDefault(), open(e)) }, e.operationName?.localizedValue ?? e.operationName?.value) },
      { label: "Status", value: (e) => badge(e.status?.value) },
      { label: "Event", value: (e) => e.eventName?.localizedValue ?? "" },
      { label: "Time stamp", value: (e) => e.eventTimestamp },
      { label: "Resource", value: (e) => e.resourceId.split("/").slice(-1)[0] },
      { label: "Event initiated by", value: (e) => e.caller },
      { label: "Event category", value: (e) => e.category?.localizedValue ?? "" },
    ], events, "No events in this time span match the filters.");
  }

  function open(e) {
    pane.hidden = false;
    const close = button("Close", () => (pane.hidden = true), { id: "event-close", appearance: "subtle" });
    const download = button("Download as JSON", () => save(e), { id: "event-download" });
    pane.replaceChildren(
      h("div", { class: "pane-head" }, h("div", {}, h("h2", { id: "event-title" }, e.operationName?.localizedValue ?? ""), h("p", { class: "subtitle" }, e.eventTimestamp)), h("div", { class: "row" }, download, close)),
      tabs("Event details", [
        { id: "summary", label: "Summary", render: () => summary(e) },
        { id: "json", label: "JSON", render: () => h("pre", { id: "event-json" }, JSON.stringify(e, null, 2)) },
        { id: "history", label: "Change history", render: () => history(p.sub, e) },
      ]),
    );
    download.focus();
  }

  const root = h(
    "div",
    {},
    h("h1", {}, "Activity log"),
    h("p", { class: "subtitle" }, p.name ? `Kubernetes service ${p.name}` : p.rg ? `Resource group ${p.rg}` : `Subscription ${p.sub}`),
    h(
      "form",
      { class: "toolbar", "aria-label": "Activity log filters", onsubmit: (ev) => (ev.preventDefault(), refresh()) },
      field("al-span", "Timespan", span),
      custom,
      field("al-status", "Status", status),
      field("al-caller", "Event initiated by", caller),
      field("al-category", "Event category", category),
      field("al-group", "Resource group", group),
      field("al-resource", "Resource", resource),
      h("div", { class: "field" }, h("label", { for: "al-children" }, "Include child resources"), Object.assign(children, { id: "al-children" })),
      button("Apply", refresh, { id: "al-apply", appearance: "primary" }),
    ),
    h("p", {}, "$filter: ", filterText),
    results,
    pane,
  );
  await refresh();
  return root;
}

/** properties.statusMessage as ARM writes it: a JSON string `{"status","error":{"code","message"}}` (or plain text). */
function statusError(e) {
  const raw = e.properties?.statusMessage;
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw);
    const err = parsed.error ?? parsed;
    return { code: err.code, message: err.message, raw };
  } catch {
    return { code: undefined, message: raw, raw };
  }
}

function summary(e) {
  const err = statusError(e);
  const rows = [
    ["Resource", e.resourceId],
    ["Operation name", e.operationName?.localizedValue],
    ["Time stamp", e.eventTimestamp],
    ["Event initiated by", e.caller],
    ["Event category", e.category?.localizedValue],
    ["Level", e.level],
    ["Correlation ID", e.correlationId],
  ];
  return h(
    "div",
    {},
    h("dl", { class: "essentials" }, rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v ?? "")])),
    h(
      "section",
      { class: err ? "status-section" : "", id: "event-status", "aria-labelledby": "event-status-title" },
      h("h3", { id: "event-status-title" }, "Status"),
      h("dl", { class: "essentials" }, h("dt", {}, "Status"), h("dd", { id: "event-status-value" }, e.status?.localizedValue ?? ""), ...(err ? [h("dt", {}, "Error code"), h("dd", { id: "event-error-code" }, err.code ?? ""), h("dt", {}, "Message"), h("dd", { id: "event-error-message" }, err.message ?? "")] : [])),
      err ? h("details", {}, h("summary", {}, "statusMessage"), h("pre", {}, err.raw)) : "",
    ),
  );
}

/** The request's events (same correlation ID, read from ARM, whatever the list's filters), oldest first. */
function history(sub, e) {
  const out = h("div", {}, h("fluent-spinner", { size: "tiny", "aria-label": "Loading the request's events" }));
  const from = new Date(Date.parse(e.eventTimestamp) - 7 * 24 * 3600e3).toISOString();
  const filter = `eventTimestamp ge ${quoted(from)} and correlationId eq ${quoted(e.correlationId)}`;
  list(withVersion(`/subscriptions/${sub}/providers/Microsoft.Insights/eventtypes/management/values`, API.activityLog) + `&$filter=${encodeURIComponent(filter)}`)
    .then((found) => {
      const same = found.sort((a, b) => (a.eventTimestamp < b.eventTimestamp ? -1 : a.eventTimestamp > b.eventTimestamp ? 1 : a.eventName?.value === "BeginRequest" ? -1 : 1));
      out.replaceChildren(
        h("p", { class: "subtitle" }, "The events of this request (same correlation ID). aksemu records no property-level change history."),
        table("Change history", [
          { label: "Time stamp", value: (x) => x.eventTimestamp },
          { label: "Event", value: (x) => x.eventName?.localizedValue ?? "" },
          { label: "Status", value: (x) => badge(x.status?.value) },
        ], same),
      );
    })
    .catch((err) => {
      out.replaceChildren();
      notifyError(err);
    });
  return out;
}

/** "Download as JSON": the event as a file, through a Blob. */
function save(e) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(e, null, 2)], { type: "application/json" }));
  const a = h("a", { href: url, download: `activity-log-event-${e.eventDataId}.json` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
