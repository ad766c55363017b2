// The door to the clusters' Kubernetes APIs, beside ARM's front door on the same HTTPS server:
//   - proxy mode: a request whose Host is a cluster's API server name ({dnsPrefix}-{hash}.hcp.
//     {region}.azmk8s.io, reached through a CONNECT tunnel) is that cluster's API;
//   - direct: https://127.0.0.1:{port}/_aksemu/kubernetes/{fqdn}/... (a kubeconfig server URL may
//     carry a path).
// It finds the cluster (through the provider that keeps clusters), checks the kubeconfig's bearer
// token, and answers in Kubernetes' own terms (Status errors, JSON lines for watches). Through proxy
// mode, a stopped cluster's name does not resolve (proxy.ts refuses the tunnel as a failed lookup,
// as real AKS's DNS record goes); a request that still arrives (the direct form, or a kept-alive
// tunnel) is the apiserver's 503 ServiceUnavailable, and a name no cluster has is its 404. A private
// cluster (apiServerAccessProfile.enablePrivateCluster) is not reachable from outside its vnet:
// through proxy mode its names (private and public FQDN) do not resolve, as a stopped cluster's;
// the direct form closes the connection without an answer, as a connection to its private endpoint
// from outside fails (client-go retries such a connection until its deadline, then kubectl prints
// "... error from a previous attempt: EOF"; a real one times out dialing). Only a token the
// emulator minted for a run command of that cluster (`KubeClusterFacts.insider`: the command's
// kubectl runs in the cluster's network) is let through to a running private cluster.
import type { KeyObject } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { systemNow } from "../clock/clock.js";
import { readSignedJwt } from "../identity/jwt.js";
import { KUBE_AUDIENCE } from "../identity/kube-tokens.js";
import { SKEW_MS } from "../identity/token-rules.js";
import type { KubeApi } from "../kube/api.js";
import { decodeProtobuf, PROTOBUF } from "../kube/protobuf.js";
import { isReachableFromOutside, type KubeClusterFacts, type KubeClusters } from "../kube/clusters.js";
import type { KubeUser } from "../kube/rbac/authorize.js";
import { KubeError, NO_RESOURCE, statusBody, UNAUTHORIZED } from "../kube/status.js";
import { isClusterHost } from "./emulated-hosts.js";

export const DIRECT_PREFIX = "/_aksemu/kubernetes/";

export type KubeDoorOptions = {
  api: KubeApi;
  clusters: KubeClusters;
  publicKey: KeyObject;
  /** Applies every engine step due now, so node states follow virtual time. */
  catchUp: () => void;
  /** What settles once the store's writes so far are durable (group commit): answers and watch events wait for it. */
  durable?: () => Promise<void> | undefined;
  log: (line: string) => void;
};

type Aimed = { fqdn: string; path: string; query: URLSearchParams };

/** Whether a request is for a cluster's API, and which: by Host (proxy mode) or by the direct prefix. */
export function kubeTarget(req: IncomingMessage): Aimed | undefined {
  const raw = req.url ?? "/";
  if (!raw.startsWith("/")) return undefined;
  const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
  const q = raw.indexOf("?");
  const pathname = q < 0 ? raw : raw.slice(0, q);
  // Every request asks; only a Kubernetes one pays for its query (ARM requests are most of them).
  const query = () => new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
  if (isClusterHost(host)) return { fqdn: host, path: pathname, query: query() };
  if (!pathname.startsWith(DIRECT_PREFIX)) return undefined;
  const rest = pathname.slice(DIRECT_PREFIX.length);
  const slash = rest.indexOf("/");
  const fqdn = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase();
  return { fqdn, path: slash < 0 ? "/" : rest.slice(slash), query: query() };
}

const WATCH_POLL_MS = 1000;

export function createKubeDoor(o: KubeDoorOptions) {
  // Verified tokens (signature and audience), kept like ARM's; expiry is checked on every request.
  const verified = new Map<string, { exp: number; uti: unknown; oid: unknown }>();

  /** The bearer token's claims if the emulator signed it for a cluster's API and it is still valid; undefined otherwise. */
  function claimsOf(req: IncomingMessage): { exp: number; uti: unknown; oid: unknown } | undefined {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    if (!m) return undefined;
    let hit = verified.get(m[1]!);
    if (!hit) {
      const claims = readSignedJwt(m[1]!, o.publicKey);
      if (!claims || claims["aud"] !== KUBE_AUDIENCE || typeof claims["exp"] !== "number") return undefined;
      hit = { exp: claims["exp"], uti: claims["uti"], oid: claims["oid"] };
      if (verified.size > 10_000) verified.clear();
      verified.set(m[1]!, hit);
    }
    return hit.exp * 1000 + SKEW_MS < systemNow() ? undefined : hit;
  }

  /** The token's Kubernetes user (the cluster's provider maps its claims, for RBAC), once it is let in. */
  function authenticate(req: IncomingMessage, cluster: KubeClusterFacts): KubeUser | undefined {
    const hit = claimsOf(req);
    if (!hit || !cluster.admits({ uti: hit.uti })) throw UNAUTHORIZED();
    return cluster.userOf?.({ uti: hit.uti, oid: hit.oid });
  }

  /** Whether this request reaches the cluster's API server: from outside, or (a private cluster) as run command from inside its network. */
  function reaches(req: IncomingMessage, cluster: KubeClusterFacts): boolean {
    if (isReachableFromOutside(cluster)) return true;
    if (!cluster.reachable || !cluster.insider) return false;
    const hit = claimsOf(req);
    return hit !== undefined && cluster.admits({ uti: hit.uti }) && cluster.insider({ uti: hit.uti });
  }

  /** Runs `write` once what the store holds now is durable: at once, or after the turn's group commit. */
  function whenDurable(res: ServerResponse, write: () => void): void {
    const pending = o.durable?.();
    if (!pending) return write();
    pending.then(write, () => res.destroy());
  }

  function send(res: ServerResponse, status: number, body: unknown, contentType = "application/json"): void {
    const payload = typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
    whenDurable(res, () => {
      res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(payload), "Cache-Control": "no-cache, private" });
      res.end(payload);
    });
  }

  /** The body as the API reads it: JSON or YAML text as sent; a protobuf body read into JSON. */
  function bodyOf(req: IncomingMessage, raw: Buffer): { body: string; contentType: string } {
    const contentType = req.headers["content-type"] ?? "";
    if (contentType.split(";")[0]!.trim().toLowerCase() !== PROTOBUF) return { body: raw.toString("utf8"), contentType };
    const decoded = decodeProtobuf(raw);
    if ("unsupported" in decoded) throw new KubeError(415, "UnsupportedMediaType", String(decoded.unsupported));
    return { body: JSON.stringify(decoded), contentType: "application/json" };
  }

  return function handle(req: IncomingMessage, res: ServerResponse, target: Aimed, rawBytes: Buffer, tooLarge = false): void {
    try {
      o.catchUp();
      const cluster = o.clusters.find(target.fqdn);
      if (!cluster) throw NO_RESOURCE();
      if (!reaches(req, cluster)) {
        // A private cluster's API server is only on its vnet: from here the connection fails (no answer at all).
        if (cluster.private) {
          res.destroy();
          return;
        }
        throw new KubeError(503, "ServiceUnavailable", "the server is currently unable to handle the request");
      }
      const user = authenticate(req, cluster);
      if (tooLarge) throw new KubeError(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
      const method = (req.method ?? "GET").toUpperCase();
      const reply = o.api.serve(cluster, {
        method: method === "HEAD" ? "GET" : method,
        path: target.path,
        query: target.query,
        accept: req.headers.accept ?? "",
        ...bodyOf(req, rawBytes),
        userAgent: req.headers["user-agent"] ?? "",
        ...(user ? { user } : {}),
      });
      if (reply.watch) {
        const watch = reply.watch;
        res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
        // The headers go now, not with the first event: client-go waits for them before it counts
        // the watch as started, and a quiet watch must not look like a hung one.
        res.flushHeaders();
        let open = true;
        let unsubscribe = () => {};
        const stop = (destroy = false) => {
          if (!open) return;
          open = false;
          unsubscribe();
          clearInterval(poll);
          clearTimeout(timer);
          if (destroy) res.destroy();
          else res.end();
        };
        // Nodes follow the provider's operations: look again while someone watches.
        const poll: NodeJS.Timeout = setInterval(() => {
          o.catchUp();
          const again = o.clusters.find(target.fqdn);
          if (!again || !reaches(req, again)) return stop(true);
          o.api.stateOf(again);
        }, WATCH_POLL_MS);
        poll.unref();
        const timer: NodeJS.Timeout = setTimeout(stop, watch.timeoutMs);
        timer.unref();
        // Events in order, each once what it shows is durable.
        let queue: Promise<void> | undefined;
        const emit = (line: string) => {
          const pending = o.durable?.();
          if (!pending && !queue) return void (open && res.write(line));
          queue = (queue ?? Promise.resolve()).then(() => pending).then(() => void (open && res.write(line)), () => stop(true));
        };
        unsubscribe = watch.start(emit, () => {
          if (queue) void queue.then(() => stop());
          else queueMicrotask(() => stop());
        });
        res.on("close", () => stop());
        return;
      }
      if (method === "HEAD") {
        whenDurable(res, () => {
          res.writeHead(reply.status, { "Content-Type": reply.contentType ?? "application/json" });
          res.end();
        });
        return;
      }
      if (reply.text !== undefined) send(res, reply.status, reply.text, reply.contentType ?? "text/plain");
      else send(res, reply.status, reply.body, reply.contentType ?? "application/json");
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof KubeError) return send(res, err.code, statusBody(err));
      o.log(`aksemu: internal error on ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
      send(res, 500, statusBody(new KubeError(500, "InternalError", "Internal error occurred: see the emulator's log")));
    }
  };
}
