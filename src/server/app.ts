// Builds the emulator apart from listen(): config → TLS, keys, store, clock, engine, routes.
// The request pipeline, one stage per comment:
//   read body (bounded) → request ids → engine catch-up → Entra ID / metadata (anonymous)
//   → bearer token → route by resource id → api-version → subscription → handler → wire reply.
import { createPublicKey, randomBytes, randomUUID, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createClock, resumeVirtualTime, systemNow, type Clock, type ClockAnchor } from "../clock/clock.js";
import type { Config } from "../config/config.js";
import { apiError, ApiError, errorBody } from "../arm/error-catalog.js";
import type { Principal, Reply } from "../arm/http.js";
import { createRouter, MalformedPathError } from "../arm/router.js";
import { controlHandlers } from "../control/control-api.js";
import { principalHandlers } from "../control/principals.js";
import { createEngine, type Engine } from "../engine/engine.js";
import { handleTokenRequest, jwks, openIdConfiguration, type Principal as EntraPrincipal } from "../identity/entra.js";
import { signJwt, verifyJwt, type AccessTokenClaims } from "../identity/jwt.js";
import { ensureSigningKey, generateSigningKeyAsync } from "../identity/signing-key.js";
import { operationParent, resourceParent } from "../providers/containerservice/domain/keys.js";
import { createStore, type Store } from "../store/store.js";
import { openSqlitePersistence } from "../store/sqlite-persistence.js";
import { ensureCertificates, type TlsMaterial } from "../tls/certificates.js";
import { metadataEndpoints } from "./metadata.js";
import { armRoutes } from "./routes.js";

const BODY_LIMIT = 4 * 1024 * 1024; // ARM refuses request bodies over 4 MB
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type App = {
  server: Server;
  config: Config;
  clock: Clock;
  store: Store;
  engine: Engine;
  tls: TlsMaterial;
  listen(): Promise<{ url: string; port: number }>;
  /** A token for the default principal issued at `issuedAt` (wall-clock ms): lets tests hold expired tokens. */
  mintToken(opts: { issuedAt: number; origin: string }): string;
  close(): Promise<void>;
};

export async function createApp(config: Config): Promise<App> {
  // Certificates and the token-signing key are independent: on a first start both are generated,
  // concurrently (the RSA key on the thread pool).
  const [tls, signingKey] = await Promise.all([
    ensureCertificates(config.tlsDir),
    config.inMemory ? generateSigningKeyAsync() : ensureSigningKey(join(config.dataDir, "identity")),
  ]);
  const key = { privateKey: signingKey.privateKey, kid: signingKey.publicJwk.kid };
  const publicKey: KeyObject = createPublicKey(signingKey.privateKey);
  const store = createStore(config.inMemory ? null : openSqlitePersistence(config.dataDir), { groupOf: { resources: resourceParent, operations: operationParent } });
  const anchor = store.get<ClockAnchor>("meta", "clockAnchor");
  const lastCommitted = store.get<{ now: number }>("meta", "clock")?.now;
  const startAt = resumeVirtualTime({ ...(anchor ? { anchor } : {}), ...(lastCommitted !== undefined ? { lastCommitted } : {}), wallNow: systemNow(), mode: config.clock });
  const clock = createClock({ mode: config.clock, speed: config.speed, startAt });
  store.transaction((tx) => tx.put("meta", "clockAnchor", { virtual: clock.now(), wall: systemNow(), speed: config.clock === "realtime" ? config.speed : 0 } satisfies ClockAnchor));
  const log = (msg: string) => {
    if (!config.quiet) process.stderr.write(`${msg}\n`);
  };
  const newId = () => randomUUID();
  const newEtag = () => randomBytes(8).toString("hex");
  const engine = createEngine({ store, clock, newEtag, onError: (err) => log(`aksemu: engine error: ${(err as Error).stack ?? String(err)}`) });

  const defaultPrincipal: EntraPrincipal = { objectId: config.principalObjectId, clientId: config.clientId, clientSecret: config.clientSecret, displayName: "aksemu default principal" };
  const principalApi = principalHandlers({ store, defaultPrincipal, tenantId: config.tenantId, newId });
  const subscriptions = () => [{ id: config.subscriptionId, tenantId: config.tenantId, displayName: "aksemu subscription" }];
  // Real AKS hands out the same kubeconfig on every call (so `az aks get-credentials` can run
  // again without a conflict): the token is fixed by cluster, role and principal. RS256
  // signatures are deterministic, so the same claims give the same bytes.
  const issueKubeToken = (p: { objectId: string; clientId: string; tenantId: string; origin: string; issuedAt: number; uti: string }) => {
    const iat = Math.floor(p.issuedAt / 1000);
    return signJwt({ aud: "6dae42f8-4368-4678-94ff-3960e28e3630", iss: `${p.origin}/${p.tenantId}/v2.0`, iat, nbf: iat, exp: iat + 10 * 365 * 86400, oid: p.objectId, sub: p.objectId, tid: p.tenantId, appid: p.clientId, azp: p.clientId, idtyp: "app", ver: "2.0", uti: p.uti }, key);
  };
  const deps = { store, engine, clock, newId, newEtag, caCertPem: tls.caCertPem, issueKubeToken, subscriptions };
  const matchArm = createRouter(armRoutes(deps));
  // An acknowledged advance is durable: a restart never takes the manual clock back.
  const control = controlHandlers({ clock, engine, persistNow: (now) => store.transaction((tx) => tx.put("meta", "clock", { now })) });
  const none = { kind: "none" } as const;
  const matchControl = createRouter([
    { method: "GET", pattern: "/_aksemu/clock", apiVersions: none, handler: control.state },
    { method: "POST", pattern: "/_aksemu/clock/advance", apiVersions: none, handler: control.advance },
    { method: "GET", pattern: "/_aksemu/principals", apiVersions: none, handler: principalApi.list },
    { method: "POST", pattern: "/_aksemu/principals", apiVersions: none, handler: principalApi.create },
    { method: "DELETE", pattern: "/_aksemu/principals/{clientId}", apiVersions: none, handler: principalApi.remove },
  ]);

  // Verified tokens are cached: verification is the costliest step of a GET, and a client reuses
  // one token for an hour. Expiry is still checked against virtual time on every request.
  const tokenCache = new Map<string, AccessTokenClaims>();

  // Token lifetimes follow the wall clock, not virtual time: clients (MSAL) cache a token for
  // expires_in real seconds, and a fast or manual virtual clock must not expire it under them.
  function authenticate(req: IncomingMessage, origin: string): Principal {
    const wallNow = systemNow();
    const header = req.headers["authorization"];
    if (header === undefined) throw apiError("authorizationHeaderMissing");
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw apiError("authorizationHeaderInvalid");
    const token = m[1]!;
    let claims = tokenCache.get(token);
    if (claims && claims.exp * 1000 + 5 * 60_000 < wallNow) claims = undefined;
    if (!claims) {
      const result = verifyJwt(token, { publicKey, issuerPrefix: origin, nowMs: wallNow });
      if (!result.ok) {
        throw apiError(result.code === "ExpiredAuthenticationToken" ? "expiredAuthenticationToken" : "invalidAuthenticationToken", { message: result.message });
      }
      claims = result.claims;
      if (tokenCache.size > 10_000) tokenCache.clear();
      tokenCache.set(token, claims);
    }
    return { objectId: claims.oid, clientId: claims.appid, tenantId: claims.tid };
  }

  function anonymous(method: string, path: string, query: URLSearchParams, rawBody: string, origin: string): Reply | undefined {
    const parts = path.split("/").filter(Boolean);
    const tenant = parts[0] ?? "";
    const rest = parts.slice(1).join("/").toLowerCase();
    if (method === "GET" && rest === "v2.0/.well-known/openid-configuration") return { status: 200, body: openIdConfiguration({ origin, tenant }) };
    if (method === "GET" && rest === "discovery/v2.0/keys") return { status: 200, body: jwks([signingKey.publicJwk]) };
    if (method === "POST" && rest === "oauth2/v2.0/token") {
      const result = handleTokenRequest({ form: new URLSearchParams(rawBody), tenant, origin, principals: principalApi.all(), nowMs: systemNow(), key, newId });
      return { status: result.status, body: result.body, headers: { "Cache-Control": "no-store, no-cache", Pragma: "no-cache" } };
    }
    if (method === "GET" && path.toLowerCase() === "/metadata/endpoints") return { status: 200, body: metadataEndpoints(origin, query.get("api-version") ?? "2022-09-01") };
    return undefined;
  }

  function parseBody(raw: string, req: IncomingMessage): unknown {
    if (raw.trim() === "") return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch (err) {
      void req;
      throw apiError("invalidJson", { detail: (err as Error).message });
    }
  }

  function dispatch(req: IncomingMessage, rawBody: string, origin: string, now: number): Reply {
    const url = new URL(req.url ?? "/", origin);
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const anon = anonymous(method, path, url.searchParams, rawBody, origin);
    if (anon) return anon;
    const principal = authenticate(req, origin);
    const base = { method, path, query: url.searchParams, headers: req.headers, now, origin, principal, params: {}, apiVersion: url.searchParams.get("api-version") ?? "" };
    if (path.toLowerCase().startsWith("/_aksemu/")) {
      const hit = matchControl(method, path);
      if (!hit) throw apiError("routeNotFound", { path });
      if ("methodNotAllowed" in hit) throw apiError("methodNotAllowed", { method });
      return hit.route.handler({ ...base, params: hit.params, body: method === "GET" || method === "DELETE" ? undefined : parseBody(rawBody, req) });
    }
    let match: ReturnType<typeof matchArm>;
    try {
      match = matchArm(method, path);
    } catch (err) {
      if (err instanceof MalformedPathError) throw apiError("invalidRequestUri", { path });
      throw err;
    }
    if (!match) {
      const apiVersion = url.searchParams.get("api-version");
      if (!apiVersion) throw apiError("missingApiVersion");
      // An unknown type under a provider namespace is InvalidResourceType, as ARM answers it.
      const typed = /\/providers\/([^/]+)\/([^/]+)/i.exec(path);
      if (typed && typed[1]!.toLowerCase() === "microsoft.containerservice" && !/^(managedclusters|locations)$/i.test(typed[2]!)) {
        throw apiError("invalidResourceType", { type: typed[2]!, namespace: typed[1]!, apiVersion });
      }
      throw apiError("routeNotFound", { path });
    }
    if ("methodNotAllowed" in match) throw apiError("methodNotAllowed", { method });
    const { route, params } = match;
    const apiVersion = url.searchParams.get("api-version");
    if (route.apiVersions.kind === "list") {
      if (!apiVersion) throw apiError("missingApiVersion");
      if (!config.loose && !route.apiVersions.versions.includes(apiVersion)) {
        if (route.apiVersions.namespace === "Microsoft.Resources") throw apiError("invalidApiVersion", { apiVersion, supported: route.apiVersions.versions });
        throw apiError("noRegisteredProvider", { location: params["location"] ?? "eastus", apiVersion, type: route.apiVersions.type, supported: route.apiVersions.versions, locations: ["East US", "West US 2", "West Europe"] });
      }
    }
    const sub = params["subscriptionId"];
    if (sub !== undefined) {
      if (!GUID.test(sub)) throw apiError("invalidSubscriptionId", { subscriptionId: sub });
      if (!config.loose && !subscriptions().some((s) => s.id.toLowerCase() === sub.toLowerCase())) throw apiError("subscriptionNotFound", { subscriptionId: sub });
    }
    const body = method === "PUT" || method === "PATCH" || method === "POST" ? parseBody(rawBody, req) : undefined;
    return route.handler({ ...base, params, apiVersion: apiVersion ?? "", body });
  }

  function send(res: ServerResponse, reply: Reply, ids: Record<string, string>, extra: Record<string, string> = {}): void {
    const payload = reply.body === undefined ? undefined : JSON.stringify(reply.body);
    const headers: Record<string, string | number> = { ...ids, ...extra, ...(reply.headers ?? {}) };
    if (payload !== undefined) {
      headers["Content-Type"] = "application/json; charset=utf-8";
      headers["Content-Length"] = Buffer.byteLength(payload);
    } else headers["Content-Length"] = 0;
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  function handle(req: IncomingMessage, res: ServerResponse, rawBody: string, tooLarge: boolean): void {
    const requestId = newId();
    const header = (n: string) => {
      const v = req.headers[n];
      return Array.isArray(v) ? v[0] : v;
    };
    const ids: Record<string, string> = { "x-ms-request-id": requestId, "x-ms-correlation-request-id": header("x-ms-correlation-request-id") ?? requestId };
    const clientRequestId = header("x-ms-client-request-id");
    if (clientRequestId) ids["x-ms-client-request-id"] = clientRequestId;
    const origin = `https://${req.headers.host ?? `${config.host}:${config.port}`}`;
    try {
      if (tooLarge) throw apiError("requestTooLarge", { limitMb: BODY_LIMIT / 1024 / 1024 });
      engine.catchUp();
      const reply = dispatch(req, rawBody, origin, clock.now());
      send(res, req.method === "HEAD" ? { status: reply.status, ...(reply.headers ? { headers: reply.headers } : {}) } : reply, ids);
    } catch (err) {
      if (err instanceof ApiError) {
        const extra: Record<string, string> = err.envelope === "gateway" ? { "x-ms-failure-cause": "gateway" } : {};
        if (err.status === 401) extra["WWW-Authenticate"] = `Bearer authorization_uri="${origin}/${config.tenantId}", error="invalid_token", error_description="${err.message.replace(/"/g, "'")}"`;
        send(res, { status: err.status, body: req.method === "HEAD" ? undefined : errorBody(err) }, ids, extra);
        return;
      }
      // A broken invariant, never a client mistake: log it and answer as ARM does.
      log(`aksemu: internal error on ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
      send(res, { status: 500, body: { error: { code: "InternalServerError", message: "Encountered internal server error. Diagnostic information: see the emulator's log." } } }, ids);
    }
  }

  const server = createServer({ cert: tls.certPem, key: tls.keyPem, keepAliveTimeout: 65_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => handle(req, res, tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), tooLarge));
    req.on("error", () => res.destroy());
  });

  let closed = false;
  return {
    server,
    config,
    clock,
    store,
    engine,
    tls,
    mintToken(opts) {
      const form = new URLSearchParams({ grant_type: "client_credentials", client_id: config.clientId, client_secret: config.clientSecret, scope: "https://management.azure.com/.default" });
      const result = handleTokenRequest({ form, tenant: config.tenantId, origin: opts.origin, principals: [defaultPrincipal], nowMs: opts.issuedAt, key, newId });
      if (!result.ok) throw new Error(result.body.error_description);
      return result.body.access_token;
    },
    listen() {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => {
          const port = (server.address() as AddressInfo).port;
          const host = config.host.includes(":") ? `[${config.host}]` : config.host;
          resolve({ url: `https://${host}:${port}`, port });
        });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      engine.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    },
  };
}
