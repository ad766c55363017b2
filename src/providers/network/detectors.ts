// Network's detectors (providers/detector.ts) over its own records and the control API's
// declarations, for seed 002's Network causes: a full subnet (SubnetIsFull), the public IP limit
// (PublicIPCountLimitReached), outbound connectivity a subnet's NSG rule or firewall route blocks
// (OutboundConnFailVMExtensionError) and a custom DNS setting that blocks the nodes' lookups
// ("The virtual network is blocked": K8SAPIServerDNSLookupFailVMExtensionError). A failure is
// reported with what decides it now (the rule, the route and appliance, the DNS server); a pool's
// subnet that would block its next nodes is a Warning before anything fails.
import { currentFailures, errorCodes, operationEvidence, reconcileCommand, type CurrentFailure, type Detector, type DetectorInput, type DetectorPool, type Finding, type Remedy } from "../detector.js";
import { addressCapacity, addressesInUse } from "./domain/addresses.js";
import { judgeSubnetEgress } from "./domain/egress-step.js";
import { vnetIdOf, type NodeEgressVerdict } from "./domain/node-egress.js";
import { idParts, keyOf, type SubnetRecord } from "./domain/records.js";
import { AZURE_DNS } from "./domain/resolution.js";
import { limitOf } from "./domain/usages.js";
import { getLimits, getOf, publicIpsIn, stepWorld } from "./repository.js";

const CONTROL = "/_aksemu/network";

/** A resource id's group and name, for the az commands that name it. */
function rgName(id: string): { rg: string; name: string } {
  const p = idParts(id);
  return { rg: p?.resourceGroup ?? "<rg>", name: id.slice(id.lastIndexOf("/") + 1) };
}

/** A failure's pools: the pool of an agent pool operation, else every pool it left failed. */
function poolsOf(input: DetectorInput, f: CurrentFailure): DetectorPool[] {
  const names = new Set((f.op.pool !== undefined ? [f.op.pool] : f.subjects).map((n) => n.toLowerCase()));
  return input.cluster.pools.filter((p) => names.has(p.name.toLowerCase()));
}

const subnetOf = (input: DetectorInput, pool: DetectorPool): SubnetRecord | undefined => (pool.subnet ? getOf(input.read, keyOf(pool.subnet), "subnet") : undefined);

const withCode = (input: DetectorInput, codes: readonly string[]) => currentFailures(input).filter((f) => errorCodes(f.error).some((c) => codes.includes(c)));

// --- SubnetIsFull ---

const subnetFull: Detector = {
  id: "subnet-is-full",
  name: "Subnet Is Full",
  category: "Cluster Issues",
  description: "Checks for operations that failed because a pool's subnet (vnetSubnetID) had no room for the nodes' addresses (SubnetIsFull), with the subnet's capacity and use now (seed 002).",
  rank: 62,
  healthy: "No operation failed on a full subnet.",
  evaluate(input) {
    const c = input.cluster;
    return withCode(input, ["SubnetIsFull"]).map((f): Finding => {
      const pools = poolsOf(input, f).filter((p) => p.subnet);
      const rows = pools.flatMap((p): [string, string][] => {
        const s = subnetOf(input, p);
        if (!s) return [[`Subnet of ${p.name}`, `${p.subnet} (not found)`]];
        const cap = addressCapacity(s);
        const used = addressesInUse(s);
        return [[`Subnet of ${p.name}`, s.id], ["Address prefix", s.addressPrefixes.join(", ")], ["Addresses usable / in use / free", `${cap} / ${used} / ${Math.max(0, cap - used)}`]];
      });
      const first = pools[0];
      const sub = first?.subnet ? rgName(vnetIdOf(first.subnet)) : { rg: "<rg>", name: "<vnet>" };
      return {
        status: "Critical",
        message: `${f.op.operationType} failed with SubnetIsFull: ${first ? `the subnet of agent pool '${first.name}' does not have enough free addresses for its nodes` : "a pool's subnet does not have enough free addresses"}.`,
        cause: { symptom: "The subnet size is too small", text: "The operation can't create or update the cluster because the subnet doesn't have enough space accommodate the required number of nodes." },
        remedy: {
          title: "Create a node pool on a larger subnet, then delete the old pool",
          text: "Delete the node pool and create a new one with a larger subnet size using the Azure portal, Azure CLI, or Azure PowerShell.",
          commands: [
            `az network vnet subnet create -g ${sub.rg} --vnet-name ${sub.name} -n <larger subnet> --address-prefixes <a larger free prefix>`,
            `az aks nodepool add -g ${c.resourceGroup} --cluster-name ${c.name} -n <new pool> --mode ${first?.mode ?? "System"} --vnet-subnet-id ${first?.subnet ? `${vnetIdOf(first.subnet)}/subnets/<larger subnet>` : "<larger subnet id>"}`,
            `az aks nodepool delete -g ${c.resourceGroup} --cluster-name ${c.name} -n ${first?.name ?? "<old pool>"}`,
          ],
        },
        evidence: [...rows, ...operationEvidence(f.op, f.error)],
      };
    });
  },
};

// --- PublicIPCountLimitReached ---

const publicIpLimit: Detector = {
  id: "public-ip-count-limit",
  name: "Public IP Address Limit Reached",
  category: "Cluster Issues",
  description: "Checks for operations that failed because the subscription reached its public IP address limit in the region (PublicIPCountLimitReached), with the usage and limit now (seed 002).",
  rank: 35,
  healthy: "No operation failed on the public IP address limit.",
  evaluate(input) {
    const c = input.cluster;
    return withCode(input, ["PublicIPCountLimitReached"]).map((f): Finding => {
      const used = publicIpsIn(input.read, c.subscriptionId, c.location).length;
      const limit = limitOf(getLimits(input.read, c.subscriptionId, c.location), "PublicIPAddresses");
      return {
        status: "Critical",
        message: `${f.op.operationType} failed with PublicIPCountLimitReached: the subscription has ${used} public IP addresses in ${c.location}, its limit is ${limit}.`,
        cause: { symptom: "PublicIPCountLimitReached error", text: "This error indicates that the operation reaches the maximum number of public IP addresses that can be created in a subscription or region." },
        remedy: {
          title: "Free public IP addresses or raise the limit, then retry",
          text: "Check the current public IP address usage and limit for the subscription or region using the Azure portal, Azure CLI, or Azure PowerShell. You may need to delete some unused public IP addresses or request an increase in the public IP address limit. Then retry the operation, or reconcile the cluster.",
          commands: [
            `az network list-usages --location ${c.location} -o table`,
            "az network public-ip list --query \"[?ipConfiguration==null].id\" -o tsv   (unused public IPs: az network public-ip delete --ids <id>)",
            `PUT ${CONTROL}/limits/${c.location} {"limits": {"PublicIPAddresses": ${used + 10}}}   (the emulator's stand-in for a limit increase)`,
            reconcileCommand(c.id),
          ],
        },
        evidence: [["Location", c.location], ["Public IP addresses", String(used)], ["Limit", String(limit)], ...operationEvidence(f.op, f.error)],
      };
    });
  },
};

// --- egress: NSG rules and firewall routes; DNS ---

type Blocked = Exclude<NodeEgressVerdict, { ok: true }>;
type PoolEgress = { pool: DetectorPool; subnet: SubnetRecord; verdict: NodeEgressVerdict };

/** Every pool on a subnet of the user's, with what its next nodes' egress meets now. */
function poolEgress(input: DetectorInput): PoolEgress[] {
  const world = stepWorld(input.read);
  return input.cluster.pools.flatMap((pool) => {
    const subnet = subnetOf(input, pool);
    return subnet ? [{ pool, subnet, verdict: judgeSubnetEgress(subnet, world) }] : [];
  });
}

const isDns = (v: NodeEgressVerdict) => !v.ok && (v.check === "hostLookup" || v.check === "apiServerLookup");
const isPath = (v: NodeEgressVerdict) => !v.ok && (v.check === "nsg" || v.check === "route");

const OUTBOUND_ROW = { symptom: "OutboundConnFailVMExtensionError", text: "This error indicates that the VM extension fails to install or update due to a lack of outbound connectivity." };
const VNET_BLOCKED_ROW = { symptom: "The virtual network is blocked", text: "The operation can't communitcate with the cluster API server or Kubernetes control plane because the firewall or a custom Domain Name System (DNS) setting blocks the outbound connections from the nodes." };

/** What blocks a pool's subnet, its remedy and evidence rows. */
function pathFinding(input: DetectorInput, pe: PoolEgress & { verdict: Blocked }): { what: string; cause: Finding["cause"]; remedy: Remedy; evidence: [string, string][] } {
  const c = input.cluster;
  const v = pe.verdict;
  const base: [string, string][] = [["Agent pool", pe.pool.name], ["Subnet", pe.subnet.id]];
  if (v.check === "nsg") {
    const nsg = rgName(pe.subnet.networkSecurityGroupId!);
    return {
      what: `security rule '${v.rule}' of network security group '${nsg.name}' denies TCP 443 out to the Internet`,
      cause: OUTBOUND_ROW,
      remedy: {
        title: "Allow the nodes' required egress in the NSG, then reconcile",
        text: "Check the network security group (NSG) rules and firewall settings of the VM or VM scale set. Make sure that the VM or VM scale set can access these endpoints: `https://aka.ms/aks/outbound`, `https://aka.ms/aks/ssh`, `https://aka.ms/aks/agent`, and `https://aka.ms/aks/containerinsights`. Then reconcile the cluster.",
        commands: [`az network nsg rule delete -g ${nsg.rg} --nsg-name ${nsg.name} -n ${v.rule}`, `az network nsg rule list -g ${nsg.rg} --nsg-name ${nsg.name} --include-default -o table`, reconcileCommand(c.id)],
      },
      evidence: [...base, ["Network security group", pe.subnet.networkSecurityGroupId!], ["Deciding rule", v.rule]],
    };
  }
  if (v.check === "route") {
    const table = rgName(pe.subnet.routeTableId!);
    const allow = v.appliance !== undefined ? [`PUT ${CONTROL}/appliances/${v.appliance} {"allow": ["443"]}   (the emulator's stand-in for allowing the nodes' traffic on the firewall)`] : [];
    return {
      what: v.appliance !== undefined ? `route '${v.route.name}' of route table '${table.name}' sends Internet traffic to virtual appliance ${v.appliance}, which does not allow TCP 443` : `route '${v.route.name}' of route table '${table.name}' drops Internet traffic (next hop ${v.route.nextHopType})`,
      cause: VNET_BLOCKED_ROW,
      remedy: {
        title: "Allow the node's traffic on the firewall, then reconcile",
        text: "Allow the node's traffic on the firewall (AKS's required outbound network rules: `https://aka.ms/aks/outbound`), or route the subnet's Internet traffic elsewhere; then reconcile the cluster.",
        commands: [...allow, `az network route-table route delete -g ${table.rg} --route-table-name ${table.name} -n ${v.route.name}`, reconcileCommand(c.id)],
      },
      evidence: [...base, ["Route table", pe.subnet.routeTableId!], ["Route", `${v.route.name}: ${v.route.addressPrefix} → ${v.route.nextHopType}${v.route.nextHopIpAddress ? ` ${v.route.nextHopIpAddress}` : ""}`], ...(v.appliance !== undefined ? ([["Appliance allows", "nothing on TCP 443"]] as [string, string][]) : [])],
    };
  }
  const vnet = rgName(vnetIdOf(pe.subnet.id));
  const server = v.check === "hostLookup" || v.check === "apiServerLookup" ? v.resolver.server : AZURE_DNS;
  return {
    what: v.check === "hostLookup" ? `no DNS server of virtual network '${vnet.name}' answers: no name resolves` : `DNS server ${server} of virtual network '${vnet.name}' does not forward to Azure DNS: the API server's name does not resolve`,
    cause: VNET_BLOCKED_ROW,
    remedy: {
      title: "Set up the DNS resolution to Azure, then reconcile",
      text: "Set up the DNS resolution to Azure: forward the custom DNS server to Azure DNS (168.63.129.16), or let the virtual network use Azure DNS; then reconcile the cluster.",
      commands: [`PUT ${CONTROL}/dns-servers/${server} {"resolves": "azure"}   (the emulator's stand-in for a forwarder to 168.63.129.16 on the DNS server)`, `az network vnet update -g ${vnet.rg} -n ${vnet.name} --dns-servers ""`, reconcileCommand(c.id)],
    },
    evidence: [...base, ["Virtual network", vnetIdOf(pe.subnet.id)], ["DNS servers", (getOf(input.read, keyOf(vnetIdOf(pe.subnet.id)), "virtualNetwork")?.dnsServers ?? []).join(", ") || "Azure DNS"], ["Answering server", server], ["Resolves", v.check === "hostLookup" ? "nothing" : "public names only"]],
  };
}

/**
 * One egress detector: failures with `codes` whose pools' subnets `mine` judges (or whose cause is
 * gone: then the reconcile remains), and, with no failure, a Warning per pool whose subnet would block.
 */
function egressDetector(d: Omit<Detector, "evaluate">, codes: readonly string[], mine: (v: NodeEgressVerdict) => boolean, claims: (f: CurrentFailure, judged: PoolEgress[]) => boolean): Detector {
  return {
    ...d,
    evaluate(input) {
      const c = input.cluster;
      const all = poolEgress(input);
      const failures = withCode(input, codes);
      const findings: Finding[] = [];
      const reported = new Set<string>();
      for (const f of failures) {
        const names = new Set(poolsOf(input, f).map((p) => p.name.toLowerCase()));
        const judged = all.filter((pe) => names.has(pe.pool.name.toLowerCase()));
        if (!claims(f, judged)) continue;
        const blocked = judged.filter((pe): pe is PoolEgress & { verdict: Blocked } => mine(pe.verdict));
        for (const pe of blocked) {
          reported.add(pe.pool.name);
          const x = pathFinding(input, pe);
          findings.push({ status: "Critical", message: `${f.op.operationType} failed with ${f.error.code}: ${x.what} (subnet of agent pool '${pe.pool.name}').`, cause: x.cause, remedy: x.remedy, evidence: [...x.evidence, ...operationEvidence(f.op, f.error)] });
        }
        if (blocked.length === 0) {
          findings.push({
            status: "Critical",
            message: `${f.op.operationType} failed with ${f.error.code}; the nodes' egress is no longer blocked: reconcile the cluster.`,
            cause: d.id === "virtual-network-dns" ? VNET_BLOCKED_ROW : OUTBOUND_ROW,
            remedy: { title: "Reconcile the cluster", text: "The cause is fixed; reconcile the cluster so that AKS provisions the nodes again.", commands: [reconcileCommand(c.id)] },
            evidence: operationEvidence(f.op, f.error),
          });
        }
      }
      for (const pe of all) {
        if (reported.has(pe.pool.name) || !mine(pe.verdict)) continue;
        const x = pathFinding(input, pe as PoolEgress & { verdict: Blocked });
        findings.push({ status: "Warning", message: `New nodes of agent pool '${pe.pool.name}' will fail: ${x.what}.`, cause: x.cause, remedy: x.remedy, evidence: x.evidence });
      }
      return findings;
    },
  };
}

const OUTBOUND_CODE = "OutboundConnFailVMExtensionError";
const DNS_CODE = "K8SAPIServerDNSLookupFailVMExtensionError";

const outboundBlocked = egressDetector(
  {
    id: "outbound-connectivity",
    name: "Outbound Connectivity Blocked",
    category: "Cluster Issues",
    description: "Checks the egress of pools on a subnet of yours: an NSG rule that denies the nodes' TCP 443 out, or a route to a firewall (virtual appliance) that does not allow it or that drops it (OutboundConnFailVMExtensionError), naming what decides (seed 002).",
    rank: 64,
    healthy: "No NSG rule or firewall route blocks the nodes' required egress.",
  },
  [OUTBOUND_CODE],
  isPath,
  // An outbound failure is DNS's when what blocks now is DNS (a lookup the outbound check needs).
  (_f, judged) => judged.some((pe) => isPath(pe.verdict)) || !judged.some((pe) => isDns(pe.verdict)),
);

const dnsBlocked = egressDetector(
  {
    id: "virtual-network-dns",
    name: "Virtual Network Blocked: Custom DNS",
    category: "Cluster Issues",
    description: "Checks the DNS servers of the virtual network of pools on a subnet of yours: a custom server that does not forward to Azure DNS fails the nodes' API server lookup (K8SAPIServerDNSLookupFailVMExtensionError), one that answers nothing their first lookup (seed 002, \"The virtual network is blocked\").",
    rank: 66,
    healthy: "The nodes' DNS resolves the names they need (Azure DNS, or a custom server that forwards to it).",
  },
  [DNS_CODE, OUTBOUND_CODE],
  isDns,
  (f, judged) => errorCodes(f.error).includes(DNS_CODE) || (judged.some((pe) => isDns(pe.verdict)) && !judged.some((pe) => isPath(pe.verdict))),
);

export const NETWORK_DETECTORS: readonly Detector[] = [publicIpLimit, subnetFull, outboundBlocked, dnsBlocked];
