// AKS's outbound reconciler on the `kubernetes` load balancer (network/domain/lb-reconcile.ts), and
// Network's policy view: what AKS's PUT keeps, what it drops, and the reference Network refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadBalancerReferenceRefusal, reconcileAksLoadBalancer, sameLoadBalancer } from "../../src/providers/network/domain/lb-reconcile.js";
import { aksLoadBalancer } from "../../src/providers/network/domain/load-balancers.js";
import { networkPolicyView } from "../../src/providers/network/policy-view.js";
import type { LoadBalancerRecord, PublicIpRecord } from "../../src/providers/network/domain/records.js";

const G = "/subscriptions/s/resourceGroups/MC_rg_c_eastus/providers/Microsoft.Network";
const LB = `${G}/loadBalancers/kubernetes`;
const ip = (n: string) => `${G}/publicIPAddresses/${n}`;
const make = (ips: string[]) => aksLoadBalancer({ id: LB, subscriptionId: "s", resourceGroup: "MC_rg_c_eastus", location: "eastus", tags: {}, ipIds: ips });
const managed = (id: string) => id.includes("/managed");
const ruleRefs = (lb: LoadBalancerRecord) => ((lb.outboundRules[0]!["properties"] as { frontendIPConfigurations: { id: string }[] }).frontendIPConfigurations).map((f) => f.id);

test("no load balancer yet: AKS's own", () => {
  const desired = make([ip("managed1")]);
  assert.equal(reconcileAksLoadBalancer(undefined, desired, managed), desired);
});

test("a managed outbound IP no longer wanted goes, with the rule's reference to it; a Service's frontend and rule stay", () => {
  const current = make([ip("managed1"), ip("managed2")]);
  const service = { name: "svc", id: `${LB}/frontendIPConfigurations/svc`, type: "x", properties: { publicIPAddress: { id: ip("svc-ip") } } };
  const rule = { name: "svc-rule", id: `${LB}/loadBalancingRules/svc-rule`, type: "x", properties: { frontendIPConfiguration: { id: service.id } } };
  const next = reconcileAksLoadBalancer({ ...current, frontendIPConfigurations: [...current.frontendIPConfigurations, service], loadBalancingRules: [rule] }, make([ip("managed1")]), managed);
  assert.deepEqual(next.frontendIPConfigurations.map((f) => f["name"]), ["svc", "managed1"]);
  assert.deepEqual(ruleRefs(next), [`${LB}/frontendIPConfigurations/managed1`]);
  assert.deepEqual(next.loadBalancingRules, [rule]);
  assert.equal(loadBalancerReferenceRefusal(next, () => true), undefined);
  assert.equal(sameLoadBalancer(next, next), true);
  assert.equal(sameLoadBalancer(current, next), false);
});

test("a frontend aksOutboundRule names by hand is kept; gone from the load balancer, Network refuses the PUT with InvalidResourceReference", () => {
  const current = make([ip("managed1")]);
  const lost = `${LB}/frontendIPConfigurations/mine`;
  const edited: LoadBalancerRecord = { ...current, outboundRules: [{ ...current.outboundRules[0]!, properties: { ...(current.outboundRules[0]!["properties"] as object), frontendIPConfigurations: [{ id: `${LB}/frontendIPConfigurations/managed1` }, { id: lost }] } }] };
  const next = reconcileAksLoadBalancer(edited, make([ip("managed1")]), managed);
  assert.deepEqual(ruleRefs(next), [`${LB}/frontendIPConfigurations/managed1`, lost]);
  assert.deepEqual(loadBalancerReferenceRefusal(next, () => true), { refused: "invalidResourceReference", params: { ref: lost, by: `${LB}/outboundRules/aksOutboundRule` } });
  // A frontend whose public IP is gone is judged first.
  assert.deepEqual(loadBalancerReferenceRefusal(next, () => false), { refused: "invalidResourceReference", params: { ref: ip("managed1"), by: `${LB}/frontendIPConfigurations/managed1` } });
});

test("policy sees Network's records as their GETs show them, and only on the step that PUTs them", () => {
  const pip: PublicIpRecord = { kind: "publicIPAddress", id: ip("managed1"), subscriptionId: "s", resourceGroup: "MC_rg_c_eastus", name: "managed1", location: "eastus", tags: {}, sku: { name: "Standard", tier: "Regional" }, allocationMethod: "Static", version: "IPv4", idleTimeoutInMinutes: 4, provisioningState: "Succeeded", resourceGuid: "g" };
  const view = networkPolicyView(ip("managed1").toLowerCase(), pip);
  assert.deepEqual([view?.type, view?.name, view?.location, (view?.sku as { name: string }).name], ["Microsoft.Network/publicIPAddresses", "managed1", "eastus", "Standard"]);
  const step = (type: string) => ({ name: "s", durationMs: 0, action: { type } });
  assert.ok(networkPolicyView("k", pip, step("ensureClusterNetwork")));
  assert.equal(networkPolicyView("k", pip, step("claimAddresses")), undefined);
  assert.equal(networkPolicyView("k", pip, step("deleteClusterNetwork")), undefined);
  assert.equal(networkPolicyView("k", { kind: "virtualMachineScaleSet", id: "x" }), undefined);
});
