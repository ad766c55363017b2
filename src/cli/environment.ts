// What `aksemu env` exports, as data: the direct endpoint's variables (SDKs given an endpoint, azl)
// and proxy mode's (clients that keep Azure's default endpoints).
import type { Config } from "../config/config.js";
import { CLOUD_SHELL_TOKEN_PATH } from "../identity/cloud-shell.js";

export const loopback = (host: string) => (host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host);

function endpointOf(config: Config, port = config.port): string {
  const host = loopback(config.host);
  return `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** What `aksemu env` exports: enough for azl and for the SDKs given an endpoint. */
export function environment(config: Config, caPath: string, port = config.port): Record<string, string> {
  const endpoint = endpointOf(config, port);
  return {
    AKSEMU_ENDPOINT: endpoint,
    AKSEMU_CA: caPath,
    AZURE_TENANT_ID: config.tenantId,
    AZURE_CLIENT_ID: config.clientId,
    AZURE_CLIENT_SECRET: config.clientSecret,
    AZURE_SUBSCRIPTION_ID: config.subscriptionId,
    AZURE_AUTHORITY_HOST: endpoint,
    NODE_EXTRA_CA_CERTS: caPath,
  };
}

/**
 * What `aksemu env --proxy` exports: proxy mode for tools that keep Azure's default endpoints.
 * Python (az: requests) reads REQUESTS_CA_BUNDLE, Go (Terraform, kubectl) SSL_CERT_FILE, Node
 * NODE_EXTRA_CA_CERTS; NO_PROXY keeps the direct endpoint (azl) off the proxy. No authority host:
 * the default, login.microsoftonline.com, is emulated.
 */
export function proxyEnvironment(config: Config, caPath: string, port = config.port, proxyPort = config.proxyPort): Record<string, string> {
  const { AZURE_AUTHORITY_HOST: _direct, ...direct } = environment(config, caPath, port);
  const host = loopback(config.host);
  return {
    HTTPS_PROXY: `http://${host.includes(":") ? `[${host}]` : host}:${proxyPort ?? 8444}`,
    NO_PROXY: "localhost,127.0.0.1,::1",
    REQUESTS_CA_BUNDLE: caPath,
    SSL_CERT_FILE: caPath,
    ...direct,
    // Terraform's azurerm provider reads ARM_*; az's telemetry would only be refused by the proxy.
    ARM_TENANT_ID: config.tenantId,
    ARM_CLIENT_ID: config.clientId,
    ARM_CLIENT_SECRET: config.clientSecret,
    ARM_SUBSCRIPTION_ID: config.subscriptionId,
    AZURE_CORE_COLLECT_TELEMETRY: "0",
  };
}


/**
 * What `aksemu env --cloud-shell` adds: Azure Cloud Shell's variables. ACC_CLOUD makes az 2.45 take
 * `az login --identity` as Cloud Shell's login (its accounts then get every token from MSI_ENDPOINT,
 * msrestazure's get_msi_token); MSI_ENDPOINT is the emulator's Cloud Shell endpoint on the direct
 * port (NO_PROXY keeps it off the proxy; REQUESTS_CA_BUNDLE trusts it). No MSI_SECRET: Cloud Shell
 * sets none (with one, @azure/identity would take it for App Service).
 */
export function cloudShellEnvironment(config: Config, port = config.port): Record<string, string> {
  return { ACC_CLOUD: "aksemu", MSI_ENDPOINT: `${endpointOf(config, port)}${CLOUD_SHELL_TOKEN_PATH}` };
}
