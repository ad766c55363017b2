// The cluster's `kubernetes` load balancer over raw HTTPS: seed 002's "Cluster Load Balancer
// InvalidResourceReference error" (scenario load-balancer-reference-missing: aksOutboundRule names
// a frontend deleted out of band; the next scale fails with Network's text inside AKS's outbound
// reconciler text, the pool Failed, a Failed event in the activity log; the frontend and its public
// IP restored, the scale succeeds), and Azure Policy judging what AKS creates in the node resource
// group (a deny on Standard public IPs fails the create with AKS's preflight text).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { apPath, assertStatus, clusterBody, createCluster, mcPath, putToEnd, q, rgPath } from "./helpers.js";
import { netGet, netPut } from "./network-helpers.js";

const NET = "2025-09-01";
const S = `/subscriptions/${SUB}`;
const N = (rg: string) => `${rgPath(rg)}/providers/Microsoft.Network`;
const LOG = `${S}/providers/Microsoft.Insights/eventtypes/management/values`;

let emu: Emulator;
before(async () => {
  emu = await startEmulator();
  await emu.createGroup("rg1");
});
after(() => emu.close());

/** The load balancer detector's answer: its status id (0 Critical .. 3 Success), first insight's rows and its name/value data. */
async function detector(cluster: string) {
  const res = await emu.request("GET", `${mcPath("rg1", cluster)}/detectors/load-balancer-invalid-reference?api-version=2024-08-01`);
  assertStatus(res, 200);
  const rows = res.json.properties.dataset[0].table.rows as string[][];
  return { statusId: res.json.properties.status.statusId as number, rows, data: Object.fromEntries(rows.filter((r) => r[2] !== "").map((r) => [r[2], r[3]])) };
}
const pool = (count: number) => ({ properties: { count, vmSize: "Standard_DS2_v2", mode: "System" } });

describe("the cluster's load balancer", () => {
  test("load-balancer-reference-missing: a scale fails with InvalidResourceReference in AKS's outbound reconciler text; the frontend and its public IP restored, the scale succeeds", async () => {
    await createCluster(emu, "rg1", "lbc", clusterBody({ properties: { agentPoolProfiles: [{ name: "nodepool1", count: 2, vmSize: "Standard_DS2_v2", mode: "System" }] } }));
    const mc = "MC_rg1_lbc_eastus";
    const lbId = `${N(mc)}/loadBalancers/kubernetes`;
    const res = await emu.request("POST", "/_aksemu/scenarios/load-balancer-reference-missing", { body: { resourceGroup: "rg1", cluster: "lbc" } });
    assertStatus(res, 200);
    const frontend = `${lbId}/frontendIPConfigurations/aksemu-outbound-frontend`;
    assert.deepEqual(res.json.applied, { loadBalancer: lbId, rule: `${lbId}/outboundRules/aksOutboundRule`, missingFrontend: frontend, missingPublicIp: `${N(mc)}/publicIPAddresses/aksemu-outbound-ip` });
    // The rule still names the frontend; the load balancer has none of that name.
    const lb = await netGet(emu, lbId);
    assert.deepEqual(lb.properties.outboundRules[0].properties.frontendIPConfigurations.map((f: any) => f.id).slice(-1), [frontend]);
    assert.equal(lb.properties.frontendIPConfigurations.some((f: any) => f.id === frontend), false);

    const t0 = (await emu.request("GET", "/_aksemu/clock")).json.now as string;
    const failed = await putToEnd(emu, apPath("rg1", "lbc", "nodepool1"), pool(3));
    const inner = `Resource ${frontend} referenced by resource ${lbId}/outboundRules/aksOutboundRule was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`;
    assert.deepEqual(failed.error, {
      code: "InvalidResourceReference",
      message: `Reconcile standard load balancer failed. Details: outboundReconciler retry failed: Category: ClientError; SubCode: InvalidResourceReference; Dependency: Microsoft.Network/LoadBalancers; OrginalError: Code="InvalidResourceReference" Message="${inner}" Details=[]; AKSTeam: Networking, Retriable: false.`,
      details: [{ code: "InvalidResourceReference", message: inner }],
    });
    const got = (await emu.request("GET", q(apPath("rg1", "lbc", "nodepool1")))).json;
    assert.deepEqual([got.properties.provisioningState, got.properties.count], ["Failed", 3]);
    // Nothing was scaled: the reconcile comes first.
    const sets = (await emu.request("GET", q(`${rgPath(mc)}/providers/Microsoft.Compute/virtualMachineScaleSets`, "2024-07-01"))).json.value;
    assert.equal(sets[0].sku.capacity, 2);
    const filter = encodeURIComponent(`eventTimestamp ge '${t0}' and status eq 'Failed'`);
    const events = (await emu.request("GET", `${LOG}?api-version=2015-04-01&$filter=${filter}`)).json.value as any[];
    const event = events.find((e) => String(e.resourceId).toLowerCase() === apPath("rg1", "lbc", "nodepool1").toLowerCase());
    assert.ok(event, JSON.stringify(events.map((e) => e.resourceId)));
    assert.equal(JSON.parse(event.properties.statusMessage).error.code, "InvalidResourceReference");

    // Diagnose and solve problems names the cause, the missing reference and the remedy.
    const d = await detector("lbc");
    assert.deepEqual([d.statusId, d.rows[0]![0], d.data["Missing reference"], d.data["Referenced by"], d.data["Exists now"]], [0, "Critical", frontend, `${lbId}/outboundRules/aksOutboundRule`, "no"]);

    // The remedy: the public IP and the frontend back, then the same scale.
    const ip = `${N(mc)}/publicIPAddresses/aksemu-outbound-ip`;
    await netPut(emu, ip, { location: "eastus", sku: { name: "Standard" }, properties: { publicIPAllocationMethod: "Static" } });
    const current = await netGet(emu, lbId);
    current.properties.frontendIPConfigurations.push({ name: "aksemu-outbound-frontend", properties: { publicIPAddress: { id: ip } } });
    await netPut(emu, lbId, current);
    assert.equal((await netGet(emu, ip)).properties.ipConfiguration.id, frontend);
    assert.equal((await detector("lbc")).rows[0]![0], "Warning", "back, not yet reconciled");
    const fixed = await putToEnd(emu, apPath("rg1", "lbc", "nodepool1"), pool(3));
    assert.equal(fixed.status, "Succeeded", JSON.stringify(fixed));
    assert.equal((await detector("lbc")).statusId, 3);
    // AKS kept the frontend the rule names by hand, beside its own.
    const after = await netGet(emu, lbId);
    assert.deepEqual(after.properties.outboundRules[0].properties.frontendIPConfigurations.length, 2);
    assert.equal(after.properties.frontendIPConfigurations.length, 2);
  });

  test("a reconcile PUT of the cluster fails the same way until the dangling reference is dropped from aksOutboundRule", async () => {
    await createCluster(emu, "rg1", "lbd");
    const lbId = `${N("MC_rg1_lbd_eastus")}/loadBalancers/kubernetes`;
    assertStatus(await emu.request("POST", "/_aksemu/scenarios/load-balancer-reference-missing", { body: { resourceGroup: "rg1", cluster: "lbd" } }), 200);
    const st = await putToEnd(emu, mcPath("rg1", "lbd"), clusterBody());
    assert.deepEqual([st.status, st.error.code], ["Failed", "InvalidResourceReference"]);
    assert.equal((await emu.request("GET", q(mcPath("rg1", "lbd")))).json.properties.provisioningState, "Failed");
    const lb = await netGet(emu, lbId);
    const rule = lb.properties.outboundRules[0].properties;
    rule.frontendIPConfigurations = rule.frontendIPConfigurations.filter((f: any) => !f.id.endsWith("/aksemu-outbound-frontend"));
    await netPut(emu, lbId, lb);
    const fixed = await putToEnd(emu, mcPath("rg1", "lbd"), clusterBody());
    assert.equal(fixed.status, "Succeeded", JSON.stringify(fixed));
  });

  test("a cluster with no load balancer (outboundType userDefinedRouting) cannot take the scenario", async () => {
    await createCluster(emu, "rg1", "udr", clusterBody({ properties: { networkProfile: { outboundType: "userDefinedRouting" } } }));
    const res = await emu.request("POST", "/_aksemu/scenarios/load-balancer-reference-missing", { body: { resourceGroup: "rg1", cluster: "udr" } });
    assertStatus(res, 400);
    assert.match(res.json.error.message, /needs the cluster's `kubernetes` load balancer/);
  });
});

describe("Azure Policy on the network AKS creates", () => {
  test("a deny on Standard public IPs (alias Microsoft.Network/publicIPAddresses/sku.name) fails the create at the outbound IP with AKS's preflight text; removing the assignment, a reconcile succeeds", async () => {
    const def = `${S}/providers/Microsoft.Authorization/policyDefinitions/deny-standard-public-ips`;
    const rule = { if: { allOf: [{ field: "type", equals: "Microsoft.Network/publicIPAddresses" }, { field: "Microsoft.Network/publicIPAddresses/sku.name", equals: "Standard" }] }, then: { effect: "deny" } };
    assertStatus(await emu.request("PUT", q(def, "2025-11-01"), { body: { properties: { displayName: "No Standard public IPs", mode: "All", policyRule: rule } } }), 201);
    const assignment = `${S}/providers/Microsoft.Authorization/policyAssignments/no-standard-ips`;
    assertStatus(await emu.request("PUT", q(assignment, "2025-11-01"), { body: { properties: { policyDefinitionId: def } } }), 201);
    // A user's own PUT is refused at ARM's gate.
    await emu.createGroup("rgp");
    const own = await emu.request("PUT", q(`${N("rgp")}/publicIPAddresses/mine`, NET), { body: { location: "eastus", sku: { name: "Standard" } } });
    assertStatus(own, 403);
    assert.equal(own.json.error.code, "RequestDisallowedByPolicy");

    const st = await putToEnd(emu, mcPath("rg1", "pol"), clusterBody());
    assert.equal(st.status, "Failed");
    assert.equal(st.error.code, "RequestDisallowedByPolicy");
    assert.match(st.error.message, /^Preflight validation check for resource\(s\) for container service pol in resource group MC_rg1_pol_eastus failed\. Message: Resource '[0-9a-f-]{36}' was disallowed by policy\. Policy identifiers: '\[\{"policyAssignment":\{"name":"no-standard-ips","id":"[^"]+\/policyAssignments\/no-standard-ips"\}/);
    // The NSG and VNet went in before it; the denied IP did not.
    assert.equal((await netGet(emu, `${N("MC_rg1_pol_eastus")}/publicIPAddresses`)).value.length, 0);
    assertStatus(await emu.request("DELETE", q(assignment, "2025-11-01")), 200);
    const fixed = await putToEnd(emu, mcPath("rg1", "pol"), clusterBody());
    assert.equal(fixed.status, "Succeeded", JSON.stringify(fixed));
    assert.equal((await netGet(emu, `${N("MC_rg1_pol_eastus")}/publicIPAddresses`)).value.length, 1);
  });
});
