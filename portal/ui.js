// Small DOM helpers the blades share: an element builder, notifications, tables, tabs, status badges.

/** h("button", { class: "x", onclick }, "text", child, ...): an element; attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** A notification in the top-right stack (aria-live), as the portal shows an operation's result or an error. */
export function notify(title, text, intent = "info") {
  const stack = document.getElementById("notifications");
  const close = h("fluent-button", { appearance: "transparent", size: "small", "aria-label": "Dismiss notification" }, "✕");
  const bar = h("fluent-message-bar", { intent, layout: "multiline", class: "notification", role: intent === "error" ? "alert" : "status" }, h("strong", { class: "notification-title" }, title), h("div", { class: "notification-text" }, text), h("div", { slot: "actions" }, close));
  close.addEventListener("click", () => bar.remove());
  stack.prepend(bar);
  // Errors stay until dismissed; the rest fade after a while, and the stack keeps the newest few.
  if (intent !== "error") setTimeout(() => bar.remove(), 6000);
  for (const old of [...stack.children].slice(4)) old.remove();
  return bar;
}

/** An ArmError as the portal words it: the code as the title, the message as the server sent it. */
export function notifyError(err) {
  return notify(err.code ?? "Error", err.message ?? String(err), "error");
}

/** A table: columns [{ label, value: (row) => Node|string }]. */
export function table(caption, columns, rows, empty = "No items to display.") {
  if (rows.length === 0) return h("p", { class: "empty" }, empty);
  return h(
    "table",
    { class: "grid" },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c.label)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, columns.map((c) => h("td", {}, c.value(r)))))),
  );
}

/** Fluent tabs (role=tablist, arrow keys) over panels: [{ id, label, render: () => Node }]. */
export function tabs(label, panels, onChange) {
  const list = h("fluent-tablist", { "aria-label": label });
  const body = h("div", { class: "tab-panel", role: "tabpanel", tabindex: "0" });
  const show = (p) => {
    body.replaceChildren(p.render());
    body.setAttribute("aria-labelledby", `tab-${p.id}`);
    onChange?.(p.id);
  };
  for (const p of panels) list.append(h("fluent-tab", { id: `tab-${p.id}`, "data-panel": p.id }, p.label));
  list.addEventListener("change", () => {
    const active = list.activeid ?? list.querySelector("[aria-selected=true]")?.id;
    const p = panels.find((x) => `tab-${x.id}` === active);
    if (p) show(p);
  });
  show(panels[0]);
  return h("div", { class: "tabs" }, list, body);
}

const INTENT = { Succeeded: "success", Running: "success", Failed: "danger", Canceled: "warning", Canceling: "warning", Critical: "danger", Warning: "warning", Success: "success", Info: "informative", Stopped: "subtle" };

/** A state as a badge (provisioning, power, operation or detector status). */
export const badge = (state) => h("fluent-badge", { appearance: "tint", color: INTENT[state] ?? "informative", class: "state" }, state ?? "—");

/** A labelled native control: label + input/select/textarea (real <label for>). */
export function field(id, label, control) {
  control.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), control);
}

export const button = (label, onclick, attrs = {}) => h("fluent-button", { appearance: "secondary", ...attrs, onclick }, label);

export const link = (text, href) => h("a", { href }, text);

/** The key/value pairs of an overview ("Essentials"). */
export const essentials = (pairs) => h("dl", { class: "essentials" }, pairs.flatMap(([k, v]) => [h("dt", {}, k), h("dd", { "data-field": k }, v instanceof Node ? v : String(v ?? "—"))]));

export const spinner = (label = "Loading") => h("fluent-spinner", { size: "tiny", "aria-label": label });
