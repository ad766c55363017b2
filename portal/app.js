// The portal's shell: sign-in, header, left menu, breadcrumbs and hash routing; every view has a URL
// (#/subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{name}/activitylog).
import { ready } from "./fluent.js";
import { session, signOut } from "./api.js";
import { h, notifyError } from "./ui.js";
import { clusterHref, href } from "./links.js";
import * as home from "./blades/home.js";
import * as groups from "./blades/resource-groups.js";
import * as cluster from "./blades/cluster.js";
import * as activity from "./blades/activity-log.js";
import * as diagnose from "./blades/diagnose.js";
import * as runCommand from "./blades/run-command.js";
import * as emulator from "./blades/emulator.js";
import * as signin from "./blades/signin.js";

const CLUSTER = "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft.ContainerService/managedClusters/([^/]+)";

// [pattern, blade, params from the match]; the first that matches the hash's path wins.
const ROUTES = [
  [/^\/signin$/, signin, () => ({})],
  [/^\/?$/, home, () => ({})],
  [/^\/resourceGroups$/, groups.all, () => ({})],
  [/^\/emulator$/, emulator, () => ({})],
  [/^\/subscriptions\/([^/]+)$/, groups.ofSubscription, (m) => ({ sub: m[1] })],
  [/^\/subscriptions\/([^/]+)\/activitylog$/, activity, (m) => ({ sub: m[1] })],
  [/^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/, groups.group, (m) => ({ sub: m[1], rg: m[2] })],
  [/^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/activitylog$/, activity, (m) => ({ sub: m[1], rg: m[2] })],
  [new RegExp(`^${CLUSTER}(?:/overview)?$`, "i"), cluster, clusterParams],
  [new RegExp(`^${CLUSTER}/activitylog$`, "i"), activity, clusterParams],
  [new RegExp(`^${CLUSTER}/diagnose$`, "i"), diagnose, clusterParams],
  [new RegExp(`^${CLUSTER}/runcommand$`, "i"), runCommand, clusterParams],
];

function clusterParams(m) {
  const [sub, rg, name] = [m[1], m[2], m[3]].map(decodeURIComponent);
  return { sub, rg, name, id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}` };
}


function menu(params, path) {
  const items = [
    ["Home", "#/"],
    ["Resource groups", "#/resourceGroups"],
    ["Emulator", "#/emulator"],
  ];
  const sections = [["Azure", items]];
  if (params.name) {
    sections.push([
      `Cluster ${params.name}`,
      [
        ["Overview", clusterHref(params)],
        ["Activity log", clusterHref(params, "activitylog")],
        ["Diagnose and solve problems", clusterHref(params, "diagnose")],
        ["Run command", clusterHref(params, "runcommand")],
      ],
    ]);
  }
  const current = `#${path}`;
  return sections.map(([title, links]) =>
    h("section", {}, h("h2", {}, title), h("ul", {}, links.map(([text, target]) => h("li", {}, h("a", { href: target, "aria-current": target.toLowerCase() === current.toLowerCase() ? "page" : undefined }, text))))),
  );
}

function crumbs(params) {
  const items = [["Home", "#/"]];
  if (params.sub) items.push(["Subscription", href("/subscriptions", params.sub)]);
  if (params.rg) items.push([params.rg, href("/subscriptions", params.sub, "resourceGroups", params.rg)]);
  if (params.name) items.push([params.name, clusterHref(params)]);
  return h("ol", {}, items.map(([text, target], i) => h("li", {}, i === items.length - 1 ? h("span", { "aria-current": "location" }, text) : h("a", { href: target }, text))));
}

function header() {
  const s = session();
  const who = document.getElementById("who");
  if (!s) return who.replaceChildren();
  const out = h("fluent-button", { appearance: "transparent", size: "small", id: "sign-out" }, "Sign out");
  out.addEventListener("click", () => {
    signOut();
    location.hash = "#/signin";
  });
  who.replaceChildren(h("span", { id: "signed-in-as", title: "client ID" }, s.clientId), out);
}

let current; // the blade on screen: its AbortController stops its polling when the view changes

async function route() {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const path = decodeURI(location.hash.replace(/^#/, "")) || "/";
  header();
  if (!session() && path !== "/signin") {
    sessionStorage.setItem("aksemu.portal.after", location.hash);
    location.hash = "#/signin";
    return;
  }
  const found = ROUTES.map(([re, blade, params]) => [re.exec(path), blade, params]).find(([m]) => m);
  const [m, blade, toParams] = found ?? [null, home, () => ({})];
  const params = toParams(m);
  document.getElementById("nav").replaceChildren(...(path === "/signin" ? [] : menu(params, path)));
  document.getElementById("breadcrumbs").replaceChildren(path === "/signin" ? "" : crumbs(params));
  const target = document.getElementById("blade");
  target.replaceChildren();
  try {
    const view = await blade.render({ ...params, signal: controller.signal, go: (hash) => (location.hash = hash) });
    if (!controller.signal.aborted) target.replaceChildren(view);
  } catch (err) {
    if (!controller.signal.aborted) {
      notifyError(err);
      target.replaceChildren(h("p", { class: "empty", id: "blade-error" }, `${err.code ?? "Error"}: ${err.message}`));
    }
  }
}

await ready;
window.addEventListener("hashchange", route);
await route();
document.body.dataset.ready = "true";
