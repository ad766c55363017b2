// Diagnose and solve problems as an SDK-based client reads it. No official SDK has a method for
// AKS detectors (the portal, Azure/vscode-aks-tools and Azure/aks-mcp call the ARM path directly),
// so this is the raw @azure/core-rest-pipeline such clients build on: its default pipeline with
// bearer-token authentication from @azure/identity. The cluster and the remedies go through the
// official SDKs (@azure/arm-containerservice, @azure/arm-compute).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ComputeManagementClient } from "@azure/arm-compute";
import { bearerTokenAuthenticationPolicy, createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest } from "@azure/core-rest-pipeline";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { credentialFor, FAST } from "../support/sdk.js";
import { clients, clusterBody, clusterPath } from "./helpers/aks.js";

const RG = "rg-diag";
const NODE_GROUP = "MC_rg-diag_diag1_eastus";
let emu: Emulator;

before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup(RG);
  await clients(emu).client.managedClusters.beginCreateOrUpdateAndWait(RG, "diag1", clusterBody({ pools: [{ name: "nodepool1", count: 2 }] }), FAST);
});
after(() => emu.close());

/** GET through core-rest-pipeline, as vscode-aks-tools (2019-08-01) and aks-mcp (2024-08-01) ask. */
let pipeline: ReturnType<typeof createPipelineFromOptions> | undefined;
const httpClient = createDefaultHttpClient();
async function get(path: string, apiVersion = "2019-08-01"): Promise<{ status: number; body: any }> {
  if (!pipeline) {
    pipeline = createPipelineFromOptions({});
    pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: credentialFor(emu), scopes: "https://management.azure.com/.default" }));
  }
  const res = await pipeline.sendRequest(httpClient, createPipelineRequest({ url: `${emu.url}${path}?api-version=${apiVersion}`, method: "GET" }));
  return { status: res.status, body: res.bodyAsText ? JSON.parse(res.bodyAsText) : undefined };
}
const detectors = `${clusterPath(RG, "diag1")}/detectors`;
const STATUS = ["Critical", "Warning", "Info", "Success", "None"];
const statusOf = async (id: string) => {
  const res = await get(`${detectors}/${id}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return STATUS[res.body.properties.status.statusId];
};

test("the list, then each detector by name: all Success on a healthy cluster", async () => {
  const list = await get(detectors, "2024-08-01");
  assert.equal(list.status, 200);
  const ids = (list.body.value as any[]).map((d) => d.properties.metadata.id);
  assert.equal(ids[0], "aks-category-cluster-issues");
  // aks-mcp's run-by-category: the detectors whose metadata.category matches.
  const clusterIssues = (list.body.value as any[]).filter((d) => d.properties.metadata.category === "Cluster Issues" && d.properties.metadata.type === "Detector");
  assert.equal(clusterIssues.length, 19);
  assert.ok(clusterIssues.some((d) => d.name === "private-dns-zone"), "the private DNS zone detector is listed");
  for (const d of clusterIssues) assert.equal(await statusOf(d.name), "Success", d.name);
});

test("a node VM left Failed is Critical with the remedy's command; the SDK's updateInstances makes it Success again", async () => {
  const res = await emu.request("POST", "/_aksemu/scenarios/node-vm-failed-disk-detach", { body: { resourceGroup: RG, cluster: "diag1" } });
  assert.equal(res.status, 200, res.text);
  const vmss = String(res.json.applied.scaleSet).split("/").pop()!;
  const failed = await get(`${detectors}/node-vm-failed-state`);
  assert.equal(STATUS[failed.body.properties.status.statusId], "Critical");
  const [row] = failed.body.properties.dataset[0].table.rows;
  assert.equal(row[0], "Critical");
  assert.deepEqual(JSON.parse(row[5])[0].ActionArgs.commands, [`az vmss update-instances --resource-group ${NODE_GROUP} --name ${vmss} --instance-id ${res.json.applied.instanceId}`]);

  const compute = new ComputeManagementClient(credentialFor(emu), SUB, { endpoint: emu.url });
  await compute.virtualMachineScaleSets.beginUpdateInstancesAndWait(NODE_GROUP, vmss, { instanceIds: [String(res.json.applied.instanceId)] }, FAST);
  assert.equal(await statusOf("node-vm-failed-state"), "Success");
});

test("an infrastructure failure through the SDK: Critical with the seed's cause; the SDK's pool and cluster reconciles clear it", async () => {
  const { client } = clients(emu);
  assert.equal((await emu.request("POST", "/_aksemu/scenarios/infrastructure-transient", { body: { resourceGroup: RG, cluster: "diag1" } })).status, 200);
  const cluster = await client.managedClusters.get(RG, "diag1");
  await assert.rejects(client.managedClusters.beginCreateOrUpdateAndWait(RG, "diag1", cluster, FAST), /ReconcileVMSSAgentPoolFailed\. Internal server error/);
  const found = await get(`${detectors}/infrastructure-issues`);
  assert.equal(STATUS[found.body.properties.status.statusId], "Critical");
  const rows = found.body.properties.dataset[0].table.rows as string[][];
  assert.ok(rows.some((r) => r[2] === "Cause" && r[3]!.startsWith("Infrastructure issues: The operation can't update the cluster")));
  assert.equal(await statusOf("provisioning-state-check"), "Critical");

  const pool = await client.agentPools.get(RG, "diag1", "nodepool1");
  await client.agentPools.beginCreateOrUpdateAndWait(RG, "diag1", "nodepool1", pool, FAST);
  await client.managedClusters.beginCreateOrUpdateAndWait(RG, "diag1", await client.managedClusters.get(RG, "diag1"), FAST);
  assert.equal(await statusOf("infrastructure-issues"), "Success");
  assert.equal(await statusOf("provisioning-state-check"), "Success");
});
