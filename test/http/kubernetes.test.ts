// A cluster's Kubernetes API over raw HTTPS (the direct form, /_aksemu/kubernetes/{fqdn}): the
// discovery documents, /version and /openapi as kubectl needs them, Status errors with the
// apiserver's reasons and texts, Table output, limit/continue, watches from a resourceVersion and
// 410 Expired, and objects that survive a restart.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createCluster, mcPath, putGroup, q } from "./helpers.js";
import { startEmulator, type Emulator, type HttpResult } from "../support/emulator.js";
import { httpsCall } from "../support/https.js";

let emu: Emulator;
let base: string;
let token: string;
let version: string;

async function kubeAccess(e: Emulator, rg: string, name: string): Promise<{ base: string; token: string }> {
  const res = await e.request("POST", q(`${mcPath(rg, name)}/listClusterUserCredential`));
  const text = Buffer.from(res.json.kubeconfigs[0].value, "base64").toString("utf8");
  const server = /^\s+server: (\S+)$/m.exec(text)![1]!;
  return { base: new URL(server).pathname, token: /^\s+token: (\S+)$/m.exec(text)![1]! };
}

before(async () => {
  emu = await startEmulator();
  assert.equal((await putGroup(emu, "rg-k")).status, 201);
  const mc = await createCluster(emu, "rg-k", "k1");
  version = mc.properties.currentKubernetesVersion;
  ({ base, token } = await kubeAccess(emu, "rg-k", "k1"));
});
after(() => emu.close());

const kube = (method: string, path: string, o: { body?: unknown; raw?: string; type?: string; accept?: string; token?: string } = {}): Promise<HttpResult> =>
  emu.request(method, `${base}${path}`, {
    ...(o.body !== undefined ? { rawBody: JSON.stringify(o.body) } : o.raw !== undefined ? { rawBody: o.raw } : {}),
    headers: { ...(o.body !== undefined || o.raw !== undefined ? { "content-type": o.type ?? "application/json" } : {}), ...(o.accept ? { accept: o.accept } : {}) },
    auth: o.token ?? token,
  });

const status = (code: number, reason: string, message: string, details?: unknown) => ({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details !== undefined ? { details } : {}), code });

describe("discovery", () => {
  test("/api, /apis, /api/v1 and a group's resources, with short names, subresources and categories", async () => {
    const api = await kube("GET", "/api");
    assert.equal(api.status, 200);
    assert.equal(api.json.kind, "APIVersions");
    assert.deepEqual(api.json.versions, ["v1"]);
    const apis = await kube("GET", "/apis", { accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json" });
    assert.equal(apis.json.kind, "APIGroupList");
    const groups = apis.json.groups.map((g: any) => g.name);
    for (const g of ["apps", "batch", "policy", "coordination.k8s.io", "rbac.authorization.k8s.io", "apiextensions.k8s.io"]) assert.ok(groups.includes(g), g);
    assert.deepEqual(apis.json.groups.find((g: any) => g.name === "apps").preferredVersion, { groupVersion: "apps/v1", version: "v1" });
    const v1 = (await kube("GET", "/api/v1")).json;
    const byName = new Map<string, any>(v1.resources.map((r: any) => [r.name, r]));
    assert.deepEqual(byName.get("pods").shortNames, ["po"]);
    assert.deepEqual(byName.get("pods").categories, ["all"]);
    assert.equal(byName.get("nodes").namespaced, false);
    assert.deepEqual(byName.get("pods/eviction"), { name: "pods/eviction", singularName: "pod", namespaced: true, group: "policy", version: "v1", kind: "Eviction", verbs: ["create"] });
    const apps = (await kube("GET", "/apis/apps/v1")).json;
    assert.equal(apps.groupVersion, "apps/v1");
    assert.ok(apps.resources.some((r: any) => r.name === "deployments/scale" && r.kind === "Scale" && r.group === "autoscaling"));
    assert.deepEqual((await kube("GET", "/apis/nope/v1")).json, status(404, "NotFound", "the server could not find the requested resource", {}));
  });

  test("/version is the cluster's; /openapi/v2 is an empty protobuf document; /openapi/v3 is 404", async () => {
    const v = await kube("GET", "/version");
    assert.equal(v.json.gitVersion, `v${version}`);
    assert.equal(v.json.major, "1");
    assert.equal(v.json.minor, version.split(".")[1]);
    const o2 = await kube("GET", "/openapi/v2", { accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" });
    assert.equal(o2.status, 200);
    assert.equal(o2.headers["content-type"], "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    assert.equal(o2.text, "");
    assert.equal((await kube("GET", "/openapi/v3")).status, 404);
  });
});

describe("authentication", () => {
  test("no token, a token of another cluster, an ARM token: 401 Unauthorized as a Status", async () => {
    const unauthorized = status(401, "Unauthorized", "Unauthorized");
    const none = await emu.request("GET", `${base}/api/v1/namespaces`, { auth: false });
    assert.equal(none.status, 401);
    assert.deepEqual(none.json, unauthorized);
    assert.deepEqual((await kube("GET", "/api/v1/namespaces", { token: await emu.token() })).json, unauthorized);
    await createCluster(emu, "rg-k", "k2");
    const other = await kubeAccess(emu, "rg-k", "k2");
    assert.deepEqual((await kube("GET", "/api/v1/namespaces", { token: other.token })).json, unauthorized);
    assert.equal((await emu.request("GET", `${other.base}/api/v1/namespaces`, { auth: other.token })).status, 200);
  });
});

const cm = (name: string, extra: object = {}) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...extra }, data: { a: "1" } });

describe("objects", () => {

  test("create: 201 with uid, resourceVersion and creationTimestamp; again: 409 AlreadyExists; a missing namespace: 404", async () => {
    const made = await kube("POST", "/api/v1/namespaces/default/configmaps", { body: cm("one") });
    assert.equal(made.status, 201);
    assert.match(made.json.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(made.json.metadata.resourceVersion, /^\d+$/);
    assert.match(made.json.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const again = await kube("POST", "/api/v1/namespaces/default/configmaps", { body: cm("one") });
    assert.equal(again.status, 409);
    assert.deepEqual(again.json, status(409, "AlreadyExists", 'configmaps "one" already exists', { name: "one", kind: "configmaps" }));
    const nowhere = await kube("POST", "/api/v1/namespaces/nowhere/configmaps", { body: cm("one") });
    assert.deepEqual(nowhere.json, status(404, "NotFound", 'namespaces "nowhere" not found', { name: "nowhere", kind: "namespaces" }));
  });

  test("a create's managedFields: its manager owns what it sent and decoding defaulted, not what the registry and admission filled in", async () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "owned", labels: { run: "owned" } }, spec: { containers: [{ name: "web", image: "nginx" }] } };
    const made = await kube("POST", "/api/v1/namespaces/default/pods?fieldManager=kubectl-run", { body: pod });
    assert.equal(made.status, 201, made.text);
    assert.deepEqual(made.json.metadata.managedFields.map((m: any) => [m.manager, m.operation]), [["kubectl-run", "Update"]]);
    const owned = made.json.metadata.managedFields[0].fieldsV1;
    // As kube-apiserver 1.31 records `kubectl run`: no f:status, no admission's service account, priority or tolerations.
    assert.deepEqual(Object.keys(owned).sort(), ["f:metadata", "f:spec"]);
    assert.deepEqual(Object.keys(owned["f:spec"]).sort(), ["f:containers", "f:dnsPolicy", "f:enableServiceLinks", "f:restartPolicy", "f:schedulerName", "f:securityContext", "f:terminationGracePeriodSeconds"]);
    assert.equal(made.json.spec.serviceAccountName, "default");
    assert.equal(made.json.spec.tolerations.length, 2);
    assert.equal(made.json.status.phase, "Pending");
    const svc = await kube("POST", "/api/v1/namespaces/default/services", { body: { apiVersion: "v1", kind: "Service", metadata: { name: "owned" }, spec: { selector: { run: "owned" }, ports: [{ port: 80 }] } } });
    assert.equal(svc.status, 201, svc.text);
    const svcOwned = svc.json.metadata.managedFields[0].fieldsV1["f:spec"];
    assert.match(svc.json.spec.clusterIP, /^10\.0\.\d+\.\d+$/);
    assert.equal(svcOwned["f:clusterIP"], undefined);
    assert.deepEqual(Object.keys(svcOwned).sort(), ["f:internalTrafficPolicy", "f:ports", "f:selector", "f:sessionAffinity", "f:type"]);
    for (const path of ["/api/v1/namespaces/default/pods/owned", "/api/v1/namespaces/default/services/owned"]) assert.equal((await kube("DELETE", path)).status, 200);
  });

  test("update with a stale resourceVersion: 409 Conflict; resourceVersions grow", async () => {
    const got = (await kube("GET", "/api/v1/namespaces/default/configmaps/one")).json;
    const first = await kube("PUT", "/api/v1/namespaces/default/configmaps/one", { body: { ...got, data: { a: "2" } } });
    assert.equal(first.status, 200);
    assert.ok(Number(first.json.metadata.resourceVersion) > Number(got.metadata.resourceVersion));
    const stale = await kube("PUT", "/api/v1/namespaces/default/configmaps/one", { body: { ...got, data: { a: "3" } } });
    assert.equal(stale.status, 409);
    assert.deepEqual(stale.json, status(409, "Conflict", 'Operation cannot be fulfilled on configmaps "one": the object has been modified; please apply your changes to the latest version and try again', { name: "one", kind: "configmaps" }));
  });

  test("422 Invalid names every cause; an unknown patch type is 415; bad JSON is 400", async () => {
    const bad = await kube("POST", "/apis/apps/v1/namespaces/default/deployments", { body: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { template: { metadata: { labels: { app: "web" } }, spec: {} } } } });
    assert.equal(bad.status, 422);
    assert.equal(bad.json.reason, "Invalid");
    assert.equal(bad.json.message, 'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.spec.containers: Required value]');
    assert.deepEqual(bad.json.details, {
      name: "web",
      group: "apps",
      kind: "Deployment",
      causes: [
        { reason: "FieldValueRequired", message: "Required value", field: "spec.selector" },
        { reason: "FieldValueRequired", message: "Required value", field: "spec.template.spec.containers" },
      ],
    });
    const patch = await kube("PATCH", "/api/v1/namespaces/default/configmaps/one", { raw: "{}", type: "text/plain" });
    assert.equal(patch.status, 415);
    assert.equal(patch.json.message, "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
    const garbled = await kube("POST", "/api/v1/namespaces/default/configmaps", { raw: "{nope" });
    assert.equal(garbled.status, 400);
    assert.equal(garbled.json.reason, "BadRequest");
  });

  test("the immortal namespaces may not be deleted; another goes with what it holds", async () => {
    const del = await kube("DELETE", "/api/v1/namespaces/kube-system");
    assert.deepEqual(del.json, status(403, "Forbidden", 'namespaces "kube-system" is forbidden: this namespace may not be deleted', { name: "kube-system", kind: "namespaces" }));
    assert.equal((await kube("POST", "/api/v1/namespaces", { body: { metadata: { name: "tmp" } } })).status, 201);
    assert.equal((await kube("POST", "/api/v1/namespaces/tmp/configmaps", { body: cm("x") })).status, 201);
    const gone = await kube("DELETE", "/api/v1/namespaces/tmp");
    assert.equal(gone.json.status.phase, "Terminating");
    assert.equal((await kube("GET", "/api/v1/namespaces/tmp/configmaps/x")).status, 404);
  });

  test("Table output: kubectl's columns and PartialObjectMetadata rows", async () => {
    const t = (await kube("GET", "/api/v1/namespaces?limit=500", { accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json" })).json;
    assert.equal(t.kind, "Table");
    assert.deepEqual(t.columnDefinitions.map((c: any) => c.name), ["Name", "Status", "Age"]);
    assert.deepEqual(t.rows.map((r: any) => r.cells.slice(0, 2)), [["default", "Active"], ["kube-node-lease", "Active"], ["kube-public", "Active"], ["kube-system", "Active"]]);
    assert.equal(t.rows[0].object.kind, "PartialObjectMetadata");
    assert.equal(t.rows[0].object.metadata.name, "default");
  });

  test("limit and continue page a list in key order", async () => {
    for (const n of ["p1", "p2", "p3"]) assert.equal((await kube("POST", "/api/v1/namespaces/default/configmaps", { body: cm(n, { labels: { page: "yes" } }) })).status, 201);
    const first = (await kube("GET", "/api/v1/configmaps?labelSelector=page%3Dyes&limit=2")).json;
    assert.deepEqual(first.items.map((i: any) => i.metadata.name), ["p1", "p2"]);
    assert.ok(first.metadata.continue);
    const rest = (await kube("GET", `/api/v1/configmaps?labelSelector=page%3Dyes&limit=2&continue=${first.metadata.continue}`)).json;
    assert.deepEqual(rest.items.map((i: any) => i.metadata.name), ["p3"]);
    assert.equal(rest.metadata.continue, undefined);
  });
});

/** The first `n` JSON lines of a watch. */
function watchLines(path: string, n: number, e: Emulator = emu, b: string = base, t: string = token): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const lines: any[] = [];
    let buf = "";
    void import("node:https").then(({ request }) => {
      const req = request(new URL(`${e.url}${b}${path}`), { ca: e.ca, headers: { authorization: `Bearer ${t}` } }, (res) => {
        res.on("data", (d: Buffer) => {
          buf += d.toString();
          let i;
          while ((i = buf.indexOf("\n")) >= 0) {
            lines.push(JSON.parse(buf.slice(0, i)));
            buf = buf.slice(i + 1);
            if (lines.length === n) {
              req.destroy();
              resolve(lines);
            }
          }
        });
        res.on("end", () => resolve(lines));
      });
      req.on("error", (e) => (lines.length >= n ? undefined : reject(e)));
      req.end();
    });
  });
}

describe("watch", () => {
  test("from a resourceVersion: the changes after it, in order; then live ones", async () => {
    const list = (await kube("GET", "/api/v1/namespaces/default/configmaps")).json;
    const rv = list.metadata.resourceVersion;
    await kube("POST", "/api/v1/namespaces/default/configmaps", { body: cm("w1") });
    const pending = watchLines(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}`, 3);
    await new Promise((r) => setTimeout(r, 100));
    await kube("PATCH", "/api/v1/namespaces/default/configmaps/w1", { raw: JSON.stringify({ data: { a: "9" } }), type: "application/merge-patch+json" });
    await kube("DELETE", "/api/v1/namespaces/default/configmaps/w1");
    const events = await pending;
    assert.deepEqual(events.map((e) => [e.type, e.object.metadata.name]), [["ADDED", "w1"], ["MODIFIED", "w1"], ["DELETED", "w1"]]);
    assert.ok(Number(events[2].object.metadata.resourceVersion) > Number(events[1].object.metadata.resourceVersion));
  });

});

test("objects are durable: they survive a restart; a watch from before it is 410 Expired", async () => {
  const e = await startEmulator({ persistent: true });
  try {
    assert.equal((await putGroup(e, "rg-d")).status, 201);
    await createCluster(e, "rg-d", "d1");
    const a = await kubeAccess(e, "rg-d", "d1");
    const made = await e.request("POST", `${a.base}/api/v1/namespaces/default/configmaps`, { rawBody: JSON.stringify(cm("kept")), headers: { "content-type": "application/json" }, auth: a.token });
    assert.equal(made.status, 201);
    const dataDir = e.dataDir!;
    await e.app.close();
    const again = await startEmulator({ dataDir });
    try {
      const got = await httpsCall({ url: new URL(`${again.url}${a.base}/api/v1/namespaces/default/configmaps/kept`), method: "GET", ca: again.ca, headers: { authorization: `Bearer ${a.token}` } });
      assert.equal(got.status, 200);
      assert.equal(got.json.metadata.uid, made.json.metadata.uid);
      assert.equal(got.json.metadata.resourceVersion, made.json.metadata.resourceVersion);
      // The change feed starts anew with the process: a watch from an older resourceVersion gets the apiserver's ERROR event.
      const [ev] = await watchLines("/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=1", 1, again, a.base, a.token);
      assert.equal(ev.type, "ERROR");
      assert.deepEqual(ev.object, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `too old resource version: 1 (${made.json.metadata.resourceVersion})`, reason: "Expired", code: 410 });
    } finally {
      await again.close();
    }
  } finally {
    await e.close().catch(() => {});
  }
});
