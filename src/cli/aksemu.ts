#!/usr/bin/env node
// aksemu: start the emulator, or print the environment that points tools at it.
import { ConfigError, loadConfig, type Config } from "../config/config.js";
import { createApp } from "../server/app.js";
import { ensureCertificates } from "../tls/certificates.js";

const USAGE = `Usage:
  aksemu start [--host H] [--port P] [--data-dir D] [--in-memory] [--clock realtime|manual|instant]
               [--speed N] [--loose] [--tls-dir D]
  aksemu env   [--data-dir D] [--port P] [--host H] [--json]

Options may also come from AKSEMU_HOST, AKSEMU_PORT, AKSEMU_DATA_DIR, AKSEMU_IN_MEMORY, AKSEMU_CLOCK,
AKSEMU_SPEED, AKSEMU_LOOSE and AKSEMU_TLS_DIR; flags win over the environment.`;

function endpointOf(config: Config, port = config.port): string {
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  return `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

export function environment(config: Config, caPath: string, port = config.port): Record<string, string> {
  const endpoint = endpointOf(config, port);
  return {
    AKSEMU_ENDPOINT: endpoint,
    AZURE_TENANT_ID: config.tenantId,
    AZURE_CLIENT_ID: config.clientId,
    AZURE_CLIENT_SECRET: config.clientSecret,
    AZURE_SUBSCRIPTION_ID: config.subscriptionId,
    AZURE_AUTHORITY_HOST: endpoint,
    NODE_EXTRA_CA_CERTS: caPath,
  };
}

const shellQuote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

async function env(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const config = loadConfig(argv.filter((a) => a !== "--json"), process.env);
  const tls = await ensureCertificates(config.tlsDir);
  const vars = environment(config, tls.caCertPath);
  if (json) process.stdout.write(`${JSON.stringify(vars, null, 2)}\n`);
  else for (const [k, v] of Object.entries(vars)) process.stdout.write(`export ${k}=${shellQuote(v)}\n`);
  return 0;
}

async function start(argv: string[]): Promise<number> {
  const config = loadConfig(argv, process.env);
  const app = await createApp(config);
  const { port } = await app.listen();
  const vars = environment(config, app.tls.caCertPath, port);
  process.stdout.write(
    [
      `aksemu is listening on ${vars["AKSEMU_ENDPOINT"]} (clock: ${config.clock}${config.clock === "realtime" ? `, speed ${config.speed}x` : ""}; data: ${config.inMemory ? "in memory" : config.dataDir})`,
      "",
      `  endpoint          ${vars["AKSEMU_ENDPOINT"]}`,
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
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === "start") return start(rest);
  if (command === "env") return env(rest);
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
