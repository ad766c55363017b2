#!/usr/bin/env node
// aksemu: start the emulator, or print the environment that points tools at it.
import { ConfigError, loadConfig } from "../config/config.js";
import { createApp } from "../server/app.js";
import { startConfig } from "./start-config.js";
import { EMULATED_HOSTS_TEXT } from "../server/emulated-hosts.js";
import { cloudShellEnvironment, environment, loopback, proxyEnvironment } from "./environment.js";
import { replay } from "./replay.js";
import { exec, reset, snapshot } from "./state-commands.js";
import { ensureCertificates } from "../tls/certificates.js";

const USAGE = `Usage:
  aksemu start [--host H] [--port P] [--proxy-port P|off] [--data-dir D] [--in-memory]
               [--clock realtime|manual|instant] [--speed N] [--loose] [--tls-dir D] [--record FILE] [--json]
  aksemu env   [--data-dir D] [--port P] [--host H] [--proxy [--proxy-port P]] [--cloud-shell] [--json]
  aksemu exec  [start options] [--proxy] -- <command> [args...]
  aksemu reset [--subscription S [--resource-group G]] [--identity] [--port P]
  aksemu snapshot save|restore|delete NAME | list | export NAME FILE | import NAME FILE [--port P]
  aksemu replay FILE        (a recording made with aksemu start --record FILE)

Options may also come from AKSEMU_HOST, AKSEMU_PORT, AKSEMU_PROXY_PORT, AKSEMU_DATA_DIR,
AKSEMU_IN_MEMORY, AKSEMU_CLOCK, AKSEMU_SPEED, AKSEMU_LOOSE and AKSEMU_TLS_DIR; flags win over the
environment.

aksemu env prints the variables that point tools at the emulator's direct endpoint (the SDKs with
an endpoint option, azl). With --proxy it prints those of proxy mode instead: HTTPS_PROXY and the CA
for clients that keep Azure's default endpoints (the az CLI, Terraform, the SDKs' defaults).
--cloud-shell adds Azure Cloud Shell's: ACC_CLOUD and MSI_ENDPOINT, the emulator's Cloud Shell
managed identity endpoint (az login --identity; PUT /_aksemu/cloud-shell signs a principal in).

aksemu start --json prints one JSON line once everything is served: {ready, endpoint, portal, proxy?,
caPath, subscriptionId, tenantId, clientId, clientSecret, clock, env}.

aksemu exec starts an emulator (in memory, on a free port, unless flags say otherwise), runs the
command with aksemu env's variables (proxy mode's with --proxy), stops the emulator and exits with
the command's code. reset and snapshot act on a running emulator. --record writes every exchange
(secrets redacted) to FILE; replay re-sends one to a fresh emulator and reports what differs
(docs/testing.md).`;

const shellQuote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

async function env(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const proxy = argv.includes("--proxy");
  const shell = argv.includes("--cloud-shell");
  const config = loadConfig(argv.filter((a) => a !== "--json" && a !== "--proxy" && a !== "--cloud-shell"), process.env);
  const tls = await ensureCertificates(config.tlsDir);
  const vars = { ...(proxy ? proxyEnvironment(config, tls.caCertPath) : environment(config, tls.caCertPath)), ...(shell ? cloudShellEnvironment(config) : {}) };
  if (json) process.stdout.write(`${JSON.stringify(vars, null, 2)}\n`);
  else for (const [k, v] of Object.entries(vars)) process.stdout.write(`export ${k}=${shellQuote(v)}\n`);
  return 0;
}

async function start(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const config = startConfig(argv);
  const app = await createApp(config);
  const { port, proxyPort } = await app.listen();
  const vars = environment(config, app.tls.caCertPath, port);
  if (json) {
    // One line a harness can wait for and parse: everything is served once it is printed.
    const proxy = proxyPort === null ? undefined : `http://${loopback(config.host)}:${proxyPort}`;
    process.stdout.write(`${JSON.stringify({ ready: true, endpoint: vars["AKSEMU_ENDPOINT"], portal: `${vars["AKSEMU_ENDPOINT"]}/`, ...(proxy ? { proxy } : {}), caPath: app.tls.caCertPath, subscriptionId: config.subscriptionId, tenantId: config.tenantId, clientId: config.clientId, clientSecret: config.clientSecret, clock: config.clock, env: proxyPort === null ? vars : proxyEnvironment(config, app.tls.caCertPath, port, proxyPort) })}\n`);
  } else process.stdout.write(
    [
      `aksemu is listening on ${vars["AKSEMU_ENDPOINT"]} (clock: ${config.clock}${config.clock === "realtime" ? `, speed ${config.speed}x` : ""}; data: ${config.inMemory ? "in memory" : config.dataDir})`,
      "",
      `  endpoint          ${vars["AKSEMU_ENDPOINT"]}`,
      `  portal            ${vars["AKSEMU_ENDPOINT"]}/ (sign in with the client id and secret below; docs/portal.md)`,
      `  CA certificate    ${app.tls.caCertPath}`,
      `  subscription      ${config.subscriptionId}`,
      `  tenant            ${config.tenantId}`,
      `  client id         ${config.clientId}`,
      `  client secret     ${config.clientSecret}`,
      "",
      "Point the Azure SDK for JavaScript at it:",
      `  export NODE_EXTRA_CA_CERTS=${app.tls.caCertPath}   # before node starts`,
      `  const credential = new ClientSecretCredential("${config.tenantId}", "${config.clientId}", "${config.clientSecret}",`,
      `    { authorityHost: "${vars["AKSEMU_ENDPOINT"]}", disableInstanceDiscovery: true });`,
      `  const client = new ContainerServiceClient(credential, "${config.subscriptionId}", { endpoint: "${vars["AKSEMU_ENDPOINT"]}" });`,
      "",
      `Or prepare a shell: eval "$(npm run --silent aksemu -- env${config.port !== 8443 ? ` --port ${config.port}` : ""})"`,
      "",
      ...(proxyPort === null
        ? []
        : [
            `Proxy mode on http://${loopback(config.host)}:${proxyPort} answers as ${EMULATED_HOSTS_TEXT}, for the az CLI,`,
            "Terraform and the SDKs with their default endpoints:",
            `  eval "$(npm run --silent aksemu -- env --proxy${config.port !== 8443 ? ` --port ${config.port}` : ""}${proxyPort !== 8444 ? ` --proxy-port ${proxyPort}` : ""})"`,
            '  az login --service-principal -u "$AZURE_CLIENT_ID" -p "$AZURE_CLIENT_SECRET" --tenant "$AZURE_TENANT_ID"',
            "",
          ]),
    ].join("\n"),
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`aksemu: ${signal} received, shutting down\n`);
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  return -1; // keep running
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if ((rest.includes("--help") || rest.includes("-h")) && !(command === "exec" && rest.indexOf("--") >= 0 && rest.indexOf("--") < rest.indexOf(rest.includes("--help") ? "--help" : "-h"))) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === "start") return start(rest);
  if (command === "env") return env(rest);
  if (command === "exec") return exec(rest);
  if (command === "reset") return reset(rest);
  if (command === "snapshot") return snapshot(rest);
  if (command === "replay") return replay(rest);
  process.stderr.write(`aksemu: unknown command '${command}'\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`aksemu: ${err.message}\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`aksemu: ${e.code === "EADDRINUSE" ? `the port is already in use (${e.message})` : (e.stack ?? String(e))}\n`);
    process.exitCode = 1;
  },
);
