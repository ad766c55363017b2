// azl login, account, group, rest and resource: the parts of az the seed articles lean on.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ArmClient, MSI_ARM_RESOURCE } from "../client.js";
import { CliError } from "../errors.js";
import { DEFAULT_LOGIN, defaultCaPath, defaultEndpoint, type Profile } from "../profile.js";
import type { CommandSpec, GroupSpec } from "../spec.js";
import { BASH_COMPLETION, ZSH_COMPLETION } from "../completion-scripts.js";
import { confirmCommand, groupPath, longRunning, must, parseTags, RESOURCES_API, str } from "./shared.js";
import { rows, type GenericResource, type ListPage, type ResourceGroup, type Subscription } from "../wire.js";

export const CORE_GROUPS: GroupSpec[] = [
  { path: ["account"], summary: "Manage Azure subscription information." },
  { path: ["group"], summary: "Manage resource groups and template deployments." },
  { path: ["resource"], summary: "Manage Azure resources." },
];

// `az account show` says environmentName; `az account list` and `az login` say cloudName.
const accountView = (p: Profile, s: Profile["subscriptions"][number], cloudKey: "environmentName" | "cloudName" = "environmentName") => ({
  [cloudKey]: "AzureKubernetesServiceEmulator",
  homeTenantId: s.tenantId,
  id: s.id,
  isDefault: s.id === p.subscriptionId,
  managedByTenants: [],
  name: s.name,
  state: s.state,
  tenantId: s.tenantId,
  user: p.cloudShellUser !== undefined ? { cloudShellID: true, name: p.cloudShellUser, type: "user" } : { name: p.clientId, type: "servicePrincipal" },
});

/** The `unique_name` claim of a JWT (az's login_in_cloud_shell names the account after it), "N/A" without one. */
function uniqueName(token: string): string {
  try {
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { unique_name?: unknown };
    return typeof claims.unique_name === "string" ? claims.unique_name : "N/A";
  } catch {
    return "N/A";
  }
}

const groupRow = (g: Record<string, unknown>) => ({ Name: g.name, Location: g.location, Status: (g as { properties?: ResourceGroup["properties"] }).properties?.provisioningState });

/** The ResourceGroup model as az prints it: managedBy and tags are always there, null when unset. */
const groupView = (g: unknown) => (g && typeof g === "object" ? { managedBy: null, tags: null, ...g } : g);

export const CORE_COMMANDS: CommandSpec[] = [
  {
    path: ["completion"],
    summary: "Print a shell completion script (bash or zsh): eval \"$(azl completion --shell bash)\".",
    anonymous: true,
    args: [{ name: "shell", help: "The shell to complete in.", choices: ["bash", "zsh"], defaultValue: "bash" }],
    async run(ctx, args) {
      ctx.stdout(args["shell"] === "zsh" ? ZSH_COMPLETION : BASH_COMPLETION);
      return undefined;
    },
  },
  {
    path: ["login"],
    summary: "Log in to the emulator (the default principal, a service principal, or Cloud Shell's managed identity).",
    anonymous: true,
    args: [
      { name: "service-principal", help: "The credential representing a service principal.", flag: true },
      { name: "identity", help: "Log in using the managed identity of Cloud Shell (MSI_ENDPOINT: aksemu env --cloud-shell).", flag: true },
      { name: "username", short: "u", help: "Service principal application (client) id." },
      { name: "password", short: "p", help: "Service principal secret." },
      { name: "tenant", short: "t", help: "The Microsoft Entra tenant." },
    ],
    async run(ctx, args) {
      const sp = Boolean(args["service-principal"]);
      if (sp && (!str(args, "username") || !str(args, "password") || !str(args, "tenant"))) throw new CliError("usage", "usage error: --service-principal --username NAME --password SECRET --tenant TENANT");
      const profile: Profile = {
        endpoint: defaultEndpoint(ctx.env),
        caPath: defaultCaPath(ctx.env),
        // With no credentials: those `aksemu env` exported, else the emulator's default principal.
        tenantId: sp ? must(args, "tenant") : (ctx.env["AZURE_TENANT_ID"] || DEFAULT_LOGIN.tenantId),
        clientId: sp ? must(args, "username") : (ctx.env["AZURE_CLIENT_ID"] || DEFAULT_LOGIN.clientId),
        clientSecret: sp ? must(args, "password") : (ctx.env["AZURE_CLIENT_SECRET"] || DEFAULT_LOGIN.clientSecret),
        subscriptionId: "",
        subscriptions: [],
      };
      const msi = Boolean(args["identity"]);
      if (msi) {
        // az 2.45 asks IMDS (169.254.169.254) without MSI_ENDPOINT, which aksemu does not serve.
        const endpoint = ctx.env["MSI_ENDPOINT"];
        if (!endpoint) throw new CliError("client", "azl login --identity needs MSI_ENDPOINT (Cloud Shell's managed identity endpoint): eval \"$(aksemu env --cloud-shell)\". IMDS (169.254.169.254) is not emulated.");
        Object.assign(profile, { msiEndpoint: endpoint, clientId: "", clientSecret: "" });
      }
      const client = new ArmClient({ profile, debug: () => {}, onToken: (t) => (profile.token = t) });
      try {
        if (msi) {
          profile.token = await client.msiToken(profile.msiEndpoint!, MSI_ARM_RESOURCE);
          profile.cloudShellUser = uniqueName(profile.token.value);
        }
        const subs = (await client.call<ListPage<Subscription>>("GET", "/subscriptions", { apiVersion: "2022-12-01" })).body.value;
        profile.subscriptions = subs.map((s) => ({ id: s.subscriptionId, name: s.displayName, tenantId: s.tenantId, state: s.state }));
        // az 2.45's login_in_cloud_shell (a CLIError: exit 1).
        if (msi && profile.subscriptions.length === 0) throw new CliError("client", "No subscriptions were found in the cloud shell");
        profile.subscriptionId = profile.subscriptions[0]?.id ?? "";
      } finally {
        client.close();
      }
      ctx.saveProfile(profile);
      return profile.subscriptions.map((s) => accountView(profile, s, "cloudName"));
    },
  },
  {
    path: ["account", "show"],
    summary: "Get the details of a subscription.",
    anonymous: true,
    args: [],
    async run(ctx, args) {
      const p = ctx.profile();
      const wanted = str(args, "subscription") ?? p.subscriptionId;
      const s = p.subscriptions.find((x) => x.id === wanted || x.name === wanted);
      if (!s) throw new CliError("client", `Subscription '${wanted}' not found. Check the spelling and casing and try again.`);
      return accountView(p, s);
    },
  },
  {
    path: ["account", "list"],
    summary: "Get a list of subscriptions for the logged in account.",
    anonymous: true,
    args: [],
    table: (list) => rows(list).map((a) => ({ Name: a.name, CloudName: a.cloudName, SubscriptionId: a.id, TenantId: a.tenantId, State: a.state, IsDefault: a.isDefault })),
    async run(ctx) {
      const p = ctx.profile();
      return p.subscriptions.map((s) => accountView(p, s, "cloudName"));
    },
  },
  {
    path: ["account", "set"],
    summary: "Set a subscription to be the current active subscription.",
    anonymous: true,
    // az account set takes --name/-n or --subscription/-s (the global --subscription).
    args: [{ name: "name", short: "n", help: "Name or ID of subscription.", aliases: ["s"] }],
    async run(ctx, args) {
      const p = ctx.profile();
      const wanted = str(args, "name") ?? str(args, "subscription");
      if (!wanted) throw new CliError("usage", "the following arguments are required: --name/-n/--subscription/-s");
      const s = p.subscriptions.find((x) => x.id.toLowerCase() === wanted.toLowerCase() || x.name === wanted);
      if (!s) throw new CliError("client", `The subscription of '${wanted}' doesn't exist in cloud 'AzureKubernetesServiceEmulator'.`);
      ctx.saveProfile({ ...p, subscriptionId: s.id });
      return undefined;
    },
  },
  {
    path: ["group", "create"],
    summary: "Create a new resource group.",
    args: [
      { name: "name", short: "n", help: "Name of the new resource group.", required: true },
      { name: "location", short: "l", help: "Location.", required: true },
      { name: "tags", help: "Space-separated tags: key[=value] [key[=value] ...]." },
    ],
    async run(ctx, args) {
      const body: Record<string, unknown> = { location: must(args, "location") };
      if (str(args, "tags")) body["tags"] = parseTags(str(args, "tags")!);
      return groupView((await ctx.client().call("PUT", groupPath(ctx, must(args, "name")), { apiVersion: RESOURCES_API, body })).body);
    },
  },
  {
    path: ["group", "show"],
    summary: "Gets a resource group.",
    args: [{ name: "name", short: "n", help: "Name of resource group.", required: true }],
    async run(ctx, args) {
      return groupView((await ctx.client().call("GET", groupPath(ctx, must(args, "name")), { apiVersion: RESOURCES_API })).body);
    },
  },
  {
    path: ["group", "list"],
    summary: "List resource groups.",
    args: [],
    table: (list) => rows(list).map(groupRow),
    async run(ctx) {
      return (await ctx.client().call<ListPage<unknown>>("GET", `/subscriptions/${ctx.subscription()}/resourcegroups`, { apiVersion: RESOURCES_API })).body.value.map(groupView);
    },
  },
  {
    path: ["group", "delete"],
    summary: "Delete a resource group.",
    longRunning: true,
    args: [{ name: "name", short: "n", help: "Name of resource group.", required: true }, { name: "yes", short: "y", help: "Do not prompt for confirmation.", flag: true }],
    async run(ctx, args) {
      await confirmCommand(ctx, args);
      await longRunning(ctx, args, "DELETE", groupPath(ctx, must(args, "name")), { apiVersion: RESOURCES_API, label: `Deleting ${must(args, "name")}` });
      return undefined;
    },
  },
  {
    path: ["rest"],
    summary: "Invoke a custom request (URLs on management.azure.com go to the emulator).",
    args: [
      { name: "method", short: "m", help: "HTTP request method.", choices: ["delete", "get", "head", "options", "patch", "post", "put"], defaultValue: "get" },
      { name: "url", short: "u", help: "Request URL. If it doesn't start with a host, https://management.azure.com is prepended.", required: true },
      { name: "body", short: "b", help: "Request body. Use @{file} to load from a file." },
    ],
    async run(ctx, args) {
      const raw = str(args, "body");
      const body = raw === undefined ? undefined : raw.startsWith("@") ? readFileSync(resolve(ctx.cwd, raw.slice(1)), "utf8") : raw;
      const res = await ctx.client().call(must(args, "method").toUpperCase(), must(args, "url"), body === undefined ? {} : { body });
      return res.body;
    },
  },
  {
    path: ["resource", "show"],
    summary: "Get the details of a resource.",
    args: [{ name: "ids", help: "One or more resource IDs (space-delimited).", required: true }, { name: "api-version", help: "The api version of the resource." }],
    async run(ctx, args) {
      const results = [];
      for (const id of must(args, "ids").split(/\s+/)) results.push((await ctx.client().call("GET", id, { apiVersion: str(args, "api-version") ?? apiVersionFor(id) })).body);
      return results.length === 1 ? results[0] : results;
    },
  },
  {
    path: ["resource", "list"],
    summary: "List resources.",
    args: [{ name: "resource-group", short: "g", help: "Name of resource group." }],
    async run(ctx, args) {
      const rg = str(args, "resource-group");
      const groups = rg ? [rg] : (await ctx.client().call<ListPage<ResourceGroup>>("GET", `/subscriptions/${ctx.subscription()}/resourcegroups`, { apiVersion: RESOURCES_API })).body.value.map((g) => g.name);
      const out: unknown[] = [];
      for (const g of groups) {
        const res = await ctx.client().call<ListPage<GenericResource>>("GET", `${groupPath(ctx, g)}/providers/Microsoft.ContainerService/managedClusters`, { apiVersion: "2026-04-01" });
        out.push(...res.body.value.map((c) => ({ id: c.id, name: c.name, type: c.type, location: c.location, resourceGroup: g, tags: c.tags ?? null })));
      }
      return out;
    },
  },
  {
    path: ["resource", "update"],
    summary: "Update a resource by PUTting it back (a reconcile when nothing changes).",
    longRunning: true,
    args: [{ name: "ids", help: "One or more resource IDs (space-delimited).", required: true }, { name: "set", help: "Update an object by specifying a property path and value to set, e.g. tags.env=dev." }, { name: "api-version", help: "The api version of the resource." }],
    async run(ctx, args) {
      const id = must(args, "ids").split(/\s+/)[0]!;
      const apiVersion = str(args, "api-version") ?? apiVersionFor(id);
      type Node = { [key: string]: unknown };
      const current = (await ctx.client().call<Node>("GET", id, { apiVersion })).body;
      const set = str(args, "set");
      if (set) {
        const [path, value] = [set.slice(0, set.indexOf("=")), set.slice(set.indexOf("=") + 1)];
        let node = current;
        const keys = path.split(".");
        for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Node;
        node[keys.at(-1)!] = value;
      }
      const { id: _id, name: _n, type: _t, systemData: _s, eTag: _e, ...body } = current;
      const done = await longRunning(ctx, args, "PUT", id, { apiVersion, body, label: "Updating" });
      return done.waited ? (await ctx.client().call("GET", id, { apiVersion })).body : undefined;
    },
  },
];

function apiVersionFor(id: string): string {
  return /\/providers\/Microsoft\.ContainerService\//i.test(id) ? "2026-04-01" : RESOURCES_API;
}
