// Private DNS's and private clusters' pure rules: overlapping namespaces, zone names AKS accepts,
// the private endpoint's address, a private cluster's access and defaults, and how AKS words a
// failed private DNS step.
import assert from "node:assert/strict";
import { test } from "node:test";
import { endpointAddress } from "../../src/providers/privatedns/domain/cluster-dns.js";
import { hasEnoughLabels, overlaps, recordFqdn } from "../../src/providers/privatedns/domain/names.js";
import { isAllowedZoneName, privateAccessOf, privateDnsStepFailure, validatePrivateCluster, withPrivateDefaults } from "../../src/providers/containerservice/domain/private-cluster.js";
import { isReachableFromOutside } from "../../src/kube/clusters.js";

test("zones overlap when equal or one is a suffix of the other at a label boundary", () => {
  assert.equal(overlaps("privatelink.eastus.azmk8s.io", "abc.privatelink.eastus.azmk8s.io"), true);
  assert.equal(overlaps("A.privatelink.eastus.azmk8s.io.", "a.privatelink.eastus.azmk8s.io"), true);
  assert.equal(overlaps("abc.privatelink.eastus.azmk8s.io", "bc.privatelink.eastus.azmk8s.io"), false);
  assert.equal(overlaps("contoso.com", "contoso.net"), false);
  assert.equal(hasEnoughLabels("contoso"), false);
  assert.equal(hasEnoughLabels("contoso.com"), true);
  assert.equal(recordFqdn("@", "z.io"), "z.io.");
  assert.equal(recordFqdn("Api", "z.io"), "api.z.io.");
});

test("custom zone names AKS accepts in a region", () => {
  for (const ok of ["privatelink.eastus.azmk8s.io", "team-1.privatelink.eastus.azmk8s.io", "private.eastus.azmk8s.io", "x.private.eastus.azmk8s.io"]) assert.equal(isAllowedZoneName(ok, "eastus"), true, ok);
  for (const bad of ["privatelink.westus.azmk8s.io", "a.b.privatelink.eastus.azmk8s.io", "corp.example.com", `${"a".repeat(33)}.privatelink.eastus.azmk8s.io`, "sub-privatelink.eastus.azmk8s.io"]) assert.equal(isAllowedZoneName(bad, "eastus"), false, bad);
});

test("the private endpoint takes the last usable address of its subnet", () => {
  assert.equal(endpointAddress("10.224.0.0/16"), "10.224.255.254");
  assert.equal(endpointAddress("10.1.2.0/24"), "10.1.2.254");
  assert.equal(endpointAddress(undefined), "10.224.255.254");
});

test("a private cluster's access: system by default, the public FQDN on unless turned off (always with none)", () => {
  assert.equal(privateAccessOf({}), undefined);
  assert.deepEqual(privateAccessOf({ apiServerAccessProfile: { enablePrivateCluster: true } }), { mode: "system", publicFqdn: true });
  assert.deepEqual(privateAccessOf({ apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: "None", enablePrivateClusterPublicFQDN: false } }), { mode: "none", publicFqdn: true });
  assert.deepEqual(privateAccessOf({ apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/privateDnsZones/privatelink.eastus.azmk8s.io", enablePrivateClusterPublicFQDN: false } }), { mode: "custom", zoneId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/privateDnsZones/privatelink.eastus.azmk8s.io", publicFqdn: false });
  assert.deepEqual(withPrivateDefaults({ apiServerAccessProfile: { enablePrivateCluster: true } }), { apiServerAccessProfile: { privateDNSZone: "system", enablePrivateClusterPublicFQDN: true, enablePrivateCluster: true } });
  assert.deepEqual(withPrivateDefaults({ x: 1 }), { x: 1 });
});

test("privateDNSZone is system, none or an allowed zone's id; private or not is fixed at creation", () => {
  const p = (privateDNSZone: string) => ({ apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone } });
  assert.equal(validatePrivateCluster(p("System"), "eastus"), undefined);
  assert.equal(validatePrivateCluster(p("none"), "eastus"), undefined);
  assert.equal(validatePrivateCluster(p("/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/privateDnsZones/privatelink.eastus.azmk8s.io"), "eastus"), undefined);
  assert.equal(validatePrivateCluster(p("/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/privateDnsZones/privatelink.westus.azmk8s.io"), "eastus")?.refused, "invalidPrivateDnsZone");
  assert.equal(validatePrivateCluster(p("contoso"), "eastus")?.refused, "invalidPrivateDnsZone");
  const stored = { apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: "system" } };
  assert.deepEqual(validatePrivateCluster({ apiServerAccessProfile: { enablePrivateCluster: false } }, "eastus", stored), { refused: "propertyChangeNotAllowed", params: { target: "apiServerAccessProfile.enablePrivateCluster" } });
  assert.deepEqual(validatePrivateCluster(p("none"), "eastus", stored), { refused: "propertyChangeNotAllowed", params: { target: "apiServerAccessProfile.privateDNSZone" } });
  assert.equal(validatePrivateCluster({}, "eastus", stored), undefined);
});

test("a failed private DNS step as AKS words it", () => {
  const dns = { zoneId: "/subscriptions/s/resourceGroups/MC_g/providers/Microsoft.Network/privateDnsZones/z.privatelink.eastus.azmk8s.io", managed: true, recordName: "c-1", subnetId: "x", virtualNetworkId: "v", linkName: "l1", tags: {} };
  const failed = (type: "ensureClusterDns" | "verifyClusterDns", code: string, message: string) =>
    privateDnsStepFailure({ step: { name: "n", durationMs: 0, action: { type, dns } as { type: string }, provider: "Microsoft.Network/privateDnsZones" }, error: { code, message }, op: {} as never });
  assert.deepEqual(failed("ensureClusterDns", "BadRequest", "M."), {
    code: "CreateOrUpdateVirtualNetworkLinkFailed",
    message: "Reconcile private dns failed. Details: Create or update virtual network link failed. Subscription: s; resource group: MC_g; private dns zone: z.privatelink.eastus.azmk8s.io; virtual network link: l1. Message: M.",
    details: [{ code: "BadRequest", message: "M." }],
  });
  assert.equal(failed("verifyClusterDns", "NotFound", "N.").message, "Reconcile private dns failed. Details: Get private dns record set failed. Subscription: s; resource group: MC_g; private dns zone: z.privatelink.eastus.azmk8s.io; record set: A/c-1. Message: N.");
  assert.equal(failed("verifyClusterDns", "ResourceNotFound", "R.").code, "InternalOperationError");
});

test("a private cluster is not reachable from outside; a stopped one neither", () => {
  assert.equal(isReachableFromOutside({ reachable: true }), true);
  assert.equal(isReachableFromOutside({ reachable: true, private: true }), false);
  assert.equal(isReachableFromOutside({ reachable: false }), false);
});
