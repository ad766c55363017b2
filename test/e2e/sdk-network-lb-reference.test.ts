// Seed 002's "Cluster Load Balancer InvalidResourceReference error" through the official SDKs
// (@azure/arm-containerservice and @azure/arm-network, unmodified but for endpoint and credential):
// the scenario load-balancer-reference-missing, the pool scale the SDK sees fail with AKS's text and
// Network's inside, the pool Failed; the public IP and the frontend restored with the Network SDK,
// the same scale succeeds.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { ContainerServiceClient } from "@azure/arm-containerservice";
import { NetworkManagementClient } from "@azure/arm-network";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { credentialFor, FAST } from "../support/sdk.js";
import { arm, clients, clusterBody } from "./helpers/aks.js";

const RG = "rg-lbref";
const MC = "MC_rg-lbref_c1_eastus";
let emu: Emulator;
let aks: ContainerServiceClient;
let net: NetworkManagementClient;
before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup(RG);
  aks = clients(emu).client;
  net = new NetworkManagementClient(credentialFor(emu), SUB, { endpoint: emu.url });
  await aks.managedClusters.beginCreateOrUpdateAndWait(RG, "c1", clusterBody({ pools: [{ name: "nodepool1", count: 2 }] }), FAST);
});
after(() => emu.close());

test("load-balancer-reference-missing: the scale fails with InvalidResourceReference; the frontend and public IP re-created with the Network SDK, the scale succeeds", async () => {
  const res = await arm(emu, "POST", "/_aksemu/scenarios/load-balancer-reference-missing", { resourceGroup: RG, cluster: "c1" });
  assert.equal(res.status, 200, res.text);
  const frontend = res.json.applied.missingFrontend as string;
  const lb = await net.loadBalancers.get(MC, "kubernetes");
  assert.ok(lb.outboundRules![0]!.frontendIPConfigurations!.some((f) => f.id === frontend));
  const scale = { count: 3, mode: "System", vmSize: "Standard_DS2_v2" } as const;
  await assert.rejects(aks.agentPools.beginCreateOrUpdateAndWait(RG, "c1", "nodepool1", scale, FAST), (e: any) => {
    assert.ok(e.message.startsWith("The long-running operation has failed. InvalidResourceReference. Reconcile standard load balancer failed. Details: outboundReconciler retry failed:"), e.message);
    assert.ok(
      e.message.includes(`OrginalError: Code="InvalidResourceReference" Message="Resource ${frontend} referenced by resource ${lb.id}/outboundRules/aksOutboundRule was not found. Please make sure that the referenced resource exists, and that both resources are in the same region." Details=[]`),
      e.message,
    );
    return true;
  });
  assert.equal((await aks.agentPools.get(RG, "c1", "nodepool1")).provisioningState, "Failed");

  const ip = await net.publicIPAddresses.beginCreateOrUpdateAndWait(MC, "aksemu-outbound-ip", { location: "eastus", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" }, FAST);
  const current = await net.loadBalancers.get(MC, "kubernetes");
  current.frontendIPConfigurations!.push({ name: "aksemu-outbound-frontend", publicIPAddress: { id: ip.id } });
  const restored = await net.loadBalancers.beginCreateOrUpdateAndWait(MC, "kubernetes", current, FAST);
  assert.equal(restored.provisioningState, "Succeeded");
  const pool = await aks.agentPools.beginCreateOrUpdateAndWait(RG, "c1", "nodepool1", scale, FAST);
  assert.deepEqual([pool.provisioningState, pool.count], ["Succeeded", 3]);
});
