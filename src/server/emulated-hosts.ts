// The public Azure host names proxy mode answers as. A client that keeps its default endpoints
// (the az CLI, the SDKs, Terraform) reaches aksemu through them; every other name is refused.
import { ENTRA_HOSTS } from "../identity/token-rules.js";

/** Exact names: ARM, Entra ID under its names, and Microsoft Graph as far as `az login` reaches it. */
const EXACT = new Set(["management.azure.com", ...ENTRA_HOSTS, "graph.microsoft.com"]);

// A cluster's API server FQDN: {dnsPrefix}-{hash}.hcp.{region}.azmk8s.io (and privatelink. forms).
const CLUSTER_FQDN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+azmk8s\.io$/;

/** Whether proxy mode serves `host` (a DNS name, any case, without port). */
export function isEmulatedHost(host: string): boolean {
  const name = host.toLowerCase();
  return EXACT.has(name) || CLUSTER_FQDN.test(name);
}

/** Whether `host` (a DNS name, any case, without port) is a cluster's API server name. */
export function isClusterHost(host: string): boolean {
  return CLUSTER_FQDN.test(host.toLowerCase());
}

/** The names, for the start banner and the docs. */
export const EMULATED_HOSTS_TEXT = [...EXACT, "*.azmk8s.io"].join(", ");
