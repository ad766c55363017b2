// What of a cluster's networkProfile its nodes' network depends on (network plugin and mode, the
// outbound type and its managed outbound IPs), read once into the cluster's NodeHost.
import type { Json } from "./records.js";

/** What of the cluster's networkProfile its nodes' network depends on. */
export type NodeNetwork = {
  plugin: string;
  overlay: boolean;
  outboundType: string;
  /** loadBalancerProfile.managedOutboundIPs.count (1 unless the cluster brings its own outbound IPs). */
  managedOutboundIps: number;
};

const obj = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});

export function nodeNetworkOf(spec: Json): NodeNetwork {
  const n = obj(spec["networkProfile"]);
  const lb = obj(n["loadBalancerProfile"]);
  const managed = obj(lb["managedOutboundIPs"]);
  const ownIps = Array.isArray(obj(lb["outboundIPs"])["publicIPs"]) || Array.isArray(obj(lb["outboundIPPrefixes"])["publicIPPrefixes"]);
  return {
    plugin: String(n["networkPlugin"] ?? "azure").toLowerCase(),
    overlay: String(n["networkPluginMode"] ?? "").toLowerCase() === "overlay",
    outboundType: String(n["outboundType"] ?? "loadBalancer"),
    managedOutboundIps: ownIps ? 0 : typeof managed["count"] === "number" ? managed["count"] : 1,
  };
}

