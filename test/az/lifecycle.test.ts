// The real az (2.45) against the emulator through proxy mode, and azl against the same emulator,
// command by command: a cluster's life (aks create show list scale upgrade stop start delete,
// aks nodepool add list show scale upgrade delete, aks get-credentials), `resource update --ids`
// and `provider show`. The clock is instant, so az's own waiting (no --no-wait) ends at its first
// status poll. Reads run both CLIs on one cluster; writes run each on its twin (rg-python for az,
// rg-node for azl) and compare after mapping the group's name. Where azl deliberately differs from
// az 2.45 (docs/cli.md lists it), the test pins both sides.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { azTable } from "../e2e/helpers/azl.js";
import { SUB, type Emulator } from "../support/emulator.js";
import { azSkip, timingReport, type Cli } from "./support/clis.js";
import { azJson, serviceError, type Parity, cliPair } from "./support/parity.js";
import { startProxied } from "./support/proxied.js";

const RG = { az: "rg-python", azl: "rg-node" } as const;
const rg = (cli: Cli) => RG[cli.name];
const same = (t: string) => t.replace(/rg-(?:python|node)/g, "rg-X");
const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/${RG.az}/providers/Microsoft.ContainerService/managedClusters/c1`;

let emu: Emulator;
let az: Cli;
let azl: Cli;
let p: Parity;

const getCluster = async () => (await emu.request("GET", `${CLUSTER_ID}?api-version=2022-11-01`)).json;

before(async () => {
  if (azSkip()) return;
  const started = await startProxied({ clock: "instant" });
  emu = started.emu;
  ({ az, azl, p } = await cliPair(started));
});
after(async () => {
  if (az) process.stderr.write(`az tier (lifecycle) timings:\n${timingReport()}\n`);
  az?.close();
  azl?.close();
  await emu?.close();
});

describe("a cluster's life through az 2.45 and azl", { skip: azSkip() }, () => {
  test("account show: the same account, only the cloud's name differs; group create prints the same", async () => {
    const [a, b] = [await az.run(["account", "show", "--query", "{cloud:environmentName, id:id, user:user}"]), await azl.run(["account", "show", "--query", "{cloud:environmentName, id:id, user:user}"])];
    // az stays on AzureCloud (proxy mode answers as management.azure.com); azl names the emulator.
    assert.deepEqual(JSON.parse(a.stdout), { cloud: "AzureCloud", id: SUB, user: { name: emu.app.config.clientId, type: "servicePrincipal" } });
    assert.deepEqual({ ...JSON.parse(b.stdout), cloud: "AzureCloud" }, JSON.parse(a.stdout));
    await p.same((c) => ["group", "create", "-n", rg(c), "-l", "eastus"], {
      stdout: azJson({ id: `/subscriptions/${SUB}/resourceGroups/rg-X`, location: "eastus", managedBy: null, name: "rg-X", properties: { provisioningState: "Succeeded" }, tags: null, type: "Microsoft.Resources/resourceGroups" }),
    }, { normalize: same });
  });

  test("aks create (waited): a managed-identity cluster with servicePrincipalProfile msi and a kubelet identity", async () => {
    const query = "{name:name, state:provisioningState, power:powerState.code, version:kubernetesVersion, sp:servicePrincipalProfile.clientId, kubelet:identityProfile.kubeletidentity.resourceId, identity:identity.type, pools:agentPoolProfiles[].[name, count, mode, vmSize]}";
    await p.same((c) => ["aks", "create", "-g", rg(c), "-n", "c1", "-c", "1", "--generate-ssh-keys", "--query", query], {
      stdout: azJson({
        name: "c1",
        state: "Succeeded",
        power: "Running",
        version: "1.33.3",
        sp: "msi",
        kubelet: `/subscriptions/${SUB}/resourcegroups/MC_rg-X_c1_eastus/providers/Microsoft.ManagedIdentity/userAssignedIdentities/c1-agentpool`,
        identity: "SystemAssigned",
        pools: [["nodepool1", 1, "System", "Standard_DS2_v2"]],
      }),
    }, { normalize: same });
  });

  test("aks show and aks list: az's own code digests the cluster (acs/custom.py _remove_nulls); -o table the same in both", async () => {
    // Before the wire fix these printed az's traceback: 'NoneType' object has no attribute 'secret'.
    for (const args of [["aks", "show", "-g", RG.az, "-n", "c1"], ["aks", "list", "-g", RG.az]]) {
      const r = await az.run(args);
      assert.equal(r.stderr, "", `az ${args.join(" ")}`);
      assert.equal(r.code, 0);
      const shown = [JSON.parse(r.stdout)].flat()[0];
      assert.deepEqual(shown.servicePrincipalProfile, { clientId: "msi" });
      assert.equal(shown.identityProfile.kubeletidentity.resourceId, `/subscriptions/${SUB}/resourcegroups/MC_${RG.az}_c1_eastus/providers/Microsoft.ManagedIdentity/userAssignedIdentities/c1-agentpool`);
    }
    const raw = await getCluster();
    const row = azTable([{ Name: "c1", Location: "eastus", ResourceGroup: RG.az, KubernetesVersion: "1.33.3", CurrentKubernetesVersion: "1.33.3", ProvisioningState: "Succeeded", Fqdn: raw.properties.fqdn }]);
    await p.same(() => ["aks", "show", "-g", RG.az, "-n", "c1", "-o", "table"], { stdout: row });
    await p.same(() => ["aks", "list", "-g", RG.az, "-o", "table"], { stdout: row });
    await p.same(() => ["aks", "show", "-g", RG.az, "-n", "c1", "--query", "{id:id, fqdn:fqdn, sp:servicePrincipalProfile}"], { stdout: azJson({ id: CLUSTER_ID, fqdn: raw.properties.fqdn, sp: { clientId: "msi" } }) });
    await p.same(() => ["aks", "show", "-g", RG.az, "-n", "nope"], {
      code: 3,
      stderr: serviceError("ResourceNotFound", `The Resource 'Microsoft.ContainerService/managedClusters/nope' under resource group '${RG.az}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`),
    });
  });

  test("aks scale (waited), then aks nodepool add, list, show and scale", async () => {
    await p.same((c) => ["aks", "scale", "-g", rg(c), "-n", "c1", "-c", "2", "--query", "agentPoolProfiles[].count"], { stdout: "[\n  2\n]\n" });
    await p.same((c) => ["aks", "nodepool", "add", "-g", rg(c), "--cluster-name", "c1", "-n", "np2", "-c", "1", "--query", "[name, count, mode, vmSize, orchestratorVersion, provisioningState]", "-o", "tsv"], {
      // tsv prints a list one element a line
      stdout: "np2\n1\nUser\nStandard_DS2_v2\n1.33.3\nSucceeded\n",
    });
    // az's own check, before any request: more than one pool and no --nodepool-name
    await p.same((c) => ["aks", "scale", "-g", rg(c), "-n", "c1", "-c", "3"], { code: 1, stderr: "ERROR: There are more than one node pool in the cluster. Please specify nodepool name or use az aks nodepool command to scale node pool\n" });
    const pools = azTable([
      { Name: "nodepool1", OsType: "Linux", KubernetesVersion: "1.33.3", VmSize: "Standard_DS2_v2", Count: 2, MaxPods: 110, ProvisioningState: "Succeeded", Mode: "System" },
      { Name: "np2", OsType: "Linux", KubernetesVersion: "1.33.3", VmSize: "Standard_DS2_v2", Count: 1, MaxPods: 110, ProvisioningState: "Succeeded", Mode: "User" },
    ]);
    await p.same(() => ["aks", "nodepool", "list", "-g", RG.az, "--cluster-name", "c1", "-o", "table"], { stdout: pools });
    await p.same(() => ["aks", "nodepool", "show", "-g", RG.az, "--cluster-name", "c1", "-n", "np2", "-o", "table"], { stdout: azTable([{ Name: "np2", OsType: "Linux", KubernetesVersion: "1.33.3", VmSize: "Standard_DS2_v2", Count: 1, MaxPods: 110, ProvisioningState: "Succeeded", Mode: "User" }]) });
    await p.same((c) => ["aks", "nodepool", "scale", "-g", rg(c), "--cluster-name", "c1", "-n", "np2", "-c", "2", "--query", "count"], { stdout: "2\n" });
    await p.same((c) => ["aks", "nodepool", "scale", "-g", rg(c), "--cluster-name", "c1", "-n", "np2", "-c", "2"], { code: 1, stderr: "ERROR: The new node count is the same as the current node count.\n" });
  });

  test("aks upgrade (waited): the control plane only, then the same version again (az's warning)", async () => {
    const query = "{version:kubernetesVersion, current:currentKubernetesVersion, pools:agentPoolProfiles[].currentOrchestratorVersion}";
    await p.same((c) => ["aks", "upgrade", "-g", rg(c), "-n", "c1", "-k", "1.34.1", "--control-plane-only", "--yes", "--query", query], { stdout: azJson({ version: "1.34.1", current: "1.34.1", pools: ["1.33.3", "1.33.3"] }) });
    await p.same((c) => ["aks", "upgrade", "-g", rg(c), "-n", "c1", "--yes", "--query", "currentKubernetesVersion", "-o", "tsv"], {
      stdout: "1.34.1\n",
      stderr: "WARNING: The cluster is already on version 1.34.1 and is not in a failed state. No operations will occur when upgrading to the same version if the cluster is not in a failed state.\n",
    });
  });

  test("aks nodepool upgrade: az 2.45 crashes with -k on a Succeeded pool (azure-cli#25530, its own bug); azl upgrades as az 2.46 does", async () => {
    const args = (c: Cli) => ["aks", "nodepool", "upgrade", "-g", rg(c), "--cluster-name", "c1", "-n", "np2", "-k", "1.34.1", "--yes", "--query", "currentOrchestratorVersion", "-o", "tsv"];
    // az 2.45 reads instance.kubernetes_version, which its AgentPool model lacks, whenever the pool is Succeeded (so against real AKS too).
    const crashed = await az.run(args(az));
    assert.equal(crashed.code, 1);
    assert.equal(crashed.stdout, "");
    assert.match(crashed.stderr, /^ERROR: The command failed with an unexpected error\. Here is the traceback:\n/);
    assert.match(crashed.stderr, /\nAttributeError: 'AgentPool' object has no attribute 'kubernetes_version'\n/);
    assert.deepEqual(await azl.run(args(azl)), { code: 0, stdout: "1.34.1\n", stderr: "" });
    // Without -k az asks nothing and PUTs the pool back with orchestratorVersion "": azl sends the same, so both print the same.
    await p.same((c) => ["aks", "nodepool", "upgrade", "-g", rg(c), "--cluster-name", "c1", "-n", "nodepool1", "--query", "{version:orchestratorVersion, state:provisioningState}"]);
  });

  test("docs/cli.md's differences, pinned on both sides: JSON names, a prompt without a terminal, nodepool delete --yes", async () => {
    // az prints its Python model's names (osDiskSizeGb); azl the API's (osDiskSizeGB)
    const names = ["aks", "nodepool", "show", "-g", RG.az, "--cluster-name", "c1", "-n", "nodepool1", "--query", "[osDiskSizeGb, osDiskSizeGB]", "-o", "json"];
    assert.deepEqual(await az.run(names), { code: 0, stdout: azJson([128, null]), stderr: "" });
    assert.deepEqual(await azl.run(names), { code: 0, stdout: azJson([null, 128]), stderr: "" });
    // az 2.45's own prompt without a terminal: a NoTTYException traceback; azl: az's message for it. Both exit 1, nothing sent.
    const lastOperation = async () => (await emu.request("GET", `${CLUSTER_ID}/operations/latest?api-version=2024-01-02-preview`)).json.name as string;
    const before = await lastOperation();
    const upgrade = ["aks", "upgrade", "-g", RG.az, "-n", "c1", "-k", "1.34.1"];
    const crashed = await az.run(upgrade);
    assert.equal(crashed.code, 1);
    assert.match(crashed.stderr, /\nknack\.prompting\.NoTTYException\n/);
    assert.deepEqual(await azl.run(upgrade), { code: 1, stdout: "", stderr: "ERROR: Unable to prompt for confirmation as no tty available. Use --yes.\n" });
    // az 2.45's nodepool delete has no --yes (it asks nothing); azl ignores it
    const refused = await az.run(["aks", "nodepool", "delete", "-g", RG.az, "--cluster-name", "c1", "-n", "nodepool1", "--yes"]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^ERROR: unrecognized arguments: --yes\n/);
    assert.equal(await lastOperation(), before);
  });

  test("aks stop and aks start (waited): no output; the power state follows", async () => {
    const power = (c: Cli) => ["aks", "show", "-g", rg(c), "-n", "c1", "--query", "[powerState.code, agentPoolProfiles[].powerState.code]", "-o", "json"];
    await p.same((c) => ["aks", "stop", "-g", rg(c), "-n", "c1"], {});
    await p.same(power, { stdout: azJson(["Stopped", ["Stopped", "Stopped"]]) }, { normalize: same });
    await p.same((c) => ["aks", "start", "-g", rg(c), "-n", "c1"], {});
    await p.same(power, { stdout: azJson(["Running", ["Running", "Running"]]) }, { normalize: same });
  });

  test("aks get-credentials -f: the same message, and the kubeconfig written the same way (PyYAML's layout); --admin adds a -admin context", async () => {
    await p.same(() => ["aks", "get-credentials", "-g", RG.az, "-n", "c1", "-f", "kubeconfig"], { stderr: 'WARNING: Merged "c1" as current context in kubeconfig\n' });
    await p.same(() => ["aks", "get-credentials", "-g", RG.az, "-n", "c1", "-f", "kubeconfig", "--admin"], { stderr: 'WARNING: Merged "c1-admin" as current context in kubeconfig\n' });
    // The server is the cluster's API server name for az (proxy mode), the emulator's path for it for azl; the token names the host each reached.
    const file = (c: Cli) =>
      readFileSync(join(c.dir, "kubeconfig"), "utf8")
        .replace(/server: https:\/\/\S+/g, "server: SERVER")
        .replace(/token: \S+/g, "token: TOKEN");
    const written = file(az);
    assert.equal(file(azl), written);
    // PyYAML's safe_dump: keys sorted, a list's items at their key's own indent
    assert.deepEqual(
      written.split("\n").filter((l) => /^[a-z]/.test(l)),
      ["apiVersion: v1", "clusters:", "contexts:", "current-context: c1-admin", "kind: Config", "preferences: {}", "users:"],
    );
    assert.match(written, /^contexts:\n- context:\n    cluster: c1\n    user: clusterUser_rg-python_c1\n  name: c1\n- context:\n    cluster: c1\n    user: clusterAdmin_rg-python_c1\n  name: c1-admin\n/m);
  });

  test("resource update --ids (az first reads the providers API for the api-version) and provider show", async () => {
    const id = (c: Cli) => `/subscriptions/${SUB}/resourceGroups/${rg(c)}/providers/Microsoft.ContainerService/managedClusters/c1`;
    await p.same((c) => ["resource", "update", "--ids", id(c), "--set", "tags.env=dev", "--query", "{tags:tags, state:properties.provisioningState, name:name}"], { stdout: azJson({ name: "c1", state: "Succeeded", tags: { env: "dev" } }) });
    const shown = await p.same(() => ["provider", "show", "-n", "Microsoft.ContainerService"]);
    const provider = JSON.parse(shown.stdout);
    assert.deepEqual([provider.namespace, provider.registrationState, provider.providerAuthorizationConsentState], ["Microsoft.ContainerService", "Registered", null]);
    assert.ok(provider.resourceTypes.some((t: { resourceType: string; apiVersions: string[] }) => t.resourceType === "managedClusters" && t.apiVersions.includes("2022-11-01")));
    await p.same(() => ["provider", "show", "-n", "Microsoft.ContainerService", "-o", "table"], {
      stdout: azTable([{ Namespace: "Microsoft.ContainerService", RegistrationPolicy: "RegistrationRequired", RegistrationState: "Registered" }]),
    });
  });

  test("aks nodepool delete and aks delete (waited); without --yes az's confirmation cancels; then the cluster is gone", async () => {
    await p.same((c) => ["aks", "nodepool", "delete", "-g", rg(c), "--cluster-name", "c1", "-n", "np2"], {});
    await p.same((c) => ["aks", "nodepool", "delete", "-g", rg(c), "--cluster-name", "c1", "-n", "np2"], { code: 1, stderr: "ERROR: Node pool np2 doesnt exist, use 'aks nodepool list' to get current node pool list\n" });
    await p.same(() => ["aks", "delete", "-g", RG.az, "-n", "c1"], { code: 1, stderr: "WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\nERROR: Operation cancelled.\n" });
    await p.same((c) => ["aks", "delete", "-g", rg(c), "-n", "c1", "--yes"], {});
    await p.same((c) => ["aks", "show", "-g", rg(c), "-n", "c1"], {
      code: 3,
      stderr: serviceError("ResourceNotFound", "The Resource 'Microsoft.ContainerService/managedClusters/c1' under resource group 'rg-X' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"),
    }, { normalize: same });
  });
});
