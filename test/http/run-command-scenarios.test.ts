// Seed 003's causes as named scenarios over raw HTTPS, each applied → the exact code, text and
// state a user sees → the seed's remedy → the command runs: run-command-pod-cannot-start (a taint on
// every node: KubernetesPerformanceError after 30 s of virtual time), run-command-blocked-by-policy
// (gatekeeper denies the pod: KubernetesOperationError), run-command-forbidden (AuthorizationFailed
// at ARM's gate, then Kubernetes RBAC's Forbidden in the logs of an Entra ID cluster).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, TENANT, startEmulator, type Emulator } from "../support/emulator.js";
import { AUTH_API, authorizationFailed, ROLES } from "../support/rbac.js";
import { kubeAccess, waitForCommandPod, type KubeAccess, commandResult, invokeCommand } from "../support/run-command.js";
import { assertAksError, assertGatewayError, assertStatus, clusterBody, createCluster, header, mcPath, mintToken, putGroup, q, rgPath } from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = await startEmulator();
  assert.equal((await putGroup(emu, "rg-sc")).status, 201);
});
after(() => emu.close());

const scenario = (name: string, body: unknown) => emu.request("POST", `/_aksemu/scenarios/${name}`, { body });

const invoke = (kube: KubeAccess, mc: string, command: string, auth?: string) => invokeCommand(emu, kube, mc, command, auth);

const resultOf = (location: string, auth?: string) => commandResult(emu, location, auth);

describe("run-command-pod-cannot-start (cause 1)", () => {
  const MC = mcPath("rg-sc", "c1");
  let kube: KubeAccess;
  before(async () => {
    await createCluster(emu, "rg-sc", "c1", clusterBody({ properties: { dnsPrefix: "c1" } }));
    kube = await kubeAccess(emu, "rg-sc", "c1");
  });

  test("every node tainted: the pod stays Pending, KubernetesPerformanceError after 30 s, result Not Found; the taint removed, the command runs", async () => {
    const first = await scenario("run-command-pod-cannot-start", { resourceGroup: "rg-sc", cluster: "c1" });
    assertStatus(first, 200);
    assert.equal(first.json.applied.taint, "CriticalAddonsOnly=true:NoSchedule");
    assert.equal(first.json.sees.code, "KubernetesPerformanceError");
    // Applied again: the same world (one taint per node).
    assertStatus(await scenario("run-command-pod-cannot-start", { resourceGroup: "rg-sc", cluster: "c1" }), 200);
    const nodes: any[] = (await kube.call("GET", "/api/v1/nodes")).json.items;
    assert.equal(nodes.length, 3);
    for (const n of nodes) assert.deepEqual(n.spec.taints, [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }]);

    const answer = emu.request("POST", q(`${MC}/runCommand`), { body: { command: "kubectl get nodes" } });
    const pod = await waitForCommandPod(kube);
    assert.equal((await emu.advance("PT31S")).status, 200);
    const res = await answer;
    assertAksError(res, 400, "KubernetesPerformanceError", `Failed to run command due to cluster perf issue, container ${pod.metadata.name} in aks-command namespace did not start within 30s on your cluster, retry may helps. If issue persist, you may need to tune your cluster with better performance (larger node/paid tier).`);
    const still = (await kube.call("GET", `/api/v1/namespaces/aks-command/pods/${pod.metadata.name}`)).json;
    assert.equal(still.status.phase, "Pending");
    assert.equal(still.status.conditions.find((c: any) => c.type === "PodScheduled").reason, "Unschedulable");
    // No result was ever written: a 404 with no error body (az: "Operation returned an invalid status 'Not Found'").
    const result = await emu.request("GET", q(`${MC}/commandResults/${pod.metadata.name.slice("command-".length)}`));
    assert.equal(result.status, 404);
    assert.equal(result.text, "");

    // Remedy: kubectl taint nodes --all CriticalAddonsOnly=true:NoSchedule- (what kubectl sends: the node's taints without it).
    for (const n of nodes) assertStatus(await kube.call("PATCH", `/api/v1/nodes/${n.metadata.name}`, { spec: { taints: null } }, "application/strategic-merge-patch+json"), 200);
    const ok = await invoke(kube, MC, "kubectl get nodes -o name");
    assert.equal(ok.status, 202, ok.text);
    const done = await resultOf(String(header(ok, "location")));
    assert.equal(done.properties.exitCode, 0);
    assert.equal(done.properties.logs, nodes.map((n) => `node/${n.metadata.name}\n`).sort().join(""));
  });

  test("a cluster that does not exist is a 404", async () => {
    const missing = await scenario("run-command-pod-cannot-start", { resourceGroup: "rg-sc", cluster: "ghost" });
    assertStatus(missing, 404);
    assert.equal(missing.json.error.message, "No managed cluster 'ghost' in resource group 'rg-sc'.");
  });
});

describe("run-command-blocked-by-policy (cause 2)", () => {
  const MC = mcPath("rg-sc", "pol1");
  let kube: KubeAccess;
  before(async () => {
    await createCluster(emu, "rg-sc", "pol1", clusterBody({ properties: { dnsPrefix: "pol1", addonProfiles: { azurepolicy: { enabled: true } } } }));
    kube = await kubeAccess(emu, "rg-sc", "pol1");
  });

  test("without the azurepolicy add-on the scenario says what it needs (400, nothing written)", async () => {
    await createCluster(emu, "rg-sc", "plain1", clusterBody({ properties: { dnsPrefix: "plain1" } }));
    const res = await scenario("run-command-blocked-by-policy", { resourceGroup: "rg-sc", cluster: "plain1" });
    assertStatus(res, 400);
    assert.equal(res.json.error.message, "'run-command-blocked-by-policy' needs the azurepolicy add-on, whose gatekeeper enforces Kubernetes policies: enable it first (az aks enable-addons -a azure-policy -g rg-sc -n plain1).");
    const assignments = await emu.request("GET", q(`${rgPath("rg-sc")}/providers/Microsoft.Authorization/policyAssignments`, "2023-04-01"));
    assert.deepEqual(assignments.json.value, []);
  });

  test("gatekeeper denies the command pod (KubernetesOperationError); an exemption of the cluster lets it run", async () => {
    const applied = await scenario("run-command-blocked-by-policy", { resourceGroup: "rg-sc", cluster: "pol1" });
    assertStatus(applied, 200);
    const assignment = `${rgPath("rg-sc")}/providers/Microsoft.Authorization/policyAssignments/allowed-container-images`;
    assert.equal(applied.json.applied.policyAssignment, assignment);
    assertStatus(await scenario("run-command-blocked-by-policy", { resourceGroup: "rg-sc", cluster: "pol1" }), 200);
    const got = await emu.request("GET", q(assignment, "2023-04-01"));
    assertStatus(got, 200);
    assert.equal(got.json.properties.policyDefinitionId, "/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469");

    const res = await emu.request("POST", q(`${MC}/runCommand`), { body: { command: "kubectl get pods" } });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json.code, "KubernetesOperationError");
    assert.match(
      res.json.message,
      /^Failed to run command in managed cluster due to kubernetes failure\. details: admission webhook "validation\.gatekeeper\.sh" denied the request: \[denied by azurepolicy-k8sazurev2containerallowedimages-[0-9a-f]{20}\] Container image mcr\.microsoft\.com\/aks\/command\/runtime:master for container command-[0-9a-f]{32} has not been allowed\.$/,
    );
    // Remedy (the seed's): az policy exemption create --name ExemptAksCommand --scope <cluster> --policy-assignment <id>.
    const exemption = await emu.request("PUT", q(`${MC}/providers/Microsoft.Authorization/policyExemptions/ExemptAksCommand`, "2020-07-01-preview"), {
      body: { properties: { policyAssignmentId: assignment, exemptionCategory: "Waiver" } },
    });
    assert.equal(exemption.status, 201, exemption.text);
    const ok = await invoke(kube, MC, "kubectl get ns aks-command -o name");
    assert.equal(ok.status, 202, ok.text);
    assert.equal((await resultOf(String(header(ok, "location")))).properties.logs, "namespace/aks-command\n");
  });
});

describe("run-command-forbidden (cause 3)", () => {
  const MC = mcPath("rg-sc", "aad1");
  let admin: KubeAccess;
  before(async () => {
    await createCluster(emu, "rg-sc", "aad1", clusterBody({ properties: { dnsPrefix: "aad1", aadProfile: { managed: true } } }));
    admin = await kubeAccess(emu, "rg-sc", "aad1", "listClusterAdminCredential");
  });

  test("Cluster User Role: AuthorizationFailed at ARM's gate; AKS Contributor: the command runs as the principal and RBAC's Forbidden is in logs; a ClusterRoleBinding: exitcode 0", async () => {
    const applied = await scenario("run-command-forbidden", { resourceGroup: "rg-sc", cluster: "aad1" });
    assertStatus(applied, 200);
    const p = applied.json.applied.principal;
    assert.equal(applied.json.applied.role, "Azure Kubernetes Service Cluster User Role");
    assert.equal(applied.json.applied.kubernetesRbac, true);
    const again = await scenario("run-command-forbidden", { resourceGroup: "rg-sc", cluster: "aad1" });
    assert.deepEqual(again.json.applied, applied.json.applied);
    const minted = await mintToken(emu, TENANT, p.clientId, p.clientSecret);
    assertStatus(minted, 200);
    const token: string = minted.json.access_token;

    // The user role gets credentials, not run command.
    assertStatus(await emu.request("POST", q(`${MC}/listClusterUserCredential`), { auth: token }), 200);
    const refused = await emu.request("POST", q(`${MC}/runCommand`), { body: { command: "kubectl get namespaces" }, auth: token });
    assertGatewayError(refused, 403, "AuthorizationFailed", authorizationFailed(p.objectId, "Microsoft.ContainerService/managedClusters/runCommand/action", MC));

    // Remedy 1: a role that holds runCommand/action and commandResults/read.
    const assign = await emu.request("PUT", q(`${MC}/providers/Microsoft.Authorization/roleAssignments/${crypto.randomUUID()}`, AUTH_API), {
      body: { properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES["Azure Kubernetes Service Contributor Role"]}`, principalId: p.objectId, principalType: "ServicePrincipal" } },
    });
    assert.equal(assign.status, 201, assign.text);
    const forbidden = await invoke(admin, MC, "kubectl get namespaces", token);
    assert.equal(forbidden.status, 202, forbidden.text);
    const r1 = await resultOf(String(header(forbidden, "location")), token);
    assert.equal(r1.properties.provisioningState, "Succeeded");
    assert.equal(r1.properties.exitCode, 1);
    assert.equal(r1.properties.logs, `Error from server (Forbidden): namespaces is forbidden: User "${p.objectId}" cannot list resource "namespaces" in API group "" at the cluster scope\n`);

    // Remedy 2: kubectl create clusterrole / clusterrolebinding with the admin credential.
    const role = await admin.call("POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "ns-reader" }, rules: [{ apiGroups: [""], resources: ["namespaces"], verbs: ["get", "list", "watch"] }] });
    assert.equal(role.status, 201, role.text);
    const binding = await admin.call("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "ns-reader" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "ns-reader" }, subjects: [{ kind: "User", name: p.objectId, apiGroup: "rbac.authorization.k8s.io" }] });
    assert.equal(binding.status, 201, binding.text);
    const ok = await invoke(admin, MC, "kubectl get namespaces -o name", token);
    const r2 = await resultOf(String(header(ok, "location")), token);
    assert.equal(r2.properties.exitCode, 0);
    assert.match(r2.properties.logs, /^namespace\/aks-command\nnamespace\/default\n/);
  });
});
