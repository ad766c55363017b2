// Name resolution from a virtual network, pure: the DNS servers its nodes use (dhcpOptions.dnsServers;
// none listed, or 168.63.129.16, is Azure DNS) and what each one resolves. Azure cannot know what a
// custom server does, so the emulator is told through its control API
// (/_aksemu/network/dns-servers/{ip}); a server nobody declared forwards to Azure DNS, so a vnet
// with custom DNS works until its server is declared otherwise. A declared server:
//   "azure"    forwards to Azure DNS: every name resolves.
//   "internet" resolves public names but has no forwarder to 168.63.129.16: the cluster's API
//              server name (*.azmk8s.io, public or privatelink) does not resolve; nodes reach
//              mcr.microsoft.com, then their CSE fails its API server lookup (exit status 52).
//   "none"     answers nothing: the next server listed is asked; if none answers, no name resolves
//              (the CSE's first lookup, mcr.microsoft.com, fails: exit status 50).
// As a resolver does, the first server that answers decides.
import type { Bad } from "../../../arm/json.js";

export const AZURE_DNS = "168.63.129.16";
export const RESOLVES = ["azure", "internet", "none"] as const;
export type Resolves = (typeof RESOLVES)[number];

/** A DNS server declared through the control API (stored in meta, emulator-wide: keyed by address). */
export type DnsServerRecord = { kind: "dnsServer"; ip: string; resolves: Resolves };

export const dnsServerKey = (ip: string) => `networkDnsServer:${ip}`;

/** The names the nodes' CSE looks up: a public name (mcr.microsoft.com) and the API server's (Azure DNS's). */
export type NameKind = "public" | "apiServer";

/** The server that answers the nodes' lookups, and what it resolves ("azure" for Azure DNS itself). */
export type Resolver = { server: string; resolves: Resolves; custom: boolean };

/** Who answers for a vnet with these DNS servers (`declared` reads the control API's records). */
export function resolverOf(dnsServers: readonly string[], declared: (ip: string) => DnsServerRecord | undefined): Resolver {
  if (dnsServers.length === 0) return { server: AZURE_DNS, resolves: "azure", custom: false };
  for (const ip of dnsServers) {
    if (ip === AZURE_DNS) return { server: ip, resolves: "azure", custom: false };
    const mode = declared(ip)?.resolves ?? "azure";
    if (mode !== "none") return { server: ip, resolves: mode, custom: true };
  }
  return { server: dnsServers[dnsServers.length - 1]!, resolves: "none", custom: true };
}

export function resolves(r: Pick<Resolver, "resolves">, name: NameKind): boolean {
  return r.resolves === "azure" || (r.resolves === "internet" && name === "public");
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
export const isIpv4 = (s: string) => IPV4.test(s);


/** PUT /_aksemu/network/dns-servers/{ip}: `{"resolves": "azure" | "internet" | "none"}`. */
export function decideDnsServerPut(ip: string, body: unknown): DnsServerRecord | Bad {
  const example = '{"resolves": "internet"}';
  if (!isIpv4(ip)) return { bad: `'${ip}' is not an IPv4 address: a DNS server is named by its address, e.g. /_aksemu/network/dns-servers/10.0.0.4.` };
  if (ip === AZURE_DNS) return { bad: `${AZURE_DNS} is Azure DNS: it resolves every name and cannot be declared.` };
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { bad: `Expected a JSON object such as ${example}.` };
  const unknown = Object.keys(body).filter((k) => k !== "resolves");
  if (unknown.length > 0) return { bad: `Unknown field(s) ${unknown.map((k) => `'${k}'`).join(", ")}: the body takes "resolves".` };
  const mode = (body as Record<string, unknown>)["resolves"];
  const found = RESOLVES.find((r) => typeof mode === "string" && r === mode.toLowerCase());
  if (!found) return { bad: `"resolves" must be one of ${RESOLVES.map((r) => `"${r}"`).join(", ")} (azure: forwards to Azure DNS; internet: public names only, not the cluster's API server name; none: answers nothing), not ${JSON.stringify(mode)}.` };
  return { kind: "dnsServer", ip, resolves: found };
}
