// The read verbs of a cluster's Kubernetes API (api.ts) on its world: get (the object, or its
// Table), list with label and field selectors and limit/continue, and watch from a resourceVersion,
// as the apiserver answers them. Also what the writes share with them: the request's target, the
// object as it goes out, and the selectors' matcher.
import type { KubeReply, KubeRequest } from "./api.js";
import { labelsOf, namespaceOf, rvOf, type Obj } from "./objects.js";
import { apiVersionOf, typeKey, type ResourceDef } from "./registry.js";
import { parseFieldSelector, parseLabelSelector } from "./selectors.js";
import { badRequest, expired, notFound } from "./status.js";
import { toTable, type IncludeObject } from "./tables.js";
import { World, type WorldEvent } from "./world.js";

/** What a request's path names: a resource type, and in it a namespace, an object and a subresource. */
export type Target = { def: ResourceDef; namespace: string | undefined; name: string | undefined; sub: string | undefined };

const WATCH_TIMEOUT_MS = 30 * 60_000;

const wantsTable = (accept: string) => /as=Table/.test(accept);

/** A custom resource goes out in the version its request named, whatever version stored it. */
export const outward = (def: ResourceDef, o: Obj): Obj => (def.custom && o["apiVersion"] !== apiVersionOf(def) ? { ...o, apiVersion: apiVersionOf(def) } : o);

/** The object the target names, or the apiserver's NotFound. */
export function existingObject(world: World, t: Target): Obj {
  const o = world.get(typeKey(t.def), t.namespace ?? "", t.name!);
  if (!o) throw notFound(t.def.group, t.def.resource, t.name!);
  return o;
}

export function getObject(world: World, t: Target, req: KubeRequest, now: number): KubeReply {
  const o = existingObject(world, t);
  if (wantsTable(req.accept)) return { status: 200, body: toTable(typeKey(t.def), [o], now, { resourceVersion: String(rvOf(o)), include: include(req) }) };
  return { status: 200, body: outward(t.def, o) };
}

const include = (req: KubeRequest): IncludeObject => {
  const v = req.query.get("includeObject");
  return v === "None" || v === "Object" ? v : "Metadata";
};

/** The request's labelSelector and fieldSelector, as one test of an object. */
export function matcher(t: Target, req: KubeRequest): (o: Obj) => boolean {
  const labels = req.query.get("labelSelector");
  const fields = req.query.get("fieldSelector");
  const l = labels ? parseLabelSelector(labels) : undefined;
  const f = fields ? parseFieldSelector(fields, typeKey(t.def), t.def.custom === true) : undefined;
  if (!l && !f) return () => true;
  return (o) => (!l || l(labelsOf(o))) && (!f || f(o));
}

export function listObjects(world: World, t: Target, req: KubeRequest, now: number): KubeReply {
  const match = matcher(t, req);
  const limit = Number(req.query.get("limit") ?? 0);
  const token = req.query.get("continue");
  let after: string | undefined;
  if (token) {
    try {
      const c = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { start: string; rv: number };
      after = c.start;
      if (typeof after !== "string") throw new Error("no start");
    } catch {
      throw badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
    }
  }
  const items: Obj[] = [];
  let next: string | undefined;
  for (const o of world.list(typeKey(t.def), t.namespace, after)) {
    if (!match(o)) continue;
    if (limit > 0 && items.length === limit) {
      next = Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: world.rv, start: World.slot(items[items.length - 1]!) })).toString("base64url");
      break;
    }
    items.push(o);
  }
  const resourceVersion = String(world.rv);
  if (wantsTable(req.accept)) return { status: 200, body: toTable(typeKey(t.def), items, now, { resourceVersion, include: include(req), ...(next ? { continue: next } : {}) }) };
  const metadata: Obj = { resourceVersion, ...(next ? { continue: next } : {}) };
  return { status: 200, body: { kind: `${t.def.kind}List`, apiVersion: apiVersionOf(t.def), metadata, items: t.def.custom ? items.map((o) => outward(t.def, o)) : items } };
}

export function watchObjects(world: World, t: Target, req: KubeRequest): KubeReply {
  const match = matcher(t, req);
  const type = typeKey(t.def);
  const rvText = req.query.get("resourceVersion") ?? "";
  const inScope = (e: WorldEvent) => e.type === type && (t.namespace === undefined || namespaceOf(e.object) === t.namespace);
  const timeout = Number(req.query.get("timeoutSeconds") ?? 0);
  const line = (type: string, object: Obj) => `${JSON.stringify({ type, object: outward(t.def, object) })}\n`;
  /** The event as this watch sees it: an object leaving the selection is DELETED to it, one entering ADDED. */
  const view = (e: WorldEvent): string | undefined => {
    if (!inScope(e)) return undefined;
    const now = match(e.object);
    const before = e.old !== undefined && match(e.old);
    if (e.event === "DELETED") return now ? line("DELETED", e.object) : undefined;
    if (now) return line(before || e.event === "ADDED" ? e.event : "ADDED", e.object);
    return before ? line("DELETED", e.object) : undefined;
  };
  return {
    status: 200,
    watch: {
      timeoutMs: timeout > 0 ? timeout * 1000 : WATCH_TIMEOUT_MS,
      start(send, end) {
        if (rvText === "" || rvText === "0") {
          for (const o of world.list(type, t.namespace)) if (match(o)) send(line("ADDED", o));
        } else {
          const rv = Number(rvText);
          const replay = Number.isFinite(rv) ? world.since(rv) : undefined;
          if (!replay) {
            const err = expired(rvText, world.oldestReplayable);
            send(`${JSON.stringify({ type: "ERROR", object: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: err.message, reason: err.reason, code: err.code } })}\n`);
            end();
            return () => {};
          }
          for (const e of replay) {
            const l = view(e);
            if (l) send(l);
          }
        }
        return world.subscribe((e) => {
          const l = view(e);
          if (l) send(l);
        });
      },
    },
  };
}
