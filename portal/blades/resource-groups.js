// Resource groups (across subscriptions or of one) and the resources in a group.
import { API, list, withVersion } from "../api.js";
import { clusterOf, clusterHref, href } from "../links.js";
import { h, link, table } from "../ui.js";

async function groupsOf(sub) {
  const groups = await list(withVersion(`/subscriptions/${sub}/resourcegroups`, API.resources));
  return groups.map((g) => ({ ...g, sub }));
}

const groupTable = (groups) =>
  table("Resource groups", [
    { label: "Name", value: (g) => link(g.name, href("/subscriptions", g.sub, "resourceGroups", g.name)) },
    { label: "Location", value: (g) => g.location },
    { label: "Subscription", value: (g) => g.sub },
  ], groups.sort((a, b) => a.name.localeCompare(b.name)), "No resource groups to display.");

export const all = {
  async render() {
    const subs = await list(withVersion("/subscriptions", API.subscriptions));
    const groups = (await Promise.all(subs.map((s) => groupsOf(s.subscriptionId)))).flat();
    return h("div", {}, h("h1", {}, "Resource groups"), groupTable(groups));
  },
};

export const ofSubscription = {
  async render({ sub }) {
    return h("div", {}, h("h1", {}, "Resource groups"), h("p", { class: "subtitle" }, `Subscription ${sub}`), h("p", {}, link("Activity log", href("/subscriptions", sub, "activitylog"))), groupTable(await groupsOf(sub)));
  },
};

/** A resource's link: a managed cluster opens its blade; others have no blade here. */
const resourceLink = (r) => {
  const c = clusterOf(r.id);
  return c ? link(r.name, clusterHref(c)) : h("span", {}, r.name);
};

export const group = {
  async render({ sub, rg }) {
    const resources = await list(withVersion(`/subscriptions/${sub}/resourceGroups/${encodeURIComponent(rg)}/resources`, API.resources));
    return h(
      "div",
      {},
      h("h1", {}, rg),
      h("p", { class: "subtitle" }, "Resource group"),
      h("p", {}, link("Activity log", href("/subscriptions", sub, "resourceGroups", rg, "activitylog"))),
      table("Resources", [
        { label: "Name", value: resourceLink },
        { label: "Type", value: (r) => r.type },
        { label: "Location", value: (r) => r.location },
      ], resources, "No resources in this group."),
    );
  },
};
