// Home: the subscriptions the signed-in principal can see.
import { API, list, withVersion } from "../api.js";
import { href } from "../links.js";
import { badge, h, link, table } from "../ui.js";

export async function render() {
  const subs = await list(withVersion("/subscriptions", API.subscriptions));
  return h(
    "div",
    {},
    h("h1", {}, "Subscriptions"),
    h("p", { class: "subtitle" }, "Start from a subscription, or open Resource groups in the menu."),
    table("Subscriptions", [
      { label: "Name", value: (s) => link(s.displayName, href("/subscriptions", s.subscriptionId)) },
      { label: "Subscription ID", value: (s) => s.subscriptionId },
      { label: "State", value: (s) => badge(s.state) },
      { label: "Activity log", value: (s) => link("Activity log", href("/subscriptions", s.subscriptionId, "activitylog")) },
    ], subs, "No subscriptions: this principal has no role assignment on any."),
  );
}
