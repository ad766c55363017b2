// The identity fields a managed cluster's wire JSON carries, as real AKS returns them. az 2.45's
// `aks show`/`aks list` (acs/custom.py `_remove_nulls`) dereference `servicePrincipalProfile` and
// crash ("'NoneType' object has no attribute 'secret'") when a managed-identity cluster has none.
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderCluster } from "../../src/providers/containerservice/wire/render.js";
import { cluster } from "./support/records.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const props = (c: ReturnType<typeof cluster>) => renderCluster(c, []).properties as Record<string, any>;

test("a system-assigned cluster reports servicePrincipalProfile {clientId: msi} and its kubelet identity in the node resource group", () => {
  const c = cluster({ envelope: { identity: { type: "SystemAssigned", principalId: "p", tenantId: "t" } }, spec: { kubernetesVersion: "1.32.7", nodeResourceGroup: "MC_rg_c1_eastus" } });
  const p = props(c);
  assert.deepEqual(p["servicePrincipalProfile"], { clientId: "msi" });
  const kubelet = p["identityProfile"].kubeletidentity;
  assert.deepEqual(Object.keys(kubelet), ["resourceId", "clientId", "objectId"]);
  assert.equal(kubelet.resourceId, "/subscriptions/s/resourcegroups/MC_rg_c1_eastus/providers/Microsoft.ManagedIdentity/userAssignedIdentities/c1-agentpool");
  assert.match(kubelet.clientId, GUID);
  assert.match(kubelet.objectId, GUID);
  assert.notEqual(kubelet.clientId, kubelet.objectId);
  // the same on every read, and another cluster's differ
  assert.deepEqual(props(c)["identityProfile"], p["identityProfile"]);
  assert.notEqual(props({ ...c, uid: "fedcba9876543210fedcba98" })["identityProfile"].kubeletidentity.clientId, kubelet.clientId);
});

test("a user-assigned cluster is managed too (the type is matched without case)", () => {
  const p = props(cluster({ envelope: { identity: { type: "userAssigned", userAssignedIdentities: { "/x": {} } } }, spec: { nodeResourceGroup: "MC_rg_c1_eastus" } }));
  assert.deepEqual(p["servicePrincipalProfile"], { clientId: "msi" });
  assert.ok(p["identityProfile"].kubeletidentity);
});

test("what the caller sent wins: a service principal (its secret never returned), a bring-your-own kubelet identity, a PUT-back {clientId: msi}", () => {
  const sp = props(cluster({ envelope: { identity: { type: "SystemAssigned" } }, spec: { servicePrincipalProfile: { clientId: "app-id", secret: "s3cret" } } }));
  assert.deepEqual(sp["servicePrincipalProfile"], { clientId: "app-id" });
  assert.equal(sp["identityProfile"], undefined, "its kubelet runs as the service principal");
  const own = { kubeletidentity: { resourceId: "/own", clientId: "c", objectId: "o" } };
  assert.deepEqual(props(cluster({ envelope: { identity: { type: "UserAssigned" } }, spec: { identityProfile: own } }))["identityProfile"], own);
  assert.deepEqual(props(cluster({ envelope: { identity: { type: "SystemAssigned" } }, spec: { servicePrincipalProfile: { clientId: "msi" } } }))["servicePrincipalProfile"], { clientId: "msi" });
});

test("a cluster without a managed identity gets neither field invented", () => {
  for (const envelope of [{}, { identity: { type: "None" } }]) {
    const p = props(cluster({ envelope, spec: { servicePrincipalProfile: { clientId: "app-id" } } }));
    assert.deepEqual(p["servicePrincipalProfile"], { clientId: "app-id" });
    assert.equal(p["identityProfile"], undefined);
    assert.equal(props(cluster({ envelope }))["servicePrincipalProfile"], undefined);
  }
});
