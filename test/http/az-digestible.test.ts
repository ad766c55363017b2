// What az 2.45's acs module dereferences in AKS's answers, over literal HTTP (test/az runs az
// itself): a managed-identity cluster carries servicePrincipalProfile {"clientId": "msi"} and its
// kubelet identity, also after az PUTs the whole cluster back (`aks update`, `resource update`);
// the admin kubeconfig names its context after the cluster (az appends "-admin" as it merges).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { assertStatus, clusterBody, createCluster, finish, GUID, header, mcPath, q, refreshing } from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
});
after(() => emu.close());

const AZ_245_API = "2022-11-01";

test("a managed-identity cluster reports servicePrincipalProfile msi and identityProfile.kubeletidentity, on GET and in lists, at az 2.45's api-version", async () => {
  await createCluster(emu, "rg1", "msi");
  const got = await emu.request("GET", q(mcPath("rg1", "msi"), AZ_245_API));
  assertStatus(got, 200);
  assert.equal(got.json.identity.type, "SystemAssigned");
  assert.deepEqual(got.json.properties.servicePrincipalProfile, { clientId: "msi" });
  const kubelet = got.json.properties.identityProfile.kubeletidentity;
  assert.equal(kubelet.resourceId, `/subscriptions/${SUB}/resourcegroups/MC_rg1_msi_eastus/providers/Microsoft.ManagedIdentity/userAssignedIdentities/msi-agentpool`);
  assert.match(kubelet.clientId, GUID);
  assert.match(kubelet.objectId, GUID);
  const listed = await emu.request("GET", q(`/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters`, AZ_245_API));
  assertStatus(listed, 200);
  const mine = listed.json.value.find((c: { name: string }) => c.name === "msi");
  assert.deepEqual(mine.properties.servicePrincipalProfile, { clientId: "msi" });
  assert.deepEqual(mine.properties.identityProfile, got.json.properties.identityProfile);
});

test("PUT back what GET returned (as az aks update does): accepted, and the identity fields come back unchanged", async () => {
  const before = (await emu.request("GET", q(mcPath("rg1", "msi"), AZ_245_API))).json;
  const { id: _id, name: _name, type: _type, systemData: _sd, eTag: _etag, ...body } = before;
  const put = await emu.request("PUT", q(mcPath("rg1", "msi"), AZ_245_API), { body: { ...body, tags: { via: "az-update" } } });
  assertStatus(put, 200);
  assert.equal((await finish(emu, String(header(put, "azure-asyncoperation")))).status, "Succeeded");
  const afterwards = (await emu.request("GET", q(mcPath("rg1", "msi"), AZ_245_API))).json;
  assert.deepEqual(afterwards.tags, { via: "az-update" });
  assert.deepEqual(afterwards.properties.servicePrincipalProfile, { clientId: "msi" });
  assert.deepEqual(afterwards.properties.identityProfile, before.properties.identityProfile);
});

test("a service-principal cluster keeps its own clientId (never its secret) and gets no kubelet identity", async () => {
  const body = clusterBody({ properties: { servicePrincipalProfile: { clientId: "00000000-0000-0000-0000-0000000000aa", secret: "s3cret" } } });
  const created = await createCluster(emu, "rg1", "sp", body);
  assert.deepEqual(created.properties.servicePrincipalProfile, { clientId: "00000000-0000-0000-0000-0000000000aa" });
  assert.equal(created.properties.identityProfile, undefined);
});

test("listClusterAdminCredential: the context is named after the cluster, as the user one is (az renames it <name>-admin)", async () => {
  for (const [action, user] of [["listClusterUserCredential", "clusterUser_rg1_msi"], ["listClusterAdminCredential", "clusterAdmin_rg1_msi"]] as const) {
    const res = await emu.request("POST", q(`${mcPath("rg1", "msi")}/${action}`, AZ_245_API));
    assertStatus(res, 200);
    const kubeconfig = Buffer.from(res.json.kubeconfigs[0].value, "base64").toString("utf8");
    assert.match(kubeconfig, new RegExp(`^contexts:\\n- context:\\n    cluster: msi\\n    user: ${user}\\n  name: msi\\ncurrent-context: msi\\n`, "m"), kubeconfig);
  }
});

test("sku tier Paid (az 2.45's --uptime-sla at 2022-11-01) is accepted as the Standard tier", async () => {
  await createCluster(emu, "rg1", "sla");
  const got = (await emu.request("GET", q(mcPath("rg1", "sla"), AZ_245_API))).json;
  const put = await emu.request("PUT", q(mcPath("rg1", "sla"), AZ_245_API), { body: { ...got, sku: { name: "Basic", tier: "Paid" } } });
  assertStatus(put, 200);
  await finish(emu, header(put, "azure-asyncoperation")!);
  assert.deepEqual((await emu.request("GET", q(mcPath("rg1", "sla")))).json.sku, { name: "Basic", tier: "Standard" });
  const bad = await emu.request("PUT", q(mcPath("rg1", "sla"), AZ_245_API), { body: { ...got, sku: { name: "Base", tier: "Gold" } } });
  assert.equal(bad.status, 400);
});
