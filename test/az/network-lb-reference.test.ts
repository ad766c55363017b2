// Seed 002's "Cluster Load Balancer InvalidResourceReference error" through the real az 2.45 (proxy
// mode): the scenario load-balancer-reference-missing, `az aks nodepool scale` failing with az's block
// for AKS's error (Network's text inside), the pool Failed and the activity log's Failed event; the
// article's remedy with `az rest` (Debian's az 2.45 crashes in every `az network` command, see
// network.test.ts): the public IP re-created, the load balancer PUT with the frontend back; then the
// seed's reconcile (az resource update --ids) succeeds with the pool at its new count.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SUB } from "../support/emulator.js";
import { azSkip } from "./support/clis.js";
import { azSession } from "./support/session.js";

const RG = "rg-lbref";
const MC = `/subscriptions/${SUB}/resourceGroups/MC_${RG}_c1_eastus/providers/Microsoft.Network`;
const LB = `${MC}/loadBalancers/kubernetes`;

const session = azSession("network load balancer reference", { setup: (emu) => emu.createGroup(RG) });
const { ok } = session;
const rest = session.restAt("2022-05-01");

describe("InvalidResourceReference through az 2.45", { skip: azSkip() }, () => {
  test("az aks nodepool scale fails with InvalidResourceReference; az rest restores the public IP and the frontend; az resource update --ids reconciles", async () => {
    await ok(["aks", "create", "-g", RG, "-n", "c1", "-c", "2", "--generate-ssh-keys", "-o", "none"]);
    const applied = await session.emu.request("POST", "/_aksemu/scenarios/load-balancer-reference-missing", { body: { resourceGroup: RG, cluster: "c1" } });
    assert.equal(applied.status, 200, applied.text);
    const frontend = `${LB}/frontendIPConfigurations/aksemu-outbound-frontend`;
    const t0 = (await session.emu.request("GET", "/_aksemu/clock")).json.now as string;

    const r = await session.az.run(["aks", "nodepool", "scale", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1", "-c", "3"]);
    assert.equal(r.code, 1, r.stdout);
    const inner = `Resource ${frontend} referenced by resource ${LB}/outboundRules/aksOutboundRule was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`;
    const message = `Reconcile standard load balancer failed. Details: outboundReconciler retry failed: Category: ClientError; SubCode: InvalidResourceReference; Dependency: Microsoft.Network/LoadBalancers; OrginalError: Code="InvalidResourceReference" Message="${inner}" Details=[]; AKSTeam: Networking, Retriable: false.`;
    assert.ok(r.stderr.includes(`(InvalidResourceReference) ${message}\nCode: InvalidResourceReference\nMessage: ${message}`), r.stderr);
    assert.equal((await ok(["aks", "nodepool", "show", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1", "--query", "provisioningState", "-o", "tsv"])).trim(), "Failed");
    const events = JSON.parse(await ok(["monitor", "activity-log", "list", "--resource-group", RG, "--status", "Failed", "--start-time", t0, "--offset", "1d", "--query", "[].properties.statusMessage", "-o", "json"])) as string[];
    assert.deepEqual(events.map((m) => JSON.parse(m).error.code), ["InvalidResourceReference"]);

    const ip = await rest("put", `${MC}/publicIPAddresses/aksemu-outbound-ip`, { location: "eastus", sku: { name: "Standard" }, properties: { publicIPAllocationMethod: "Static" } });
    const lb = await rest("get", LB);
    lb.properties.frontendIPConfigurations.push({ name: "aksemu-outbound-frontend", properties: { publicIPAddress: { id: ip.id } } });
    await rest("put", LB, lb);
    assert.equal(await rest("get", `${MC}/publicIPAddresses/aksemu-outbound-ip`, undefined, "properties.ipConfiguration.id"), frontend);

    // The seed's reconcile (az refuses the same scale again client-side: the count is already 3).
    await ok(["resource", "update", "--ids", `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c1`, "-o", "none"]);
    assert.equal((await ok(["aks", "nodepool", "show", "-g", RG, "--cluster-name", "c1", "-n", "nodepool1", "--query", "[provisioningState, count]", "-o", "tsv"])).trim(), "Succeeded\n3");
  });
});
