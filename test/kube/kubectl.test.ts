// The real kubectl 1.31 against a cluster's Kubernetes API, with the kubeconfig listClusterUserCredential
// returns (direct form: https://127.0.0.1:{port}/_aksemu/kubernetes/{fqdn}): discovery, Table output,
// CRUD with client- and server-side apply and the three patch types, cordon, selectors, watch, version.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { KUBECTL, startCluster, type KubeCluster, kubectlOk } from "./helpers.js";

let c: KubeCluster;
before(async () => {
  c = await startCluster();
});
after(() => c?.close());

const ok = (...args: string[]) => kubectlOk(c, ...args);

async function fails(args: string[], stderr: string | RegExp, input?: string): Promise<void> {
  const r = await c.kubectl(args, input !== undefined ? { input } : {});
  assert.equal(r.code, 1, `kubectl ${args.join(" ")} should fail: ${r.stdout}`);
  if (typeof stderr === "string") assert.equal(r.stderr, stderr);
  else assert.match(r.stderr, stderr);
}

const NODE = /^aks-nodepool1-\d{8}-vmss00000[0-2]$/;

test("the kubeconfig names the emulator's path for the cluster's API server, with its CA and a token", () => {
  const server = /^\s+server: (\S+)$/m.exec(c.text)?.[1] ?? "";
  assert.match(server, new RegExp(`^${c.emu.url}/_aksemu/kubernetes/[a-z0-9-]+-[0-9a-f]{8}\\.hcp\\.eastus\\.azmk8s\\.io$`));
  assert.match(c.text, /^\s+token: \S+\.\S+\.\S+$/m);
});

describe("reading", () => {
  test("get nodes: the engine's nodes with kubectl's real columns; -o wide adds the addresses and runtime", async () => {
    const lines = (await ok("get", "nodes")).trimEnd().split("\n");
    assert.match(lines[0]!, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    assert.equal(lines.length, 4);
    for (const l of lines.slice(1)) {
      const [name, status, roles, , version] = l.split(/\s+/);
      assert.match(name!, NODE);
      assert.equal(status, "Ready");
      assert.equal(roles, "agent");
      assert.match(version!, /^v1\.\d+\.\d+$/);
    }
    const wide = (await ok("get", "nodes", "-o", "wide")).split("\n");
    assert.match(wide[0]!, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/);
    assert.match(wide[1]!, /\s10\.224\.0\.4\s+<none>\s+Ubuntu 22\.04\.5 LTS\s+5\.15\.0-1079-azure\s+containerd:\/\/1\.7\.25-1$/);
  });

  test("a node's labels, capacity and kubelet version are AKS's", async () => {
    const nodes = JSON.parse(await ok("get", "nodes", "-o", "json"));
    const n = nodes.items[0];
    assert.equal(n.metadata.labels["agentpool"], "nodepool1");
    assert.equal(n.metadata.labels["kubernetes.azure.com/mode"], "system");
    assert.equal(n.metadata.labels["node.kubernetes.io/instance-type"], "Standard_DS2_v2");
    assert.equal(n.metadata.labels["topology.kubernetes.io/region"], "eastus");
    assert.equal(n.status.capacity.cpu, "2");
    assert.equal(n.status.allocatable.cpu, "1900m");
    assert.match(n.spec.providerID, /^azure:\/\/\/subscriptions\/.+\/virtualMachineScaleSets\/aks-nodepool1-\d{8}-vmss\/virtualMachines\/0$/);
    assert.equal(n.status.conditions.find((x: any) => x.type === "Ready").status, "True");
  });

  test("get ns, get all -A, version", async () => {
    assert.deepEqual((await ok("get", "ns", "-o", "name")).trim().split("\n"), ["namespace/default", "namespace/kube-node-lease", "namespace/kube-public", "namespace/kube-system"]);
    assert.match(await ok("get", "svc", "-A"), /^NAMESPACE\s+NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\ndefault\s+kubernetes\s+ClusterIP\s+10\.0\.0\.1\s+<none>\s+443\/TCP\s+\S+\nkube-system\s+kube-dns\s+ClusterIP\s+10\.0\.0\.10\s+<none>\s+53\/UDP,53\/TCP\s+\S+\nkube-system\s+metrics-server\s+ClusterIP\s+\S+\s+<none>\s+443\/TCP\s+\S+\n$/);
    const version = await c.kubectl(["version"]);
    assert.equal(version.code, 0, version.stderr);
    const cluster = (await c.emu.request("GET", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-kube/providers/Microsoft.ContainerService/managedClusters/kube1?api-version=2026-04-01")).json;
    assert.match(version.stdout, new RegExp(`^Server Version: v${cluster?.properties?.currentKubernetesVersion ?? "1\\.\\d+\\.\\d+"}$`, "m"));
  });

  test("errors are the apiserver's: NotFound, an unknown resource type, a bad selector", async () => {
    await fails(["get", "cm", "nope"], 'Error from server (NotFound): configmaps "nope" not found\n');
    await fails(["get", "widgets"], /error: the server doesn't have a resource type "widgets"/);
    await fails(["get", "pods", "-l", "a b"], `Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "a b", field selector "": unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt\n`);
    await fails(["get", "pods", "--field-selector", "spec.foo=1"], `Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=1": field label not supported: spec.foo\n`);
  });
});

describe("configmaps", () => {
  test("create, get -o yaml, apply, patch (merge, json, strategic), label selectors, delete", async () => {
    assert.equal(await ok("create", "configmap", "c1", "--from-literal=a=1"), "configmap/c1 created\n");
    await fails(["create", "configmap", "c1", "--from-literal=a=1"], 'error: failed to create configmap: configmaps "c1" already exists\n');
    const yaml = await ok("get", "cm", "c1", "-o", "yaml");
    assert.match(yaml, /^data:\n {2}a: "1"\nkind: ConfigMap\n/m);
    assert.match(yaml, /^ {2}resourceVersion: "\d+"$/m);
    assert.match(yaml, /^ {2}uid: [0-9a-f-]{36}$/m);
    const manifest = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c2\n  labels: {app: demo}\ndata:\n  v: "${v}"\n`;
    const applied = await c.kubectl(["apply", "-f", "-"], { input: manifest("1") });
    assert.equal(applied.stdout, "configmap/c2 created\n", applied.stderr);
    assert.equal((await c.kubectl(["apply", "-f", "-"], { input: manifest("1") })).stdout, "configmap/c2 unchanged\n");
    assert.equal((await c.kubectl(["apply", "-f", "-"], { input: manifest("2") })).stdout, "configmap/c2 configured\n");
    assert.equal(await ok("get", "cm", "c2", "-o", "jsonpath={.data.v}"), "2");
    assert.equal(await ok("patch", "cm", "c2", "--type=merge", "-p", '{"data":{"w":"x"}}'), "configmap/c2 patched\n");
    assert.equal(await ok("patch", "cm", "c2", "--type=json", "-p", '[{"op":"replace","path":"/data/w","value":"y"}]'), "configmap/c2 patched\n");
    assert.equal(await ok("patch", "cm", "c2", "-p", '{"data":{"v":null}}'), "configmap/c2 patched\n");
    assert.equal(await ok("get", "cm", "c2", "-o", "jsonpath={.data}"), '{"w":"y"}');
    await fails(["patch", "cm", "c2", "--type=json", "-p", '[{"op":"test","path":"/data/w","value":"z"}]'], /Error from server \(Invalid\)|testing value \/data\/w failed/);
    assert.equal(await ok("get", "cm", "-l", "app=demo", "-o", "name"), "configmap/c2\n");
    assert.equal(await ok("get", "cm", "-l", "app notin (demo)", "-o", "name"), "configmap/c1\n");
    assert.equal(await ok("get", "cm", "-l", "!app", "-o", "name"), "configmap/c1\n");
    assert.equal(await ok("delete", "cm", "c1", "c2"), 'configmap "c1" deleted\nconfigmap "c2" deleted\n');
    await fails(["get", "cm", "c2"], 'Error from server (NotFound): configmaps "c2" not found\n');
  });

  test("an invalid name is 422 Invalid with the apiserver's text", async () => {
    await fails(
      ["create", "configmap", "Bad_Name"],
      `error: failed to create configmap: ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
    );
  });
});

describe("deployments", () => {
  const deployment = (image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: ${image}
        ports: [{containerPort: 80}]
      - name: sidecar
        image: busybox:1.36
`;

  test("apply, apply a change (strategic merge by container name), scale, JSON patch, get -o wide, delete", async () => {
    assert.equal((await c.kubectl(["apply", "-f", "-"], { input: deployment("nginx:1.25") })).stdout, "deployment.apps/web created\n");
    assert.equal((await c.kubectl(["apply", "-f", "-"], { input: deployment("nginx:1.26") })).stdout, "deployment.apps/web configured\n");
    const d = JSON.parse(await ok("get", "deploy", "web", "-o", "json"));
    assert.deepEqual(d.spec.template.spec.containers.map((x: any) => [x.name, x.image]), [["web", "nginx:1.26"], ["sidecar", "busybox:1.36"]]);
    assert.equal(d.metadata.generation, 2);
    assert.equal(d.spec.strategy.type, "RollingUpdate");
    assert.equal(await ok("scale", "deploy", "web", "--replicas=5"), "deployment.apps/web scaled\n");
    assert.equal(await ok("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"), "5");
    assert.equal(await ok("patch", "deploy", "web", "--type=json", "-p", '[{"op":"replace","path":"/spec/template/spec/containers/1/image","value":"busybox:1.37"}]'), "deployment.apps/web patched\n");
    const wide = (await ok("get", "deploy", "-o", "wide")).split("\n");
    assert.match(wide[0]!, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/);
    // The controllers have created pods, which run once virtual time passes (the clock is manual).
    assert.match(wide[1]!, /^web\s+0\/5\s+\d+\s+0\s+\S+\s+web,sidecar\s+nginx:1\.26,busybox:1\.37\s+app=web$/);
    assert.equal(await ok("delete", "deploy", "web"), 'deployment.apps "web" deleted\n');
  });

  test("server-side apply: created, then a second manager's change to a field it owns is a conflict unless forced", async () => {
    const first = await c.kubectl(["apply", "--server-side", "-f", "-"], { input: deployment("nginx:1.25", 1) });
    assert.equal(first.stdout, "deployment.apps/web serverside-applied\n", first.stderr);
    const managed = JSON.parse(await ok("get", "deploy", "web", "-o", "json", "--show-managed-fields"));
    const entry = managed.metadata.managedFields.find((m: any) => m.manager === "kubectl");
    assert.equal(entry.operation, "Apply");
    assert.ok(entry.fieldsV1["f:spec"]["f:replicas"]);
    const other = await c.kubectl(["apply", "--server-side", "--field-manager=other", "-f", "-"], { input: deployment("nginx:1.25", 3) });
    assert.equal(other.code, 1);
    assert.match(other.stderr, /^error: Apply failed with 1 conflict: conflict with "kubectl" using apps\/v1: \.spec\.replicas\n/);
    const forced = await c.kubectl(["apply", "--server-side", "--force-conflicts", "--field-manager=other", "-f", "-"], { input: deployment("nginx:1.25", 3) });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(await ok("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"), "3");
    await ok("delete", "deploy", "web");
  });

  test("a deployment whose selector does not match its template is 422", async () => {
    const bad = deployment("nginx").replace("selector: {matchLabels: {app: web}}", "selector: {matchLabels: {app: other}}");
    const r = await c.kubectl(["apply", "-f", "-"], { input: bad });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map\[string\]string\{"app":"web"\}: `selector` does not match template `labels`/);
  });
});

describe("nodes", () => {
  test("cordon and uncordon persist (SchedulingDisabled), field selectors on nodes", async () => {
    const name = (await ok("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}")).trim();
    assert.equal(await ok("cordon", name), `node/${name} cordoned\n`);
    assert.match(await ok("get", "node", name), new RegExp(`\\n${name}\\s+Ready,SchedulingDisabled\\s+agent`));
    assert.equal(await ok("get", "nodes", "--field-selector", "spec.unschedulable=true", "-o", "name"), `node/${name}\n`);
    assert.equal(await ok("uncordon", name), `node/${name} uncordoned\n`);
    assert.match(await ok("get", "node", name), new RegExp(`\\n${name}\\s+Ready\\s+agent`));
    assert.equal(await ok("get", "nodes", "--field-selector", `metadata.name=${name}`, "-o", "name"), `node/${name}\n`);
    assert.equal(await ok("get", "nodes", "-l", "kubernetes.azure.com/mode=user", "-o", "name"), "");
  });
});

test("watch --watch-only: a change made after it started arrives as a row", async () => {
  const child = spawn(KUBECTL, ["get", "cm", "--watch-only", "-o", "name"], { env: { PATH: process.env["PATH"] ?? "", HOME: c.dir, KUBECONFIG: c.kubeconfig } });
  let out = "";
  const seen = new Promise<void>((resolve) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("configmap/watched")) resolve();
    });
  });
  try {
    await new Promise((r) => setTimeout(r, 400));
    await ok("create", "configmap", "watched");
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([seen, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no watch event: ${out}`)), 10_000)))]);
    clearTimeout(timer);
    assert.equal(out, "configmap/watched\n");
  } finally {
    child.kill();
  }
});
