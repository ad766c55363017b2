// aksemu's commands for test suites (issue 13):
//   exec [start options] [--proxy] -- <command> [args...]  start an emulator (in memory on a free
//       port unless told otherwise), run the command with `aksemu env`'s variables (proxy mode's
//       with --proxy), stop it, and exit with the command's code;
//   reset [--subscription S [--resource-group G]] [--identity]   and
//   snapshot save|restore|delete NAME, snapshot list, snapshot export NAME FILE, snapshot import NAME FILE
//       against a running emulator (its endpoint from --port/--host or AKSEMU_PORT/AKSEMU_HOST, as `aksemu env`).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { loadConfig, type Config } from "../config/config.js";
import { createApp } from "../server/app.js";
import { controlClient, ControlError } from "./control-client.js";
import { environment, loopback, proxyEnvironment } from "./environment.js";

export async function exec(argv: string[]): Promise<number> {
  const dash = argv.indexOf("--");
  const [command, ...args] = dash < 0 ? [] : argv.slice(dash + 1);
  if (command === undefined) {
    process.stderr.write("aksemu exec: give the command after --, e.g. aksemu exec -- npm test\n");
    return 2;
  }
  const flags = (dash < 0 ? argv : argv.slice(0, dash)).filter((a) => a !== "--proxy");
  const proxy = flags.length !== (dash < 0 ? argv : argv.slice(0, dash)).length;
  const explicit = (name: string) => flags.some((f) => f === name || f.startsWith(`${name}=`));
  const config = loadConfig(flags, process.env, {
    ...(explicit("--port") ? {} : { port: 0 }),
    ...(explicit("--data-dir") || explicit("--in-memory") ? {} : { inMemory: true }),
    ...(proxy ? (explicit("--proxy-port") ? {} : { proxyPort: 0 }) : { proxyPort: null }),
  });
  const app = await createApp(config);
  const { port, proxyPort } = await app.listen();
  const vars = proxy ? proxyEnvironment(config, app.tls.caCertPath, port, proxyPort) : environment(config, app.tls.caCertPath, port);
  try {
    return await new Promise<number>((resolve) => {
      // Loaded here: `aksemu start` shares this bundle, and child_process cost its cold start 4 ms.
      const { spawn } = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
      const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...vars } });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on("SIGINT", forward);
      process.on("SIGTERM", forward);
      child.on("error", (err) => {
        process.stderr.write(`aksemu exec: cannot run ${command}: ${err.message}\n`);
        resolve(127);
      });
      child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 + (signalNumbers[signal] ?? 1) : 1)));
    });
  } finally {
    await app.close();
  }
}

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

function clientFor(config: Config) {
  const host = loopback(config.host);
  const endpoint = `https://${host.includes(":") ? `[${host}]` : host}:${config.port}`;
  const ca = readFileSync(join(config.tlsDir, "ca.crt"), "utf8");
  return controlClient({ endpoint, ca, tenantId: config.tenantId, clientId: config.clientId, clientSecret: config.clientSecret });
}

/** Takes `--name value` out of argv. */
function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  argv.splice(i, 2);
  return value;
}

export async function reset(argv: string[]): Promise<number> {
  const rest = [...argv];
  const subscriptionId = option(rest, "--subscription");
  const resourceGroup = option(rest, "--resource-group");
  const identity = rest.includes("--identity");
  const control = clientFor(loadConfig(rest.filter((a) => a !== "--identity"), process.env));
  return reporting(async () => {
    const r = await control("POST", "/_aksemu/reset", { ...(subscriptionId ? { subscriptionId } : {}), ...(resourceGroup ? { resourceGroup } : {}), ...(identity ? { identity: true } : {}) });
    process.stdout.write(`reset: ${String(r["reset"])}${subscriptionId ? ` (${subscriptionId}${resourceGroup ? `/${resourceGroup}` : ""})` : ""}\n`);
  });
}

export async function snapshot(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const positional = rest.filter((a, i) => !a.startsWith("--") && !(i > 0 && rest[i - 1]!.startsWith("--") && !rest[i - 1]!.includes("=")));
  const flags = rest.filter((a) => !positional.includes(a));
  const control = clientFor(loadConfig(flags, process.env));
  const [name, file] = positional;
  const path = (n: string) => `/_aksemu/snapshots/${encodeURIComponent(n)}`;
  const needs = (what: string) => {
    process.stderr.write(`aksemu snapshot ${verb}: give ${what}\n`);
    return 2;
  };
  switch (verb) {
    case "list":
      return reporting(async () => {
        const r = await control("GET", "/_aksemu/snapshots");
        for (const s of r["value"] as { name: string; virtualTime: string; documents: number; bytes: number }[]) process.stdout.write(`${s.name}\t${s.virtualTime}\t${s.documents} documents\t${s.bytes} bytes\n`);
      });
    case "save":
    case "restore":
    case "delete":
      if (!name) return needs("a snapshot name");
      return reporting(async () => {
        if (verb === "save") await control("POST", "/_aksemu/snapshots", { name });
        else if (verb === "restore") await control("POST", `${path(name)}/restore`);
        else await control("DELETE", path(name));
        process.stdout.write(`${verb === "save" ? "saved" : verb === "restore" ? "restored" : "deleted"} ${name}\n`);
      });
    case "export":
      if (!name || !file) return needs("a snapshot name and a file");
      return reporting(async () => {
        writeFileSync(file, JSON.stringify(await control("GET", path(name))));
        process.stdout.write(`exported ${name} to ${file}\n`);
      });
    case "import":
      if (!name || !file) return needs("a snapshot name and a file");
      return reporting(async () => {
        await control("PUT", path(name), readFileSync(file, "utf8"), true);
        process.stdout.write(`imported ${file} as ${name}\n`);
      });
    default:
      process.stderr.write(`aksemu snapshot: unknown verb '${verb ?? ""}' (save, restore, list, delete, export, import)\n`);
      return 2;
  }
}

/** Runs a control call; its refusal (or an emulator that is not running) is one line on stderr and exit 1. */
async function reporting(fn: () => Promise<void>): Promise<number> {
  try {
    await fn();
    return 0;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = err instanceof ControlError ? err.message : e.code === "ECONNREFUSED" ? "no emulator is listening there (start one with aksemu start, or give --port)" : e.code === "ENOENT" ? e.message : (e.stack ?? String(e));
    process.stderr.write(`aksemu: ${why}\n`);
    return 1;
  }
}
