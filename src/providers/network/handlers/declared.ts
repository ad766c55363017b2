// The control API's declarations of what lies around Azure's network (the emulator's own, not
// Azure's): what a custom DNS server resolves (/_aksemu/network/dns-servers/{ip}) and what a
// firewall appliance lets out (/_aksemu/network/appliances/{ip}). Durable in the store's meta;
// read by the probe of new nodes' egress and by the detectors. An undeclared address answers its
// default (a DNS server forwards to Azure DNS, an appliance allows everything).
import { apiError } from "../../../arm/error-catalog.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import type { ProviderDeps } from "../../provider.js";
import { applianceKey, decideAppliancePut, type ApplianceRecord } from "../domain/appliances.js";
import { decideDnsServerPut, dnsServerKey, isIpv4, type DnsServerRecord } from "../domain/resolution.js";

const ipOf = (ctx: RequestContext) => ctx.params["ip"]!;
const bad = (message: string) => apiError("controlBadRequest", { message });

export function declaredHandlers(deps: Pick<ProviderDeps, "store" | "engine">) {
  const { store, engine } = deps;
  const checkIp = (ip: string) => {
    if (!isIpv4(ip)) throw bad(`'${ip}' is not an IPv4 address.`);
  };

  const dnsReply = (ip: string): Reply => {
    const r = store.get<DnsServerRecord>("meta", dnsServerKey(ip));
    return { status: 200, body: { ip, resolves: r?.resolves ?? "azure", declared: r !== undefined } };
  };
  const applianceReply = (ip: string): Reply => {
    const r = store.get<ApplianceRecord>("meta", applianceKey(ip));
    return { status: 200, body: { ip, allow: r?.allow ?? ["*"], declared: r !== undefined } };
  };

  return {
    getDnsServer: (ctx: RequestContext): Reply => {
      checkIp(ipOf(ctx));
      return dnsReply(ipOf(ctx));
    },
    putDnsServer: (ctx: RequestContext): Reply => {
      const decided = decideDnsServerPut(ipOf(ctx), ctx.body);
      if ("bad" in decided) throw bad(decided.bad);
      engine.commit({ meta: [[dnsServerKey(decided.ip), decided]] });
      return dnsReply(decided.ip);
    },
    deleteDnsServer: (ctx: RequestContext): Reply => {
      checkIp(ipOf(ctx));
      engine.commit({ meta: [[dnsServerKey(ipOf(ctx)), undefined]] });
      return { status: 204 };
    },
    getAppliance: (ctx: RequestContext): Reply => {
      checkIp(ipOf(ctx));
      return applianceReply(ipOf(ctx));
    },
    putAppliance: (ctx: RequestContext): Reply => {
      const decided = decideAppliancePut(ipOf(ctx), ctx.body, isIpv4);
      if ("bad" in decided) throw bad(decided.bad);
      engine.commit({ meta: [[applianceKey(decided.ip), decided]] });
      return applianceReply(decided.ip);
    },
    deleteAppliance: (ctx: RequestContext): Reply => {
      checkIp(ipOf(ctx));
      engine.commit({ meta: [[applianceKey(ipOf(ctx)), undefined]] });
      return { status: 204 };
    },
  };
}
