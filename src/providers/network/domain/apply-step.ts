// A Network step, pure: (the records it reads, action) -> the writes it makes, or the refusal that
// stops the operation. Network's own operations provision or delete what a request wrote; other
// providers' plans claim and release subnet addresses and keep a cluster's network.
import { refuse, type NetworkRefusal } from "../errors.js";
import type { NetworkAction } from "../public.js";
import { claimAddresses, releaseAddresses } from "./addresses.js";
import { clusterNetworkKeys, ensureClusterNetwork } from "./cluster-network.js";
import { egressRefusal, nodeEgressInput } from "./egress-step.js";
import { frontendIps } from "./load-balancers.js";
import { withIpConfiguration } from "./public-ips.js";
import { judgeNodeEgress } from "./node-egress.js";
import { keyOf, type NetworkRecord, type PublicIpRecord } from "./records.js";
import type { NetworkLimitsRecord } from "./usages.js";
import type { Declared } from "./egress-step.js";

export type StepWorld = {
  get: (key: string) => NetworkRecord | undefined;
  /** The Network records directly under a key (an NSG's rules). */
  children: (key: string) => NetworkRecord[];
  /** Public IPs of a subscription in a location now. */
  publicIpCount: (subscriptionId: string, location: string) => number;
  limits: (subscriptionId: string, location: string) => NetworkLimitsRecord | undefined;
  /** What the control API declares of the network around Azure: DNS servers and appliances (resolution.ts, appliances.ts). */
  declared: Declared;
};

export type Write = [key: string, doc: NetworkRecord | undefined];
export type NetworkStepOutcome = { writes: Write[] } | NetworkRefusal;

/** Deleting a load balancer frees the public IPs its frontends used (unless they go too). */
function deleteAll(keys: readonly string[], world: StepWorld): Write[] {
  const gone = new Set(keys.map((k) => k.toLowerCase()));
  const writes: Write[] = [];
  for (const key of gone) {
    const r = world.get(key);
    if (!r) continue;
    writes.push([key, undefined]);
    if (r.kind !== "loadBalancer") continue;
    for (const ip of frontendIps(r).keys()) {
      const pip = world.get(ip) as PublicIpRecord | undefined;
      if (pip && !gone.has(ip)) writes.push([ip, withIpConfiguration(pip, undefined)]);
    }
  }
  return writes;
}

export function applyNetworkStep(action: NetworkAction, target: string, world: StepWorld): NetworkStepOutcome {
  switch (action.type) {
    case "provisioned":
      return {
        writes: action.keys.flatMap((k): Write[] => {
          const r = world.get(k);
          return r && r.provisioningState !== "Succeeded" ? [[k, { ...r, provisioningState: "Succeeded" } as NetworkRecord]] : [];
        }),
      };
    case "deleteResources":
      return { writes: deleteAll(action.keys, world) };
    case "claimAddresses": {
      const subnet = world.get(target);
      // The caller (AKS's plan) checked the subnet at its request; one deleted since is InvalidResourceReference.
      if (subnet?.kind !== "subnet") return refuse("invalidResourceReference", { ref: action.subnetId, by: action.holder });
      const next = claimAddresses(subnet, action);
      return "refused" in next ? next : { writes: [[target, next]] };
    }
    case "releaseAddresses": {
      const subnet = world.get(target);
      return subnet?.kind === "subnet" ? { writes: [[target, releaseAddresses(subnet, action)]] } : { writes: [] };
    }
    case "probeOutbound": {
      const subnet = world.get(target);
      if (subnet?.kind !== "subnet") return { writes: [] };
      const verdict = judgeNodeEgress(nodeEgressInput(subnet, world), { protocol: "Tcp", port: action.port });
      return verdict.ok ? { writes: [] } : egressRefusal(verdict, subnet, action);
    }
    case "ensureClusterNetwork": {
      const spec = action.network;
      const sub = /^\/subscriptions\/([^/]+)/i.exec(spec.nodeResourceGroupId)![1]!;
      const out = ensureClusterNetwork(spec, { get: world.get, publicIpCount: world.publicIpCount(sub, spec.location), limits: world.limits(sub, spec.location) });
      if ("refused" in out) return out;
      return { writes: [...out.puts.map((r): Write => [keyOf(r.id), r]), ...deleteAll(out.deletes, world)] };
    }
    case "deleteClusterNetwork":
      return { writes: deleteAll(clusterNetworkKeys(action.network, world), world) };
  }
}
