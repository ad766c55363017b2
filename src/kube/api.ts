// A cluster's Kubernetes API: discovery, /version and /openapi, and every verb on the resources of
// the registry (get, list with selectors and limit/continue, watch, create, update, patch in its
// four kinds, delete with finalizers and owner cascade, deletecollection) and the status, scale,
// eviction and log subresources. Knows no provider: a cluster is `KubeClusterFacts`. The read verbs
// work in api-reads.ts, a delete's cascade in cascade.ts.
import { bootstrapObjects, IMMORTAL_NAMESPACES } from "./bootstrap.js";
import { budgetCause, evictionVerdict, type EvictionVerdict } from "./eviction.js";
import type { KubeClusterFacts } from "./clusters.js";
import { createFills, decodeDefaults, hasGeneration, type Allocators } from "./defaults.js";
import { printPath, recordUpdate, serverSideApply } from "./fieldsets.js";
import { podLog } from "./logs.js";
import { mergePatch, strategicMergePatch } from "./patch.js";
import { applyPatch, parseBody, patchType, scaleOf } from "./request-body.js";
import { mirrorNodes } from "./nodes.js";
import { at, clone, isObj, jsonEqual, kubeTime, meta, nameOf, namespaceOf, rvOf, type Obj } from "./objects.js";
import { apiGroupDoc, apiGroupList, apiResourceList, apiVersionOf, apiVersions, CRD_TYPE, registryWith, typeKey, type Registry, type ResourceDef, type Subresource } from "./registry.js";
import {
  alreadyExists,
  badRequest,
  conflict,
  disruptionBudget,
  forbidden,
  invalid,
  KubeError,
  methodNotAllowed,
  NO_RESOURCE,
  notFound,
  successStatus,
} from "./status.js";
import { validateObject } from "./validation.js";
import { ownedBy } from "./cascade.js";
import { existingObject, getObject, listObjects, matcher, outward, watchObjects, type Target } from "./api-reads.js";
import { World, type KubeCommit, type StoredObject, type StoredWorld, type WorldWrite } from "./world.js";
import { webhookDenied, type KubeAdmission } from "./admission/admission.js";
import { authorize, forbiddenMessage, type KubeAttributes, type KubeUser } from "./rbac/authorize.js";

export type KubeRequest = {
  method: string;
  /** The path inside the cluster's API: /api/v1/namespaces/default/pods. */
  path: string;
  query: URLSearchParams;
  accept: string;
  contentType: string;
  body: string;
  userAgent: string;
  /** Who sent it (the kubeconfig token's identity); undefined: the emulator itself (no RBAC). */
  user?: KubeUser;
};

/** A watch: `start` sends the events as JSON lines until the returned stop is called. */
export type WatchStream = { start(send: (line: string) => void, end: () => void): () => void; timeoutMs: number };

export type KubeReply = { status: number; body?: unknown; text?: string | Uint8Array; contentType?: string; watch?: WatchStream };

export type KubeApiDeps = {
  /** The stored documents of one world (the store's "kube" group). */
  load(worldId: string): readonly (StoredObject | StoredWorld)[];
  commit: KubeCommit;
  now(): number;
  newId(): string;
  /** Validating admission (Azure Policy's gatekeeper), asked about every create. */
  admit?: KubeAdmission;
  /** A world was loaded (`fresh`: just bootstrapped): the simulation that runs it (simulation.ts) attaches. */
  attach?(world: World, cluster: KubeClusterFacts, fresh: boolean): void;
};

/** What an engine step may do in a cluster's world (api.ts forStep). */
export type StepWorld = {
  world: World;
  eviction(pod: Obj, at: number, ignoreBudget: boolean): { writes: WorldWrite[] } | { verdict: Exclude<EvictionVerdict, { allowed: true }> };
  cordonedByProvider(node: string): void;
};

/** The workload kinds a pod's controller may be, by the resource type that holds them (for a PDB's expected count). */
const WORKLOADS: Record<string, string> = { ReplicaSet: "apps/replicasets", StatefulSet: "apps/statefulsets", ReplicationController: "/replicationcontrollers" };

type WorldState = { world: World; registry: Registry; registryRv: number; cordons: Map<string, boolean>; alloc: Allocators; cluster: KubeClusterFacts };

const GENERATE_CHARS = "bcdfghjklmnpqrstvwxz2456789";
/** Namespace-scoped resource types a namespace's deletion empties. */
const NAMESPACES = "/namespaces";
const PODS = "/pods";
const PDBS = "policy/poddisruptionbudgets";


export function createKubeApi(deps: KubeApiDeps) {
  const worlds = new Map<string, WorldState>();

  function allocators(world: World): Allocators {
    let ip = -1;
    let port = -1;
    const used = (pick: (s: Obj) => unknown[]) => new Set([...world.list("/services")].flatMap(pick));
    return {
      clusterIP() {
        const taken = used((s) => [at(s, "spec.clusterIP")]);
        if (ip < 0) ip = 10;
        while (taken.has(`10.0.${ip >> 8}.${ip & 255}`) || (ip & 255) === 0 || (ip & 255) === 255) ip++;
        return `10.0.${ip >> 8}.${ip++ & 255}`;
      },
      nodePort() {
        const taken = used((s) => (Array.isArray(at(s, "spec.ports")) ? (at(s, "spec.ports") as Obj[]).map((p) => p["nodePort"]) : []));
        if (port < 0) port = 30000;
        while (taken.has(port)) port++;
        return port++;
      },
    };
  }

  /** The cluster's world, loaded on first use, bootstrapped when new, its nodes mirrored. */
  function stateOf(cluster: KubeClusterFacts): WorldState {
    let s = worlds.get(cluster.id);
    let fresh = false;
    if (!s) {
      const world = new World(cluster.id, deps.commit, deps.load(cluster.id));
      fresh = world.empty;
      if (world.empty) world.write(bootstrapObjects(cluster.createdAt, deps.newId));
      s = { world, registry: registryWith([]), registryRv: -1, cordons: new Map(), alloc: allocators(world), cluster };
      worlds.set(cluster.id, s);
    }
    s.cluster = cluster;
    mirrorNodes(s.world, cluster, deps.newId, s.cordons);
    attachOnce(s, fresh);
    return s;
  }

  const attached = new Set<string>();
  function attachOnce(s: WorldState, fresh: boolean): void {
    if (attached.has(s.world.id)) return;
    attached.add(s.world.id);
    deps.attach?.(s.world, s.cluster, fresh);
  }

  /** The registry with the world's established CRDs, rebuilt only when a CRD changed. */
  function registryOf(s: WorldState): Registry {
    const crds = [...s.world.list(CRD_TYPE)];
    const rv = crds.reduce((m, c) => Math.max(m, rvOf(c)), 0) + crds.length * 1e12;
    if (rv !== s.registryRv) {
      s.registry = registryWith(crds.filter((c) => meta(c)["deletionTimestamp"] === undefined));
      s.registryRv = rv;
    }
    return s.registry;
  }

  function version(cluster: KubeClusterFacts): Obj {
    const [major, minor] = cluster.kubernetesVersion.split(".");
    return { major: major ?? "1", minor: minor ?? "0", gitVersion: `v${cluster.kubernetesVersion}`, gitCommit: "0000000000000000000000000000000000000000", gitTreeState: "clean", buildDate: "2024-01-01T00:00:00Z", goVersion: "go1.22.8", compiler: "gc", platform: "linux/amd64" };
  }

  function serve(cluster: KubeClusterFacts, req: KubeRequest): KubeReply {
    const s = stateOf(cluster);
    const path = req.path.replace(/\/+$/, "") || "/";
    const seg = path.split("/").filter((x) => x !== "");
    if (req.method !== "GET" && req.method !== "HEAD" && (seg[0] === "version" || seg[0] === "openapi" || path === "/api" || path === "/apis")) throw methodNotAllowed();
    switch (path) {
      case "/version":
        return { status: 200, body: version(cluster) };
      case "/openapi/v2":
        // An empty gnostic Document: kubectl apply's validation then skips unknown kinds (CLIENTS.md §2.7).
        return { status: 200, text: new Uint8Array(0), contentType: "application/com.github.proto-openapi.spec.v2.v1.0+protobuf" };
      case "/healthz":
      case "/livez":
      case "/readyz":
        return { status: 200, text: "ok", contentType: "text/plain; charset=utf-8" };
      case "/api":
        return { status: 200, body: apiVersions(`${cluster.fqdn}:443`) };
      case "/apis":
        return { status: 200, body: apiGroupList(registryOf(s)) };
    }
    const registry = registryOf(s);
    if (seg[0] === "api" && seg.length === 2) return discovery(apiResourceList(registry, "", seg[1]!));
    if (seg[0] === "apis" && seg.length === 2) return discovery(apiGroupDoc(registry, seg[1]!));
    if (seg[0] === "apis" && seg.length === 3) return discovery(apiResourceList(registry, seg[1]!, seg[2]!));
    const target = resolve(registry, seg);
    if (req.user) authorizeRequest(s, target, req, req.user);
    return handle(s, target, req);
  }

  /** Kubernetes RBAC over the world's roles and bindings (rbac/authorize.ts); discovery is open to every user. */
  function authorizeRequest(s: WorldState, t: Target, req: KubeRequest, user: KubeUser): void {
    const m = req.method;
    const watching = req.query.get("watch") === "1" || req.query.get("watch") === "true";
    const verb = m === "GET" ? (t.name !== undefined ? "get" : watching ? "watch" : "list") : m === "POST" ? "create" : m === "PUT" ? "update" : m === "PATCH" ? "patch" : m === "DELETE" ? (t.name !== undefined ? "delete" : "deletecollection") : m.toLowerCase();
    const a: KubeAttributes = { verb, group: t.def.group, resource: t.def.resource, ...(t.sub !== undefined ? { subresource: t.sub } : {}), ...(t.namespace !== undefined ? { namespace: t.namespace } : {}), ...(t.name !== undefined ? { name: t.name } : {}) };
    const w = s.world;
    const rbac = { roles: (ns: string) => w.list("rbac.authorization.k8s.io/roles", ns), roleBindings: (ns: string) => w.list("rbac.authorization.k8s.io/rolebindings", ns), clusterRoles: () => w.list("rbac.authorization.k8s.io/clusterroles"), clusterRoleBindings: () => w.list("rbac.authorization.k8s.io/clusterrolebindings") };
    if (!authorize(rbac, user, a)) throw new KubeError(403, "Forbidden", forbiddenMessage(user, a), { ...(a.name !== undefined ? { name: a.name } : {}), ...(a.group ? { group: a.group } : {}), kind: a.resource });
  }

  /** Validating admission of a new object (gatekeeper): a denial is the webhook's 403. */
  function admit(s: WorldState, t: Target, req: KubeRequest, o: Obj): void {
    const denial = deps.admit?.(s.cluster, { operation: "CREATE", group: t.def.group, kind: t.def.kind, resource: t.def.resource, namespace: t.namespace, object: o, user: req.user });
    if (denial) throw webhookDenied(denial);
  }

  function discovery(doc: Obj | undefined): KubeReply {
    if (!doc) throw NO_RESOURCE();
    return { status: 200, body: doc };
  }

  function resolve(registry: Registry, seg: string[]): Target {
    let group: string;
    let version: string;
    let rest: string[];
    if (seg[0] === "api" && seg.length >= 3) [group, version, rest] = ["", seg[1]!, seg.slice(2)];
    else if (seg[0] === "apis" && seg.length >= 4) [group, version, rest] = [seg[1]!, seg[2]!, seg.slice(3)];
    else throw NO_RESOURCE();
    if (rest[0] === "namespaces" && rest.length >= 3) {
      const def = registry.find(group, version, rest[2]!);
      if (def?.namespaced) {
        if (rest.length > 5) throw NO_RESOURCE();
        return { def, namespace: decodeURIComponent(rest[1]!), name: rest[3] && decodeURIComponent(rest[3]), sub: rest[4] };
      }
    }
    const def = registry.find(group, version, rest[0]!);
    if (!def || rest.length > 3) throw NO_RESOURCE();
    if (def.namespaced && rest.length > 1) throw NO_RESOURCE();
    return { def, namespace: undefined, name: rest[1] && decodeURIComponent(rest[1]), sub: rest[2] };
  }

  function handle(s: WorldState, t: Target, req: KubeRequest): KubeReply {
    const { def } = t;
    if (t.sub !== undefined) {
      if (!t.name || !def.subresources.includes(t.sub as Subresource)) throw NO_RESOURCE();
      return subresource(s, t, req);
    }
    const m = req.method;
    if (t.name === undefined) {
      if (m === "GET") return req.query.get("watch") === "1" || req.query.get("watch") === "true" ? watch(s, t, req) : list(s, t, req);
      if (m === "POST") return create(s, t, req);
      if (m === "DELETE") return deleteCollection(s, t, req);
      throw methodNotAllowed();
    }
    switch (m) {
      case "GET":
        return get(s, t, req);
      case "PUT":
        return update(s, t, req, parseBody(req.body));
      case "PATCH":
        return patch(s, t, req);
      case "DELETE":
        return remove(s, t, req);
      default:
        throw methodNotAllowed();
    }
  }

  const existing = (s: WorldState, t: Target): Obj => existingObject(s.world, t);
  const get = (s: WorldState, t: Target, req: KubeRequest): KubeReply => getObject(s.world, t, req, deps.now());
  const list = (s: WorldState, t: Target, req: KubeRequest): KubeReply => listObjects(s.world, t, req, deps.now());
  const watch = (s: WorldState, t: Target, req: KubeRequest): KubeReply => watchObjects(s.world, t, req);

  // ---- Writes.

  function requireNamespace(s: WorldState, namespace: string): void {
    const ns = s.world.get(NAMESPACES, "", namespace);
    if (!ns) throw notFound("", "namespaces", namespace);
    if (meta(ns)["deletionTimestamp"] !== undefined) throw forbidden("", "namespaces", namespace, `unable to create new content in namespace ${namespace} because it is being terminated`);
  }

  const manager = (req: KubeRequest, fallback: string) => req.query.get("fieldManager") ?? (req.userAgent.split("/")[0] || fallback);

  function validate(def: ResourceDef, o: Obj): void {
    const causes = validateObject(def, o);
    if (causes.length > 0) throw invalid(def.group, def.kind, nameOf(o), causes);
  }

  /** Writes unless the request is a dry run; the object as it would be stored otherwise. */
  function commit(s: WorldState, req: KubeRequest, writes: WorldWrite[]): Obj[] {
    if (req.query.getAll("dryRun").includes("All")) return writes.map((w) => w.object);
    return s.world.write(writes);
  }

  function prepareNew(s: WorldState, t: Target, body: Obj, managerName: string, applied?: boolean): Obj {
    const { def } = t;
    const type = typeKey(def);
    const m: Obj = isObj(body["metadata"]) ? { ...body["metadata"] } : {};
    if (def.namespaced) {
      if (m["namespace"] !== undefined && m["namespace"] !== "" && m["namespace"] !== t.namespace) throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
      m["namespace"] = t.namespace;
    } else delete m["namespace"];
    if ((m["name"] === undefined || m["name"] === "") && typeof m["generateName"] === "string" && m["generateName"] !== "") {
      let suffix = "";
      for (let i = 0; i < 5; i++) suffix += GENERATE_CHARS[Math.floor(Math.random() * GENERATE_CHARS.length)];
      m["name"] = `${m["generateName"]}${suffix}`;
    }
    const now = deps.now();
    delete m["resourceVersion"];
    delete m["deletionTimestamp"];
    m["uid"] = deps.newId();
    m["creationTimestamp"] = kubeTime(now);
    const o: Obj = { ...clone(body), kind: def.kind, apiVersion: apiVersionOf(def), metadata: m };
    validate(def, o);
    if (def.namespaced) requireNamespace(s, t.namespace!);
    if (s.world.get(type, t.namespace ?? "", String(m["name"]))) throw alreadyExists(def.group, def.resource, String(m["name"]));
    decodeDefaults(type, o);
    if (hasGeneration(type, def.custom === true)) m["generation"] = 1;
    // An apply brings its own managedFields; a create is its manager's Update of every field it set
    // and decoding defaulted, before the registry and admission fill in the rest (defaults.ts).
    if (!applied) {
      const managed = recordUpdate(undefined, o, managerName, apiVersionOf(def), now);
      if (managed.length > 0) m["managedFields"] = managed;
    }
    createFills(type, o, now, s.alloc);
    return o;
  }

  function create(s: WorldState, t: Target, req: KubeRequest): KubeReply {
    const body = parseBody(req.body);
    if (t.def.verbs.length === 1 && t.def.resource === "bindings") throw methodNotAllowed();
    const o = prepareNew(s, t, body, manager(req, "unknown"));
    admit(s, t, req, o);
    const [stored] = commit(s, req, [{ type: typeKey(t.def), object: o }]);
    return { status: 201, body: outward(t.def, stored!) };
  }

  /** Replaces `current` with `next` (a PUT, or a patch's result): checks, carries what the server keeps, writes. */
  function replace(s: WorldState, t: Target, req: KubeRequest, current: Obj, next: Obj, managerName: string, sub?: string, managedFields?: unknown): KubeReply {
    const { def } = t;
    const type = typeKey(def);
    const nm = isObj(next["metadata"]) ? { ...next["metadata"] } : {};
    const name = t.name!;
    if (nm["name"] !== undefined && nm["name"] !== name) throw badRequest(`the name of the object (${String(nm["name"])}) does not match the name on the URL (${name})`);
    if (def.namespaced && nm["namespace"] !== undefined && nm["namespace"] !== "" && nm["namespace"] !== t.namespace) throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    const sentRv = nm["resourceVersion"];
    if (sentRv !== undefined && sentRv !== "" && String(sentRv) !== String(meta(current)["resourceVersion"])) throw conflict(def.group, def.resource, name);
    const cm = meta(current);
    let o: Obj;
    if (sub === "status") o = { ...current, status: next["status"] };
    else {
      o = { ...next, kind: def.kind, apiVersion: apiVersionOf(def) };
      // The status subresource owns status: the main resource's writes keep it.
      if (def.subresources.includes("status")) {
        if (current["status"] === undefined) delete o["status"];
        else o["status"] = current["status"];
      }
      o["metadata"] = { ...nm, name, ...(def.namespaced ? { namespace: t.namespace } : {}), uid: cm["uid"], creationTimestamp: cm["creationTimestamp"], ...(cm["deletionTimestamp"] !== undefined ? { deletionTimestamp: cm["deletionTimestamp"] } : {}), ...(cm["generation"] !== undefined ? { generation: cm["generation"] } : {}) };
    }
    const om = meta(o) as Obj;
    const finalMeta: Obj = { ...om };
    delete finalMeta["resourceVersion"];
    if (type === "/secrets" && isObj(o["stringData"])) {
      const data = isObj(o["data"]) ? { ...o["data"] } : {};
      for (const [k, v] of Object.entries(o["stringData"])) data[k] = Buffer.from(String(v), "utf8").toString("base64");
      o["data"] = data;
      delete o["stringData"];
    }
    validate(def, { ...o, metadata: finalMeta });
    if (finalMeta["generation"] !== undefined) {
      const specOf = (x: Obj) => Object.fromEntries(Object.entries(x).filter(([k]) => k !== "metadata" && k !== "status"));
      if (!jsonEqual(specOf(current), specOf(o))) finalMeta["generation"] = Number(finalMeta["generation"]) + 1;
    }
    const now = deps.now();
    o = { ...o, metadata: finalMeta };
    if (managedFields !== undefined) finalMeta["managedFields"] = managedFields;
    else {
      const managed = recordUpdate(current, o, managerName, apiVersionOf(def), now, sub);
      if (managed.length > 0) finalMeta["managedFields"] = managed;
      else delete finalMeta["managedFields"];
    }
    const withRv = (x: Obj) => ({ ...x, metadata: { ...meta(x), resourceVersion: undefined } });
    // A write that changes nothing is no write: the resourceVersion stays.
    if (jsonEqual(withRv(current), withRv(o))) return { status: 200, body: outward(def, current) };
    // The last finalizer gone from an object being deleted: it goes.
    if (finalMeta["deletionTimestamp"] !== undefined && !(Array.isArray(finalMeta["finalizers"]) && finalMeta["finalizers"].length > 0)) {
      const [gone] = commit(s, req, [{ type, object: o, delete: true }, ...ownedBy(s.world, o)]);
      return { status: 200, body: outward(def, gone!) };
    }
    const [stored] = commit(s, req, [{ type, object: o }]);
    return { status: 200, body: outward(def, stored!) };
  }

  function update(s: WorldState, t: Target, req: KubeRequest, body: Obj, sub?: string): KubeReply {
    const current = existing(s, t);
    return replace(s, t, req, current, body, manager(req, "unknown"), sub);
  }


  function patch(s: WorldState, t: Target, req: KubeRequest): KubeReply {
    if (patchType(req) === "application/apply-patch+yaml") return apply(s, t, req);
    const current = existing(s, t);
    const next = applyPatch(t.def, req, current);
    // A patch carries the resourceVersion it names as a precondition; none: the current one.
    const nm = isObj(next["metadata"]) ? next["metadata"] : {};
    const sent = nm["resourceVersion"];
    const base = sent === undefined || sent === meta(current)["resourceVersion"] ? { ...next, metadata: { ...nm, resourceVersion: meta(current)["resourceVersion"] } } : next;
    return replace(s, t, req, current, base, manager(req, "unknown"));
  }

  function apply(s: WorldState, t: Target, req: KubeRequest): KubeReply {
    const fieldManager = req.query.get("fieldManager");
    if (!fieldManager) throw badRequest("PATCH, application/apply-patch+yaml requires fieldManager to be set");
    const applied = parseBody(req.body, true);
    const force = req.query.get("force") === "true";
    const current = s.world.get(typeKey(t.def), t.namespace ?? "", t.name!);
    const am = isObj(applied["metadata"]) ? applied["metadata"] : {};
    if (am["name"] !== undefined && am["name"] !== t.name) throw badRequest(`the name of the object (${String(am["name"])}) does not match the name on the URL (${t.name})`);
    const merge = t.def.custom ? mergePatch : (a: unknown, b: unknown) => strategicMergePatch(a, b);
    const now = deps.now();
    const result = serverSideApply(current, { ...applied, metadata: { ...am, name: t.name } }, fieldManager, apiVersionOf(t.def), force, now, merge);
    if ("conflicts" in result) {
      const n = result.conflicts.length;
      const lines = result.conflicts.map((c) => `conflict with "${c.manager}"${c.apiVersion ? ` using ${c.apiVersion}` : ""}: ${printPath(c.path)}`);
      const message = n === 1 ? `Apply failed with 1 conflict: ${lines[0]}` : `Apply failed with ${n} conflicts: ${lines.join("\n")}`;
      throw new KubeError(409, "Conflict", message, { causes: result.conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with "${c.manager}"${c.apiVersion ? ` using ${c.apiVersion}` : ""}`, field: printPath(c.path) })) });
    }
    if (!current) {
      const o = prepareNew(s, t, result.object, fieldManager, true);
      (o["metadata"] as Obj)["managedFields"] = meta(result.object)["managedFields"];
      admit(s, t, req, o);
      const [stored] = commit(s, req, [{ type: typeKey(t.def), object: o }]);
      return { status: 201, body: outward(t.def, stored!) };
    }
    return replace(s, t, req, current, { ...result.object, metadata: { ...meta(result.object), resourceVersion: meta(current)["resourceVersion"] } }, fieldManager, undefined, meta(result.object)["managedFields"]);
  }

  function deletion(s: WorldState, t: Target, req: KubeRequest, o: Obj, at = deps.now()): { writes: WorldWrite[]; reply: Obj } {
    const type = typeKey(t.def);
    const m = meta(o);
    const options = req.body.trim() ? parseBody(req.body) : {};
    const pre = isObj(options["preconditions"]) ? options["preconditions"] : {};
    if (pre["resourceVersion"] !== undefined && String(pre["resourceVersion"]) !== String(m["resourceVersion"])) throw conflict(t.def.group, t.def.resource, nameOf(o));
    if (pre["uid"] !== undefined && pre["uid"] !== m["uid"]) throw conflict(t.def.group, t.def.resource, nameOf(o));
    const now = kubeTime(at);
    const orphan = options["propagationPolicy"] === "Orphan" || req.query.get("propagationPolicy") === "Orphan";
    if (type === NAMESPACES) {
      if (IMMORTAL_NAMESPACES.has(nameOf(o))) throw forbidden("", "namespaces", nameOf(o), "this namespace may not be deleted");
      const ns = nameOf(o);
      const writes: WorldWrite[] = [];
      for (const held of s.world.typesHeld()) {
        if (held === NAMESPACES) continue;
        for (const x of s.world.list(held, ns)) writes.push({ type: held, object: x, delete: true });
      }
      const terminating = { ...o, metadata: { ...m, deletionTimestamp: now }, status: { phase: "Terminating" } };
      writes.push({ type, object: terminating, delete: true });
      return { writes, reply: terminating };
    }
    if (Array.isArray(m["finalizers"]) && m["finalizers"].length > 0) {
      if (m["deletionTimestamp"] !== undefined) return { writes: [], reply: o };
      const marked = { ...o, metadata: { ...m, deletionTimestamp: now, deletionGracePeriodSeconds: 0 } };
      return { writes: [{ type, object: marked }], reply: marked };
    }
    const writes: WorldWrite[] = [{ type, object: o, delete: true }, ...(orphan ? [] : ownedBy(s.world, o))];
    return { writes, reply: o };
  }

  function remove(s: WorldState, t: Target, req: KubeRequest): KubeReply {
    const o = existing(s, t);
    const { writes, reply } = deletion(s, t, req, o);
    const stored = commit(s, req, writes);
    const type = typeKey(t.def);
    const returned = stored.find((x) => nameOf(x) === nameOf(reply) && namespaceOf(x) === namespaceOf(reply)) ?? reply;
    // The apiserver answers the object for namespaces, pods and objects left with finalizers; a Status otherwise.
    if (type === NAMESPACES || type === PODS || meta(returned)["deletionTimestamp"] !== undefined) return { status: 200, body: outward(t.def, returned) };
    return { status: 200, body: successStatus(200, { name: nameOf(o), ...(t.def.group ? { group: t.def.group } : {}), kind: t.def.resource, uid: String(meta(o)["uid"]) }) };
  }

  function deleteCollection(s: WorldState, t: Target, req: KubeRequest): KubeReply {
    const match = matcher(t, req);
    const type = typeKey(t.def);
    const victims = [...s.world.list(type, t.namespace)].filter(match);
    const writes: WorldWrite[] = [];
    for (const o of victims) writes.push(...deletion(s, { ...t, name: nameOf(o), namespace: t.def.namespaced ? namespaceOf(o) : undefined }, { ...req, body: "" }, o).writes);
    const seen = new Set<string>();
    const unique = writes.filter((w) => {
      const k = `${w.type}/${World.slot(w.object)}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const stored = commit(s, req, unique);
    return { status: 200, body: { kind: `${t.def.kind}List`, apiVersion: apiVersionOf(t.def), metadata: { resourceVersion: String(s.world.rv) }, items: stored.filter((o) => victims.some((v) => nameOf(v) === nameOf(o) && namespaceOf(v) === namespaceOf(o))) } };
  }

  // ---- Subresources.

  function subresource(s: WorldState, t: Target, req: KubeRequest): KubeReply {
    switch (t.sub) {
      case "status":
        if (req.method === "GET") return get(s, t, req);
        if (req.method === "PUT") return update(s, t, req, parseBody(req.body), "status");
        if (req.method === "PATCH") {
          const current = existing(s, t);
          return replace(s, t, req, current, applyPatch(t.def, req, current), manager(req, "unknown"), "status");
        }
        throw methodNotAllowed();
      case "scale":
        return scale(s, t, req);
      case "eviction":
        if (req.method !== "POST") throw methodNotAllowed();
        return evict(s, t, req);
      case "log":
        if (req.method !== "GET") throw methodNotAllowed();
        return { status: 200, text: podLog(existing(s, t), req.query, deps.now()), contentType: "text/plain" };
      default:
        throw NO_RESOURCE();
    }
  }


  function scale(s: WorldState, t: Target, req: KubeRequest): KubeReply {
    const current = existing(s, t);
    if (req.method === "GET") return { status: 200, body: scaleOf(current) };
    if (req.method !== "PUT" && req.method !== "PATCH") throw methodNotAllowed();
    const view = scaleOf(current);
    const next = req.method === "PUT" ? parseBody(req.body) : applyPatch({ custom: false }, req, view);
    const replicas = at(next, "spec.replicas");
    if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) throw invalid("autoscaling", "Scale", t.name!, [{ reason: "FieldValueInvalid", message: `Invalid value: ${String(replicas)}: must be greater than or equal to 0`, field: "spec.replicas" }]);
    const sentRv = at(next, "metadata.resourceVersion");
    if (req.method === "PUT" && sentRv !== undefined && sentRv !== "" && String(sentRv) !== String(meta(current)["resourceVersion"])) throw conflict(t.def.group, t.def.resource, t.name!);
    const spec = isObj(current["spec"]) ? current["spec"] : {};
    const out = replace(s, t, req, current, { ...current, spec: { ...spec, replicas } }, manager(req, "unknown"), undefined);
    return { status: 200, body: scaleOf(out.body as Obj) };
  }

  /** POST pods/{name}/eviction: the PDBs that select the pod decide (CLIENTS.md §2.6). */
  function evict(s: WorldState, t: Target, req: KubeRequest): KubeReply {
    const pod = existing(s, t);
    parseBody(req.body);
    const outcome = eviction(s, pod, deps.now());
    if ("verdict" in outcome) {
      const v = outcome.verdict;
      if (v.reason === "multiple") throw new KubeError(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
      throw disruptionBudget(budgetCause(v.pdb, v.budget));
    }
    commit(s, req, outcome.writes);
    return { status: 201, body: successStatus(201) };
  }

  /** An eviction's writes (the pod's deletion, as a DELETE would do it), or the verdict refusing it. */
  function eviction(s: WorldState, pod: Obj, when: number, ignoreBudget = false): { writes: WorldWrite[] } | { verdict: Exclude<EvictionVerdict, { allowed: true }> } {
    const ns = namespaceOf(pod);
    if (!ignoreBudget) {
      const verdict = evictionVerdict(pod, {
        pdbs: [...s.world.list(PDBS, ns)],
        pods: [...s.world.list(PODS, ns)],
        replicasOf: (kind, name) => {
          const owner = s.world.get(WORKLOADS[kind] ?? "", ns, name);
          const r = owner ? at(owner, "spec.replicas") : undefined;
          return typeof r === "number" ? r : undefined;
        },
      });
      if (!verdict.allowed) return { verdict };
    }
    const def = registryOf(s).find("", "v1", "pods")!;
    return { writes: deletion(s, { def, namespace: ns, name: nameOf(pod), sub: undefined }, { method: "DELETE", path: "", query: new URLSearchParams(), accept: "", contentType: "", body: "", userAgent: "" }, pod, when).writes };
  }

  /**
   * A cluster's world for work an engine step does (a drain): loaded, but neither bootstrapped nor
   * mirrored (the provider's facts may lag the step's transaction, and a step cannot commit on its
   * own: it stages its writes, World.stage). Undefined for a cluster whose API was never used: it
   * holds no objects yet.
   */
  function forStep(cluster: KubeClusterFacts): StepWorld | undefined {
    let s = worlds.get(cluster.id);
    if (!s) {
      const world = new World(cluster.id, deps.commit, deps.load(cluster.id));
      if (world.empty) return undefined;
      s = { world, registry: registryWith([]), registryRv: -1, cordons: new Map(), alloc: allocators(world), cluster };
      worlds.set(cluster.id, s);
      attachOnce(s, false);
    }
    const state = s;
    return {
      world: state.world,
      eviction: (pod, at, ignoreBudget) => eviction(state, pod, at, ignoreBudget),
      // The provider cordons the node; its mirror lifts the cordon when the provider does.
      cordonedByProvider: (node) => void state.cordons.set(node, true),
    };
  }

  return {
    serve,
    stateOf: (cluster: KubeClusterFacts) => stateOf(cluster).world,
    forget: (id: string) => {
      attached.delete(id);
      return worlds.delete(id);
    },
    /** Every world loaded so far, forgotten: the store's contents were replaced; each loads again on first use. */
    forgetAll: () => {
      attached.clear();
      worlds.clear();
    },
    forStep,
  };
}


export type KubeApi = ReturnType<typeof createKubeApi>;
