// `aksemu replay FILE`: re-sends a recording (recorder.ts) to a fresh emulator started here, in
// memory on the manual clock, set to the recording's virtual time and moved to each exchange's, and
// reports where an answer differs: its status, or its body once ids, times, etags, tokens and the
// emulator's address are set aside (recording-format.ts). The default principal's token and secret
// stand in for the redacted ones; operation URLs the recording polled are mapped to the replay's.
// Kubernetes API exchanges are counted, not re-sent (their tokens are the cluster's). Exit 0: no
// difference; 1: differences; 2: the file cannot be replayed here (nothing was sent).
import { readFileSync } from "node:fs";
import { loadConfig } from "../config/config.js";
import { createApp } from "../server/app.js";
import { bearerToken, httpsCall } from "./control-client.js";
import { RECORDING_FORMAT, REDACTED, differences, normalized, parsedBody, type Exchange, type RecordingHeader } from "../server/recording-format.js";
import { DIRECT_PREFIX } from "../server/kube-door.js";

type Reply = { status: number; headers: Record<string, string>; body: string };

export async function replay(argv: string[]): Promise<number> {
  const [file, ...flags] = argv;
  if (!file) {
    process.stderr.write("aksemu replay: give the recording's file\n");
    return 2;
  }
  const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
  let header: RecordingHeader;
  let exchanges: Exchange[];
  try {
    header = JSON.parse(lines[0] ?? "{}") as RecordingHeader;
    exchanges = lines.slice(1).map((l) => JSON.parse(l) as Exchange);
  } catch (err) {
    process.stderr.write(`aksemu replay: ${file} is not a recording: ${(err as Error).message}\n`);
    return 2;
  }
  if (header.recording !== RECORDING_FORMAT) {
    process.stderr.write(`aksemu replay: ${file} is ${typeof header.recording === "number" ? `a recording of format ${header.recording}, and this aksemu reads format ${RECORDING_FORMAT}` : "not a recording (no header line)"}: nothing was replayed\n`);
    return 2;
  }
  const config = loadConfig(flags, {}, { port: 0, proxyPort: null, inMemory: true, clock: "manual", loose: header.loose });
  for (const [what, recorded, here] of [["subscription", header.subscriptionId, config.subscriptionId], ["tenant", header.tenantId, config.tenantId]] as const) {
    if (recorded !== here) {
      process.stderr.write(`aksemu replay: the recording was made against ${what} ${recorded}, and this emulator serves ${here}: nothing was replayed\n`);
      return 2;
    }
  }
  const app = await createApp(config, { log: () => {} });
  try {
    const { url } = await app.listen();
    app.clock.setTo(Date.parse(header.clock.now));
    const ca = app.tls.caCertPem;
    const send = async (method: string, path: string, headers: Record<string, string>, body: string): Promise<Reply> => {
      const r = await httpsCall(url, ca, method, path, body === "" ? undefined : body, headers);
      return { status: r.status, headers: r.headers, body: r.text };
    };
    const bearer = bearerToken({ endpoint: url, ca, tenantId: config.tenantId, clientId: config.clientId, clientSecret: config.clientSecret });
    const mapped = new Map<string, string>();
    const pathOf = (u: string) => {
      try {
        const p = new URL(u, "https://x.invalid");
        return `${p.pathname}${p.search}`;
      } catch {
        return u;
      }
    };
    const origins = (e: Exchange) => [`https://${e.request.headers["host"] ?? ""}`, url];
    let differing = 0;
    let kube = 0;
    for (const e of exchanges) {
      const path = pathOf(e.request.url);
      if (path.startsWith(DIRECT_PREFIX) || /\.azmk8s\.io/i.test(e.request.headers["host"] ?? "")) {
        kube++;
        continue;
      }
      const at = Date.parse(e.virtual);
      if (at > app.clock.now()) app.clock.advanceTo(at);
      const target = mapped.get(path) ?? path;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(e.request.headers)) if (!/^(host|content-length|connection|authorization|transfer-encoding)$/.test(k)) headers[k] = v;
      if (e.request.headers["authorization"]) headers["authorization"] = `Bearer ${await bearer()}`;
      // A token request of the default principal gets its secret back (another principal's is not known here).
      const body = /x-www-form-urlencoded/.test(e.request.headers["content-type"] ?? "") ? e.request.body.split(encodeURIComponent(REDACTED)).join(encodeURIComponent(config.clientSecret)) : e.request.body;
      const got = await send(e.request.method, target, headers, body);
      // Operation URLs (Location, Azure-AsyncOperation) carry ids of this run: later requests to the recorded ones go to these.
      for (const h of ["location", "azure-asyncoperation"]) {
        const was = e.response.headers[h];
        const is = got.headers[h];
        if (was && is) mapped.set(pathOf(was), pathOf(is));
      }
      const why: string[] = [];
      if (got.status !== e.response.status) why.push(`status ${e.response.status} → ${got.status}`);
      else if (!/token$/.test(path)) why.push(...differences(normalized(parsedBody(e.response.body), origins(e)), normalized(parsedBody(got.body), origins(e))));
      if (why.length > 0) {
        differing++;
        process.stdout.write(`#${e.n} ${e.request.method} ${path}: ${why.join("; ")}\n`);
      }
    }
    const replayed = exchanges.length - kube;
    process.stdout.write(`replayed ${replayed} exchange${replayed === 1 ? "" : "s"}: ${differing === 0 ? "no differences" : `${differing} differ`}${kube > 0 ? ` (${kube} Kubernetes API exchange${kube === 1 ? "" : "s"} not re-sent)` : ""}\n`);
    return differing === 0 ? 0 : 1;
  } finally {
    await app.close();
  }
}
