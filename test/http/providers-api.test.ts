// Microsoft.Resources' providers API (Providers_List/Get/Register/Unregister, GetProvider.json and
// GetProviders.json shapes) and the generic resource lists (Resources_List, _ListByResourceGroup),
// as az provider and az resource use them.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { PROVIDERS } from "../../src/providers/index.js";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { advance, assertGatewayError, assertStatus, createCluster, clusterBody, mcPath, putGroup, q, refreshing, rgPath } from "./helpers.js";

const API = "2022-09-01"; // what az 2.45 sends for Microsoft.Resources
const providers = `/subscriptions/${SUB}/providers`;
const provider = (ns: string) => `${providers}/${ns}`;

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await putGroup(emu, "rg-list");
  await putGroup(emu, "rg-other", { location: "westeurope" });
  await createCluster(emu, "rg-list", "c1", { ...clusterBody(), tags: { env: "dev", team: "a" } });
  await createCluster(emu, "rg-other", "c2", { ...clusterBody(), location: "westeurope" });
});
after(() => emu.close());

/** A namespace's types: those of every provider that serves it (Microsoft.Network: its networks, then its private DNS zones). */
const servedTypes = (ns: string) => Object.assign({}, ...PROVIDERS.filter((p) => p.namespace === ns).map((p) => p.types)) as Record<string, readonly string[]>;
const newestFirst = (v: readonly string[]) => [...v].sort().reverse();
/** The namespaces ARM's providers API knows: those served (Microsoft.Network among them, which AKS's nodes need). */
const KNOWN = [...new Set(PROVIDERS.map((p) => p.namespace))].sort();

test("GET /providers lists every namespace the emulator serves, in ARM's paging shape", async () => {
  const res = await emu.request("GET", q(providers, API));
  assertStatus(res, 200);
  assert.deepEqual(Object.keys(res.json), ["value"]);
  // Every provider of the list (Microsoft.Network, which AKS depends on, is served), in name order.
  assert.deepEqual(res.json.value.map((p: { namespace: string }) => p.namespace), KNOWN);
  const network = res.json.value.find((p: { namespace: string }) => p.namespace === "Microsoft.Network");
  assert.deepEqual([network.registrationPolicy, network.registrationState], ["RegistrationRequired", "Registered"]);
  assert.ok(network.resourceTypes.some((t: { resourceType: string }) => t.resourceType === "virtualNetworks/subnets"));
  assert.ok(network.resourceTypes.some((t: { resourceType: string }) => t.resourceType === "privateDnsZones/virtualNetworkLinks"));
  assert.ok(res.json.value.length >= 3);
  for (const p of res.json.value) {
    assert.equal(p.registrationState, "Registered");
    assert.deepEqual(p.resourceTypes.map((t: { resourceType: string }) => t.resourceType), Object.keys(servedTypes(p.namespace)));
  }
  // $expand is accepted (and changes nothing here).
  assertStatus(await emu.request("GET", q(`${providers}?$expand=resourceTypes/aliases`, API)), 200);
});

test("GET /providers/Microsoft.ContainerService: the GetProvider.json shape, api-versions as AKS serves them", async () => {
  const res = await emu.request("GET", q(provider("Microsoft.ContainerService"), API));
  assertStatus(res, 200);
  const body = res.json;
  assert.deepEqual(Object.keys(body), ["id", "namespace", "registrationPolicy", "registrationState", "resourceTypes"]);
  assert.equal(body.id, `/subscriptions/${SUB}/providers/Microsoft.ContainerService`);
  assert.equal(body.namespace, "Microsoft.ContainerService");
  assert.equal(body.registrationPolicy, "RegistrationRequired");
  assert.equal(body.registrationState, "Registered");
  const type = (name: string) => body.resourceTypes.find((t: { resourceType: string }) => t.resourceType === name);
  for (const name of ["managedClusters", "managedClusters/agentPools"]) {
    const t = type(name);
    assert.ok(t, name);
    assert.deepEqual(Object.keys(t), ["resourceType", "locations", "apiVersions"]);
    assert.deepEqual(t.apiVersions, newestFirst(servedTypes("Microsoft.ContainerService")[name]!));
    assert.ok(t.apiVersions.includes("2026-04-01") && t.apiVersions.includes("2024-07-02-preview"));
    assert.ok(t.locations.includes("East US") && t.locations.includes("West Europe") && t.locations.includes("UAE North"), t.locations.join(","));
  }
  // az picks the first stable version of the list: the cluster answers to it.
  const stable = type("managedClusters").apiVersions.find((v: string) => !v.includes("preview"));
  assertStatus(await emu.request("GET", q(mcPath("rg-list", "c1"), stable)), 200);
  assertStatus(await emu.request("GET", q(`${mcPath("rg-list", "c1")}/agentPools/nodepool1`, stable)), 200);
});

test("Microsoft.Resources lists itself, RegistrationFree as in GetProviders.json, with the providers and resources types", async () => {
  const res = await emu.request("GET", q(provider("Microsoft.Resources"), API));
  assertStatus(res, 200);
  assert.equal(res.json.registrationPolicy, "RegistrationFree");
  const names = res.json.resourceTypes.map((t: { resourceType: string }) => t.resourceType);
  for (const t of ["resourceGroups", "subscriptions", "providers", "resources"]) assert.ok(names.includes(t), names.join(","));
});

test("the namespace is matched case-insensitively and answered in its own casing", async () => {
  const res = await emu.request("GET", q(provider("microsoft.CONTAINERSERVICE"), API));
  assertStatus(res, 200);
  assert.equal(res.json.namespace, "Microsoft.ContainerService");
  assert.equal(res.json.id, `/subscriptions/${SUB}/providers/Microsoft.ContainerService`);
});

test("an unknown namespace is 404 InvalidResourceNamespace, for show, register and unregister", async () => {
  const text = "The resource namespace 'Microsoft.Nope' is invalid.";
  assertGatewayError(await emu.request("GET", q(provider("Microsoft.Nope"), API)), 404, "InvalidResourceNamespace", text);
  assertGatewayError(await emu.request("POST", q(`${provider("Microsoft.Nope")}/register`, API)), 404, "InvalidResourceNamespace", text);
  assertGatewayError(await emu.request("POST", q(`${provider("Microsoft.Nope")}/unregister`, API)), 404, "InvalidResourceNamespace", text);
});

test("an unknown api-version is 400 InvalidApiVersionParameter on the providers API and the resource lists", async () => {
  const text = /^The api-version '2099-01-01' is invalid\. The supported versions are '2025-04-01,2025-03-01,.*,2015-11-01'\.$/;
  assertGatewayError(await emu.request("GET", q(providers, "2099-01-01")), 400, "InvalidApiVersionParameter", text);
  assertGatewayError(await emu.request("GET", q(provider("Microsoft.ContainerService"), "2099-01-01")), 400, "InvalidApiVersionParameter", text);
  assertGatewayError(await emu.request("POST", q(`${provider("Microsoft.ContainerService")}/register`, "2099-01-01")), 400, "InvalidApiVersionParameter", text);
  assertGatewayError(await emu.request("GET", q(`/subscriptions/${SUB}/resources`, "2099-01-01")), 400, "InvalidApiVersionParameter", text);
  assertGatewayError(await emu.request("GET", q(`${rgPath("rg-list")}/resources`, "2099-01-01")), 400, "InvalidApiVersionParameter", text);
});

// ---------------------------------------------------------------------------------------------
// registration

const state = async (e: Emulator, ns = "Microsoft.ContainerService") => {
  const res = await e.request("GET", q(provider(ns), API));
  assertStatus(res, 200);
  return res.json.registrationState as string;
};
const post = async (e: Emulator, action: "register" | "unregister", ns = "Microsoft.ContainerService") => {
  const res = await e.request("POST", q(`${provider(ns)}/${action}`, API));
  assertStatus(res, 200);
  // The body of Providers_Get, in the namespace's own casing whatever the path's.
  assert.ok(["Microsoft.ContainerService", "Microsoft.Resources"].includes(res.json.namespace), res.json.namespace);
  assert.equal(res.json.namespace.toLowerCase(), ns.toLowerCase());
  assert.ok(Array.isArray(res.json.resourceTypes));
  return res.json.registrationState as string;
};

test("unregister and register move the state with the virtual clock (10 s each)", async () => {
  const e = refreshing(await startEmulator());
  try {
    // Already registered: nothing to do, the answer says so (az stops at once).
    assert.equal(await post(e, "register"), "Registered");
    assert.equal(await post(e, "unregister"), "Unregistering");
    assert.equal(await state(e), "Unregistering");
    assert.equal(await post(e, "unregister"), "Unregistering", "asking again changes nothing");
    await advance(e, "PT9S");
    assert.equal(await state(e), "Unregistering");
    await advance(e, "PT1S");
    assert.equal(await state(e), "Unregistered");
    // The list says the same; the other namespaces are untouched.
    const list = await e.request("GET", q(providers, API));
    assert.deepEqual(list.json.value.map((p: { namespace: string; registrationState: string }) => [p.namespace, p.registrationState]), KNOWN.map((ns) => [ns, ns === "Microsoft.ContainerService" ? "Unregistered" : "Registered"]));
    assert.equal(await post(e, "register", "microsoft.containerservice"), "Registering");
    await advance(e, "PT5S");
    // A register superseded by an unregister: the unregister's 10 s count.
    assert.equal(await post(e, "unregister"), "Unregistering");
    await advance(e, "PT5S");
    assert.equal(await state(e), "Unregistering");
    await advance(e, "PT5S");
    assert.equal(await state(e), "Unregistered");
    assert.equal(await post(e, "register"), "Registering");
    await advance(e, "PT10S");
    assert.equal(await state(e), "Registered");
  } finally {
    await e.close();
  }
});

test("an unregistered namespace is refused at ARM's gate (409 MissingSubscriptionRegistration) until registered again", async () => {
  const e = refreshing(await startEmulator());
  try {
    await putGroup(e, "rg-gate");
    assert.equal(await post(e, "unregister"), "Unregistering");
    // Refused from the moment the unregister starts, reads as well as writes; the providers API stays open.
    const text = "The subscription is not registered to use namespace 'Microsoft.ContainerService'. See https://aka.ms/rps-not-found for how to register subscriptions.";
    assertGatewayError(await e.request("PUT", q(mcPath("rg-gate", "c1"), "2026-04-01"), { body: clusterBody() }), 409, "MissingSubscriptionRegistration", text);
    await advance(e, "PT10S");
    assertGatewayError(await e.request("GET", q(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`, "2026-04-01")), 409, "MissingSubscriptionRegistration", text);
    assertStatus(await e.request("GET", q(rgPath("rg-gate"), API)), 200);
    assert.equal(await post(e, "register"), "Registering");
    assertGatewayError(await e.request("PUT", q(mcPath("rg-gate", "c1"), "2026-04-01"), { body: clusterBody() }), 409, "MissingSubscriptionRegistration", text);
    await advance(e, "PT10S");
    assert.ok([200, 201].includes((await e.request("PUT", q(mcPath("rg-gate", "c1"), "2026-04-01"), { body: clusterBody() })).status));
  } finally {
    await e.close();
  }
});

test("with an instant clock a registration settles at once", async () => {
  const e = await startEmulator({ clock: "instant" });
  try {
    assert.equal(await post(e, "unregister"), "Unregistering");
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(await state(e), "Unregistered");
  } finally {
    await e.close();
  }
});

test("registration state survives a restart, settled or in flight", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "aksemu-providers-"));
  try {
    const first = refreshing(await startEmulator({ dataDir }));
    assert.equal(await post(first, "unregister"), "Unregistering");
    await advance(first, "PT10S");
    assert.equal(await post(first, "register"), "Registering");
    assert.equal(await post(first, "unregister", "Microsoft.Resources"), "Unregistering");
    await advance(first, "PT10S");
    assert.equal(await post(first, "unregister"), "Unregistering");
    await first.close();

    const second = refreshing(await startEmulator({ dataDir }));
    try {
      assert.equal(await state(second), "Unregistering");
      assert.equal(await state(second, "Microsoft.Resources"), "Unregistered");
      await advance(second, "PT10S");
      assert.equal(await state(second), "Unregistered");
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// generic resource lists

const list = async (path: string) => {
  const res = await emu.request("GET", q(path, API));
  assertStatus(res, 200);
  assert.deepEqual(Object.keys(res.json), ["value"]);
  return res.json.value as { id: string; name: string; type: string; location: string; tags?: Record<string, string> }[];
};
const subResources = (filter?: string) => `/subscriptions/${SUB}/resources${filter === undefined ? "" : `?$filter=${encodeURIComponent(filter)}`}`;

const CLUSTERS = "Microsoft.ContainerService/managedClusters";
const SCALE_SETS = "Microsoft.Compute/virtualMachineScaleSets";
/** What AKS keeps of a (CNI Overlay) cluster's network in its node resource group, in id order. */
const NODE_NETWORK = ["Microsoft.Network/loadBalancers", "Microsoft.Network/networkSecurityGroups", "Microsoft.Network/publicIPAddresses", "Microsoft.Network/virtualNetworks"];
const clustersOnly = <T extends { type: string }>(rs: T[]) => rs.filter((r) => r.type === CLUSTERS);

test("GET /resources lists every top-level tracked resource: not groups, not child resources", async () => {
  const all = await list(subResources());
  // The clusters, and each one's node pool scale set and network in its node resource group (MC_...), in id order.
  assert.deepEqual(all.map((r) => r.type), [SCALE_SETS, ...NODE_NETWORK, SCALE_SETS, ...NODE_NETWORK, CLUSTERS, CLUSTERS]);
  assert.match(all[0]!.id, /^\/subscriptions\/[^/]+\/resourceGroups\/MC_rg-list_c1_eastus\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/aks-nodepool1-\d{8}-vmss$/);
  assert.match(all[5]!.id, /\/resourceGroups\/MC_rg-other_c2_westeurope\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/aks-nodepool1-\d{8}-vmss$/);
  assert.deepEqual(clustersOnly(all).map((r) => r.id), [mcPath("rg-list", "c1"), mcPath("rg-other", "c2")]);
  const c1 = clustersOnly(all)[0]!;
  assert.deepEqual({ id: c1.id, name: c1.name, type: c1.type, location: c1.location, tags: c1.tags }, {
    id: `/subscriptions/${SUB}/resourceGroups/rg-list/providers/Microsoft.ContainerService/managedClusters/c1`,
    name: "c1",
    type: "Microsoft.ContainerService/managedClusters",
    location: "eastus",
    tags: { env: "dev", team: "a" },
  });
  assert.equal(clustersOnly(all)[1]!.tags, undefined);
  // az sends an empty $filter when it has none.
  assert.deepEqual(clustersOnly(await list(subResources(""))).map((r) => r.name), ["c1", "c2"]);
});

test("GET /resources honours the filters az resource list sends", async () => {
  const names = async (filter: string) => (await list(subResources(filter))).map((r) => r.name);
  assert.deepEqual(await names("resourceType eq 'Microsoft.ContainerService/managedClusters'"), ["c1", "c2"]);
  assert.deepEqual(await names("resourceType eq 'microsoft.containerservice/MANAGEDCLUSTERS'"), ["c1", "c2"]);
  assert.deepEqual((await names("resourceType eq 'Microsoft.Network/virtualNetworks'")).map((n) => /^aks-vnet-\d{8}$/.test(n)), [true, true]);
  assert.deepEqual(await names("name eq 'c2'"), ["c2"]);
  assert.deepEqual(await names("resourceGroup eq 'rg-list' and name eq 'c1'"), ["c1"]);
  assert.deepEqual(await names("resourceGroup eq 'RG-LIST' and resourceType eq 'Microsoft.ContainerService/managedClusters'"), ["c1"]);
  assert.deepEqual((await list(subResources("location eq 'westeurope'"))).map((r) => r.type), [SCALE_SETS, ...NODE_NETWORK, CLUSTERS]);
  assert.deepEqual(await names(`location eq 'westeurope' and resourceType eq '${CLUSTERS}'`), ["c2"]);
  assert.deepEqual(await names("tagname eq 'env' and tagvalue eq 'dev'"), ["c1"]);
  assert.deepEqual(await names("tagname eq 'env' and tagvalue eq 'prod'"), []);
  assert.deepEqual(await names("startswith(tagname, 'te')"), ["c1"]);
  assert.deepEqual((await list(`${subResources(`resourceType eq '${CLUSTERS}'`)}&$top=1`)).map((r) => r.name), ["c1"]);
  assert.deepEqual((await list(`${subResources()}?$top=1`)).map((r) => r.type), [SCALE_SETS]);
});

test("GET /resourceGroups/{rg}/resources lists that group's resources; a missing group is 404", async () => {
  assert.deepEqual((await list(`${rgPath("rg-other")}/resources`)).map((r) => r.name), ["c2"]);
  assert.deepEqual((await list(`${rgPath("rg-list")}/resources?$filter=${encodeURIComponent("name eq 'c2'")}`)).map((r) => r.name), []);
  assertGatewayError(await emu.request("GET", q(`${rgPath("rg-missing")}/resources`, API)), 404, "ResourceGroupNotFound", "Resource group 'rg-missing' could not be found.");
});

test("a $filter the lists do not understand is 400 InvalidFilterInQueryString; a bad $top is refused too", async () => {
  for (const filter of ["name ne 'c1'", "identity eq 'x'", "name eq 'c1' or name eq 'c2'", "name eq c1", "(name eq 'c1')"]) {
    assertGatewayError(await emu.request("GET", q(subResources(filter), API)), 400, "InvalidFilterInQueryString", `Invalid $filter '${filter}' specified in the query string.`);
  }
  assertGatewayError(await emu.request("GET", q(`${subResources()}?$top=zero`, API)), 400, "InvalidTopInQueryString", "Invalid $top 'zero' specified in the query string.");
  assertGatewayError(await emu.request("GET", q(`${subResources()}?$skipToken=x`, API)), 400, "InvalidSkipTokenInQueryString", "Invalid $skipToken 'x' specified in the query string.");
});
