// The real helm 3.17 against a cluster's Kubernetes API, with the kubeconfig listClusterUserCredential
// returns: install, list, upgrade, history, rollback and uninstall of a local chart (a CRD in crds/,
// a Deployment, a Service, a ConfigMap), its release secrets in the namespace as helm keeps them.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { HELM, run, startCluster, type KubeCluster } from "./helpers.js";

let c: KubeCluster;
let chart: string;
before(async () => {
  c = await startCluster();
  chart = join(c.dir, "demo");
  mkdirSync(join(chart, "templates"), { recursive: true });
  mkdirSync(join(chart, "crds"), { recursive: true });
  writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: \"1.25\"\n");
  writeFileSync(join(chart, "values.yaml"), "replicas: 1\ngreeting: hello\n");
  writeFileSync(
    join(chart, "crds", "widgets.yaml"),
    `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.demo.example.com
spec:
  group: demo.example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`,
  );
  writeFileSync(
    join(chart, "templates", "all.yaml"),
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  greeting: {{ .Values.greeting | quote }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  labels: { app.kubernetes.io/instance: {{ .Release.Name }} }
spec:
  replicas: {{ .Values.replicas }}
  selector: { matchLabels: { app: {{ .Release.Name }}-web } }
  template:
    metadata: { labels: { app: {{ .Release.Name }}-web } }
    spec:
      containers:
        - name: web
          image: mcr.microsoft.com/azurelinux/base/nginx:1.25
          ports: [{ containerPort: 80 }]
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector: { app: {{ .Release.Name }}-web }
  ports: [{ port: 80, targetPort: 80 }]
---
apiVersion: demo.example.com/v1
kind: Widget
metadata:
  name: {{ .Release.Name }}-widget
spec: { size: 3 }
`,
  );
});
after(() => c?.close());

const env = () => ({ PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: c.dir, KUBECONFIG: c.kubeconfig, HELM_CACHE_HOME: join(c.dir, "helm-cache"), HELM_CONFIG_HOME: join(c.dir, "helm-config"), HELM_DATA_HOME: join(c.dir, "helm-data") });
async function helm(...args: string[]): Promise<string> {
  const r = await run(HELM, args, env());
  assert.equal(r.code, 0, `helm ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}
async function kubectl(...args: string[]): Promise<string> {
  const r = await c.kubectl(args);
  assert.equal(r.code, 0, `kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

test("helm install, list, upgrade, history, rollback and uninstall of a local chart", async () => {
  const installed = await helm("install", "demo", chart, "--namespace", "apps", "--create-namespace");
  assert.match(installed, /^NAME: demo$/m);
  assert.match(installed, /^STATUS: deployed$/m);
  assert.match(installed, /^REVISION: 1$/m);
  // What helm created, as kubectl sees it: the CRD first, then the chart's objects.
  assert.equal((await kubectl("get", "crd", "widgets.demo.example.com", "-o", "jsonpath={.status.conditions[?(@.type==\"Established\")].status}")), "True");
  assert.equal(await kubectl("get", "configmap", "demo-config", "-n", "apps", "-o", "jsonpath={.data.greeting}"), "hello");
  assert.equal(await kubectl("get", "deployment", "demo-web", "-n", "apps", "-o", "jsonpath={.spec.replicas}"), "1");
  assert.equal(await kubectl("get", "widget", "demo-widget", "-n", "apps", "-o", "jsonpath={.spec.size}"), "3");
  // helm keeps its release in a secret of type helm.sh/release.v1, labelled owner=helm.
  assert.match(await kubectl("get", "secrets", "-n", "apps", "-l", "owner=helm,name=demo", "-o", "name"), /^secret\/sh\.helm\.release\.v1\.demo\.v1$/m);

  const listed = JSON.parse(await helm("list", "-n", "apps", "-o", "json"));
  assert.deepEqual(listed.map((r: any) => [r.name, r.namespace, r.revision, r.status, r.chart, r.app_version]), [["demo", "apps", "1", "deployed", "demo-0.1.0", "1.25"]]);

  await helm("upgrade", "demo", chart, "-n", "apps", "--set", "replicas=2", "--set", "greeting=hi");
  assert.equal(await kubectl("get", "deployment", "demo-web", "-n", "apps", "-o", "jsonpath={.spec.replicas}"), "2");
  assert.equal(await kubectl("get", "configmap", "demo-config", "-n", "apps", "-o", "jsonpath={.data.greeting}"), "hi");
  const history = JSON.parse(await helm("history", "demo", "-n", "apps", "-o", "json"));
  assert.deepEqual(history.map((h: any) => [h.revision, h.status]), [[1, "superseded"], [2, "deployed"]]);

  await helm("rollback", "demo", "1", "-n", "apps");
  assert.equal(await kubectl("get", "deployment", "demo-web", "-n", "apps", "-o", "jsonpath={.spec.replicas}"), "1");
  assert.equal(await kubectl("get", "configmap", "demo-config", "-n", "apps", "-o", "jsonpath={.data.greeting}"), "hello");

  const gone = await helm("uninstall", "demo", "-n", "apps");
  assert.equal(gone, 'release "demo" uninstalled\n');
  assert.equal(JSON.parse(await helm("list", "-n", "apps", "-o", "json")).length, 0);
  const left = await c.kubectl(["get", "deployment", "demo-web", "-n", "apps"]);
  assert.equal(left.code, 1);
  assert.equal(left.stderr, 'Error from server (NotFound): deployments.apps "demo-web" not found\n');
  // helm leaves CRDs (and so their kind) in place, as documented.
  assert.match(await kubectl("get", "crd", "-o", "name"), /widgets\.demo\.example\.com/);
});

test("helm install of a release name already in use fails as helm says", async () => {
  await helm("install", "twice", chart, "-n", "default");
  const r = await run(HELM, ["install", "twice", chart, "-n", "default"], env());
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "Error: INSTALLATION FAILED: cannot re-use a name that is still in use\n");
});
