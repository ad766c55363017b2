// Network's "Key Azure resources unavailable" scenarios (seed 002's common causes), on its own
// records: the cluster's load balancer with a reference it lost (InvalidResourceReference, the
// troubleshooting article error-code-invalidresourcereference) and the private cluster's DNS zone
// or its virtual network link deleted (Private DNS Zone InternalOperationError). Each is a change
// made out of band, as a user or a script in the node resource group makes it.
import { badRequest, RECONCILE, type Scenario, type ScenarioCluster } from "../scenario.js";
import { AKS_OUTBOUND_RULE } from "./domain/lb-reconcile.js";
import { keyOf, type LoadBalancerRecord } from "./domain/records.js";
import { getOf } from "./repository.js";

const SEED = { section: "Common causes", cause: "Key Azure resources unavailable" } as const;

/** The node resource group's id, from where the cluster's pools keep their VMs. */
export const nodeGroupOf = (cluster: ScenarioCluster): string | undefined => /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i.exec(cluster.pools[0]?.scaleSet ?? "")?.[0];

/** The frontend (and its public IP) the scenario's hand-made outbound configuration named. */
export const LOST_FRONTEND = "aksemu-outbound-frontend";
export const LOST_IP = "aksemu-outbound-ip";

const loadBalancerReferenceMissing: Scenario = {
  name: "load-balancer-reference-missing",
  scope: "cluster",
  rank: 92,
  seed: { section: SEED.section, symptom: "Cluster Load Balancer InvalidResourceReference error", cause: SEED.cause },
  sets: `the \`kubernetes\` load balancer's ${AKS_OUTBOUND_RULE} modified by hand to use the frontend IP configuration ${LOST_FRONTEND}, which was then deleted out of band with its public IP ${LOST_IP} (the article's cause: the default outbound rule manually modified)`,
  sees: { where: "the next operation that reconciles the load balancer (a scale, an upgrade, a reconcile PUT) fails; the cluster (or pool) is Failed", code: "InvalidResourceReference" },
  remedy: [
    `restore the referenced resource: az network public-ip create -g <node resource group> -n ${LOST_IP} --sku Standard, then az network lb frontend-ip create -g <node resource group> --lb-name kubernetes -n ${LOST_FRONTEND} --public-ip-address ${LOST_IP}   (Debian's az 2.45: az rest PUT of the public IP, then of the load balancer with the frontend added)`,
    `or drop the reference: PUT the load balancer with ${AKS_OUTBOUND_RULE} naming only AKS's frontends`,
    `then ${RECONCILE}`,
  ],
  apply(read, t) {
    const cluster = t.cluster!;
    const group = nodeGroupOf(cluster);
    const lbId = `${group}/providers/Microsoft.Network/loadBalancers/kubernetes`;
    const lb = group ? getOf(read, keyOf(lbId), "loadBalancer") : undefined;
    const rule = lb?.outboundRules.find((r) => String(r["name"]).toLowerCase() === AKS_OUTBOUND_RULE.toLowerCase());
    if (!lb || !rule) return badRequest(`'load-balancer-reference-missing' needs the cluster's \`kubernetes\` load balancer with its ${AKS_OUTBOUND_RULE} (networkProfile.outboundType loadBalancer): managed cluster '${cluster.name}' has none.`);
    const frontend = `${lb.id}/frontendIPConfigurations/${LOST_FRONTEND}`;
    const props = rule["properties"] as { frontendIPConfigurations?: { id: string }[] };
    const refs = (props.frontendIPConfigurations ?? []).filter((r) => r.id.toLowerCase() !== frontend.toLowerCase());
    const next: LoadBalancerRecord = {
      ...lb,
      // The frontend and its public IP are gone; the rule still names the frontend.
      frontendIPConfigurations: lb.frontendIPConfigurations.filter((f) => String(f["id"]).toLowerCase() !== frontend.toLowerCase()),
      outboundRules: lb.outboundRules.map((r) => (r === rule ? { ...r, properties: { ...props, frontendIPConfigurations: [...refs, { id: frontend }] } } : r)),
    };
    const ip = `${group}/providers/Microsoft.Network/publicIPAddresses/${LOST_IP}`;
    return { change: { resources: [[keyOf(lb.id), next], [keyOf(ip), undefined]] }, applied: { loadBalancer: lb.id, rule: rule["id"], missingFrontend: frontend, missingPublicIp: ip } };
  },
};

export const LB_DNS_SCENARIOS: readonly Scenario[] = [loadBalancerReferenceMissing];
