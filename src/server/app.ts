// The composition root, built apart from listen(): config → TLS and signing key → store → clock
// → engine (with every provider's step runner) → routes → front door → HTTPS server.
import { createPublicKey, randomBytes, randomUUID } from "node:crypto";
import type { Server as HttpServer } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { resourceListings } from "../arm/ids.js";
import { createClock, resumeVirtualTime, systemNow, type Clock, type ClockAnchor } from "../clock/clock.js";
import type { Config } from "../config/config.js";
import { faultHook } from "../control/faults.js";
import { CLOUD_SHELL_KEY } from "../control/cloud-shell.js";
import { createReadCache } from "./read-cache.js";
import { createRecorder } from "./recorder.js";
import { AKSEMU_VERSION } from "../version.js";
import { createEngine, type Engine } from "../engine/engine.js";
import { isActive, operationGroups, UNPARENTED_OPERATIONS, type OperationRecord } from "../engine/operations.js";
import { kubeTokenIssuer, kubeTokenReader } from "../identity/kube-tokens.js";
import { ensureSigningKey, generateSigningKeyAsync, signingKeyDir, type SigningKey } from "../identity/signing-key.js";
import { subscriptionState } from "../control/subscriptions.js";
import { isV1Operation, PROVIDERS, upgradeV1Operation } from "../providers/index.js";
import { providerName, type Guard, type GuardedStep, type Subscription } from "../providers/provider.js";
import { describersByNamespace } from "../providers/activity.js";
import { createStore, type Store } from "../store/store.js";
import { openSqlitePersistence } from "../store/sqlite-persistence.js";
import { ensureCertificates, type TlsMaterial } from "../tls/certificates.js";
import { createLeafIssuer } from "../tls/leaf-certificates.js";
import { errorBody } from "../arm/api-error.js";
import type { ActivityEvent } from "../engine/activity.js";
import { createAuthenticator } from "./auth.js";
import { createRequestScope } from "./request-audit.js";
import { BODY_LIMIT, createEdge, createFrontDoor } from "./front-door.js";
import { createProxy } from "./proxy.js";
import { buildRoutes, namespaceTypes } from "./routes.js";
import { NO_TRUST_STORE, sniCallback } from "./sni.js";
import { createKubeApi } from "../kube/api.js";
import { staleWorlds, worldDeletes } from "../kube/prune.js";
import { createKubeSimulation } from "../kube/simulation.js";
import { isReachableFromOutside, type KubeClusters } from "../kube/clusters.js";
import { KUBERNETES_STEPS } from "../kube/drain.js";
import { drainStepRunner } from "../kube/drain-steps.js";
import type { KubeAdmission } from "../kube/admission/admission.js";
import { createKubeDoor, kubeTarget } from "./kube-door.js";
import { isClusterHost } from "./emulated-hosts.js";

export type App = {
  server: Server;
  config: Config;
  clock: Clock;
  store: Store;
  engine: Engine;
  tls: TlsMaterial;
  /** Starts the HTTPS server, and proxy mode's CONNECT listener unless config.proxyPort is null. */
  listen(): Promise<{ url: string; port: number; proxyPort: number | null }>;
  close(): Promise<void>;
};

export type AppOptions = {
  /** Where the emulator's log lines go (engine errors, internal errors): stderr by default. */
  log?: (line: string) => void;
  /** The HTTPS server's limits on slow clients, in ms (defaults: SERVER_TIMEOUTS). */
  timeouts?: Partial<ServerTimeouts>;
  /**
   * In-memory mode's token-signing key, made beforehand instead of generated here: test suites
   * that start a hundred emulators save an RSA generation (0.1 to 0.2 s of CPU) each.
   */
  signingKey?: SigningKey;
};

export type ServerTimeouts = {
  /** A request head must arrive within this (a slowloris is cut off with a 408). */
  headersTimeout: number;
  /** The whole request, body included, must arrive within this (a stalled body: 408). */
  requestTimeout: number;
  /** How often the server looks for requests past those limits. */
  connectionsCheckingInterval: number;
  /** An idle keep-alive connection is closed after this (above the 60 s of common client pools). */
  keepAliveTimeout: number;
};

export const SERVER_TIMEOUTS: ServerTimeouts = { headersTimeout: 60_000, requestTimeout: 120_000, connectionsCheckingInterval: 10_000, keepAliveTimeout: 65_000 };

/** Node's default, stated: a request head (request line and headers) over 16 KB is refused (400, as ARM). */
export const MAX_HEADER_SIZE = 16 * 1024;

const NO_BODY = Buffer.alloc(0);

/** The largest snapshot `PUT /_aksemu/snapshots/{name}` (aksemu snapshot import) takes. */
export const SNAPSHOT_BODY_LIMIT = 512 * 1024 * 1024;

/** Random hex of `bytes` bytes from a pool filled 4 KiB at a time: every resource write takes an etag, and one CSPRNG call each showed in profiles. */
function pooledHex(bytes: number): () => string {
  let pool = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + bytes > pool.length) {
      pool = randomBytes(4096);
      at = 0;
    }
    at += bytes;
    return pool.toString("hex", at - bytes, at);
  };
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  // Certificates and the token-signing key are independent: on a first start both are generated,
  // concurrently (the RSA key on the thread pool).
  const [tls, signingKey] = await Promise.all([
    ensureCertificates(config.tlsDir),
    config.inMemory ? (options.signingKey ?? generateSigningKeyAsync()) : ensureSigningKey(signingKeyDir(config.dataDir)),
  ]);
  const key = { privateKey: signingKey.privateKey, kid: signingKey.publicJwk.kid };
  const newId = () => randomUUID();
  const store = createStore(config.inMemory ? null : openSqlitePersistence(config.dataDir), {
    groupOf: { resources: (k, v) => resourceListings(k, v), operations: (_k, op) => operationGroups(op as OperationRecord), events: (_k, e) => (e as ActivityEvent).subscriptionId.toLowerCase(), kube: (k) => k.split("/", 1)[0]! },
    // History rests on disk once durable (issue 12: memory and restarts grow with what is live).
    restsOnDisk: { events: () => true, operations: (op) => !isActive(op as OperationRecord) },
    newEtag: pooledHex(8),
  });
  const anchor = store.get<ClockAnchor>("meta", "clockAnchor");
  const lastCommitted = store.get<{ now: number }>("meta", "clock")?.now;
  const startAt = resumeVirtualTime({ ...(anchor ? { anchor } : {}), ...(lastCommitted !== undefined ? { lastCommitted } : {}), wallNow: systemNow(), mode: config.clock });
  const clock = createClock({ mode: config.clock, speed: config.speed, startAt });
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  // The activity log: providers name their write requests; the front door notes who sent the request in flight.
  const requests = createRequestScope();
  const activity = { describers: describersByNamespace(PROVIDERS), request: requests.current, newId };
  // ARM's guard rails come with the routes (they read the store); the engine asks them through this late binding.
  let guards: readonly Guard[] = [];
  const guardStep = (s: GuardedStep) => {
    for (const g of guards) {
      const error = g.step?.(s);
      if (!error) continue;
      const owner = PROVIDERS.find((p) => providerName(p).toLowerCase() === s.op.provider.toLowerCase());
      return owner?.stepFailure ? owner.stepFailure({ step: s.step, error, op: s.op }) : error;
    }
    return undefined;
  };
  // Drains (steps a provider's plan names for KUBERNETES_STEPS) run in the clusters' Kubernetes
  // worlds, bound below once those exist; the operation's owner words their failures.
  const drains = drainStepRunner({
    api: () => kubeApi,
    clusters: () => routes.kubernetes,
    newId,
    word: (f) => PROVIDERS.find((p) => providerName(p).toLowerCase() === f.op.provider.toLowerCase())?.stepFailure?.(f) ?? f.error,
  });
  const engine = createEngine({ store, clock, runners: new Map([...PROVIDERS.map((p) => [providerName(p), p.runner] as const), [KUBERNETES_STEPS, drains]]), activity, beforeStep: faultHook(), guardStep, onError: (err) => log(`aksemu: engine error: ${(err as Error).stack ?? String(err)}`) });
  // A data dir from aksemu 0.1 (format 1): its operations take the provider-neutral shape, once.
  const v1 = store.group<unknown>("operations", UNPARENTED_OPERATIONS).filter(isV1Operation).map(upgradeV1Operation);
  if (v1.length > 0) engine.commit({ operations: v1 });
  engine.commit({ meta: [["clockAnchor", { virtual: clock.now(), wall: systemNow(), speed: config.clock === "realtime" ? config.speed : 0 } satisfies ClockAnchor]] });

  const recorder = createRecorder({ clock, header: () => ({ aksemu: AKSEMU_VERSION, subscriptionId: config.subscriptionId, tenantId: config.tenantId, loose: config.loose }) });
  if (config.record) recorder.start(config.record);
  const subscriptions = (): Subscription[] => [{ id: config.subscriptionId, tenantId: config.tenantId, displayName: "aksemu subscription", state: subscriptionState(store, config.subscriptionId) }];
  const defaultPrincipal = { objectId: config.principalObjectId, clientId: config.clientId, clientSecret: config.clientSecret, displayName: "aksemu default principal" };
  // The clusters' Kubernetes APIs exist before the routes (run command works inside them); their
  // admission (gatekeeper) comes from the providers, bound once the routes are built.
  const late: { admission?: KubeAdmission } = {};
  let kubeClusters: KubeClusters | undefined = undefined; // bound once the routes are built
  // Each loaded world runs in virtual time (kube/simulation.ts): controllers, scheduler and kubelets
  // are work the engine wakes for as it wakes for steps; deleted clusters' worlds are pruned.
  const kubeSim = createKubeSimulation({
    now: () => clock.now(),
    newId,
    onError: (err) => log(`aksemu: kube simulation error: ${(err as Error).stack ?? String(err)}`),
    refresh: (fqdn) => {
      const c = kubeClusters?.find(fqdn);
      if (c?.reachable) kubeApi.stateOf(c);
      return { exists: c !== undefined, reachable: c?.reachable === true };
    },
    prune: () => pruneKubeWorlds(),
  });
  kubeSim.setWake(engine.attach(kubeSim.work));
  const kubeApi = createKubeApi({ load: (id) => store.group("kube", id), commit: (writes) => engine.commit({ kube: writes }), now: () => clock.now(), newId, admit: (c, r) => late.admission?.(c, r), attach: kubeSim.attach });
  /** The store's contents were replaced (a reset, a snapshot restored): what is derived from them in memory follows. */
  function reloadState(o: { clockMoved: boolean }): void {
    kubeApi.forgetAll();
    kubeSim.forgetAll();
    // Where virtual time stands now is what a restart resumes from.
    if (o.clockMoved) engine.commit({ meta: [["clockAnchor", { virtual: clock.now(), wall: systemNow(), speed: config.clock === "realtime" ? config.speed : 0 } satisfies ClockAnchor], ["clock", { now: clock.now() }]] });
    engine.reload();
    pruneKubeWorlds();
  }
  function pruneKubeWorlds(): void {
    const stored = store.groupNames("kube");
    if (stored.length === 0 || !kubeClusters) return;
    for (const id of staleWorlds(stored, new Set(kubeClusters.ids()))) {
      kubeApi.forget(id);
      kubeSim.forget(id);
      engine.commit({ kube: worldDeletes(id, store.group("kube", id)) });
    }
  }
  const routes = buildRoutes({
    provider: { store, engine, clock, newId, subscriptions, caCertPem: tls.caCertPem, issueKubeToken: kubeTokenIssuer(key), readKubeToken: kubeTokenReader(createPublicKey(signingKey.privateKey), systemNow), kube: kubeApi, selfUrl: () => `https://${listening.replace(/^(0\.0\.0\.0|\[::\]):/, "127.0.0.1:")}` },
    control: {
      store, engine, clock, defaultPrincipal, tenantId: config.tenantId, newId, subscriptions, providerErrors: PROVIDERS.map((p) => p.errors), scenarios: PROVIDERS.flatMap((p) => (p.scenarios ? [p.scenarios] : [])), kube: { api: kubeApi, clusters: () => kubeClusters },
      storeKind: config.inMemory ? "memory" : "sqlite",
      recorder,
      state: {
        snapshotsDir: config.inMemory ? undefined : join(config.dataDir, "snapshots"),
        reloaded: reloadState,
        recountable: (key) => PROVIDERS.some((p) => p.recountable?.(key)),
        identity: (key, value) => key === CLOUD_SHELL_KEY || (value as { kind?: unknown } | undefined)?.kind === "principal",
      },
    },
    entra: { signingKey: { ...key, publicJwk: signingKey.publicJwk }, newId },
  });
  guards = routes.guards;
  kubeClusters = routes.kubernetes;
  pruneKubeWorlds();
  late.admission = routes.kubeAdmission;
  // The clusters' Kubernetes APIs, when a provider keeps clusters: objects are durable through the
  // engine's one commit path, before the answer.
  const kubeDoor = routes.kubernetes
    ? createKubeDoor({
        api: kubeApi,
        clusters: routes.kubernetes,
        publicKey: createPublicKey(signingKey.privateKey),
        catchUp: () => engine.catchUp(),
        durable: () => store.durable(),
        log,
      })
    : undefined;
  const handle = createFrontDoor({
    routes: [...routes.anonymous, ...routes.control, ...routes.arm],
    namespaces: namespaceTypes(routes.arm),
    authenticate: createAuthenticator({ publicKey: createPublicKey(signingKey.privateKey), aliases: () => directOrigins }),
    engine,
    clock,
    loose: config.loose,
    tenantId: config.tenantId,
    subscriptions,
    registered: routes.registered,
    defaultHost: () => listening,
    newId,
    log,
    guard: (r) => {
      for (const g of guards) {
        const refusal = g.request?.(r);
        if (refusal) return refusal;
      }
      return undefined;
    },
    audit: { during: requests.during, refused: (note, err) => requests.during(note, () => engine.logRefusal(err.status, errorBody(err))) },
    reads: { cache: createReadCache(), revision: () => store.revision() },
    durable: () => store.durable(),
  });

  const bracket = (host: string) => (host.includes(":") ? `[${host}]` : host);
  // host:port for absolute URLs when a request names no host (HTTP/1.0): the address listened on.
  let listening = `${bracket(config.host)}:${config.port}`;
  // Every name the direct endpoint answers to; set once the port is known.
  let directOrigins: readonly string[] = [];
  const edge = createEdge({ newId });
  const server = createServer({
    cert: tls.certPem,
    key: tls.keyPem,
    ...NO_TRUST_STORE,
    SNICallback: sniCallback(createLeafIssuer(tls), log),
    ...SERVER_TIMEOUTS,
    ...options.timeouts,
    maxHeaderSize: MAX_HEADER_SIZE,
    // A missing Host is the front door's to refuse, in ARM's envelope (HTTP/1.0 may omit it).
    requireHostHeader: false,
  }, (req, res) => {
    const kube = kubeDoor && kubeTarget(req);
    // No body coming (a GET as clients send it): answer now, without waiting for the stream's end.
    if (!kube && req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined && (req.method === "GET" || req.method === "HEAD")) {
      recorder.capture(req, res, NO_BODY);
      void handle(req, res, "", false);
      return;
    }
    const chunks: Buffer[] = [];
    // An imported snapshot holds a whole world: the control API takes more than ARM's 4 MB there.
    const limit = req.method === "PUT" && req.url?.startsWith("/_aksemu/snapshots/") ? SNAPSHOT_BODY_LIMIT : BODY_LIMIT;
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => {
      const bytes = tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks);
      recorder.capture(req, res, bytes);
      if (kube) kubeDoor(req, res, kube, bytes, tooLarge);
      else void handle(req, res, bytes.toString("utf8"), tooLarge);
    });
    req.on("error", () => res.destroy());
  });
  server.on("clientError", edge.clientError);
  server.on("connect", edge.connect);
  server.on("checkExpectation", edge.checkExpectation);
  const clusters = routes.kubernetes;
  // A name resolves while its cluster is reachable from outside: running, and not a private cluster.
  const resolves = clusters && ((host: string) => {
    if (!isClusterHost(host)) return true;
    const c = clusters.find(host.toLowerCase());
    return c !== undefined && isReachableFromOutside(c);
  });
  const proxy = config.proxyPort === null ? undefined : createProxy({ https: server, log, ...(resolves ? { resolves } : {}) });

  let closed = false;
  return {
    server,
    config,
    clock,
    store,
    engine,
    tls,
    async listen() {
      const port = await listenOn(server, config.port, config.host);
      listening = `${bracket(config.host)}:${port}`;
      directOrigins = [...new Set([listening, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])].map((a) => `https://${a}`);
      const proxyPort = proxy && config.proxyPort !== null ? await listenOn(proxy.server, config.proxyPort, config.host) : null;
      return { url: `https://${listening}`, port, proxyPort };
    },
    async close() {
      if (closed) return;
      closed = true;
      engine.stop();
      await recorder.stop();
      await proxy?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    },
  };
}

function listenOn(server: Server | HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
