// Network's detector for seed 002's "Cluster Load Balancer InvalidResourceReference error" row
// (providers/detector.ts): an operation that failed because the cluster's load balancer names a
// resource that is gone, with what it names and whether it is back now (read from Network's records).
import { currentFailures, errorCodes, operationEvidence, reconcileCommand, type Detector, type Finding } from "../detector.js";
import { keyOf } from "./domain/records.js";
import { getOf, getRecord } from "./repository.js";

const CODE = "InvalidResourceReference";
// Network's text (ERROR-TEXTS.md §12), inside AKS's or alone.
const REFERENCE = /Resource (\/subscriptions\/\S+) referenced by resource (\/subscriptions\/\S+) was not found\./;

/** Whether a referenced id exists now: a resource of Network's, or a child (a frontend) of a load balancer. */
function existsNow(read: Parameters<Detector["evaluate"]>[0]["read"], id: string): boolean {
  if (getRecord(read, keyOf(id))) return true;
  const child = /^(.+\/loadBalancers\/[^/]+)\/(\w+)\/([^/]+)$/i.exec(id);
  if (!child) return false;
  const lb = getOf(read, keyOf(child[1]!), "loadBalancer");
  const list = lb ? (lb as unknown as Record<string, { id?: unknown }[]>)[child[2]!] : undefined;
  return Array.isArray(list) && list.some((c) => String(c.id).toLowerCase() === id.toLowerCase());
}

const loadBalancerReference: Detector = {
  id: "load-balancer-invalid-reference",
  name: "Cluster Load Balancer InvalidResourceReference",
  category: "Cluster Issues",
  description: "Checks for operations that failed because the cluster's `kubernetes` load balancer references a frontend IP configuration or public IP that was modified or deleted out of band (InvalidResourceReference, seed 002's key Azure resources unavailable).",
  rank: 67,
  healthy: "No operation failed on a load balancer reference.",
  evaluate(input) {
    const c = input.cluster;
    return currentFailures(input)
      .filter((f) => errorCodes(f.error).includes(CODE))
      .map((f): Finding => {
        const text = [f.error.message, ...(f.error.details ?? []).map((d) => d.message)].join("\n");
        const m = REFERENCE.exec(text);
        const ref = m?.[1];
        const by = m?.[2];
        const back = ref !== undefined && existsNow(input.read, ref);
        const group = `/subscriptions/${c.subscriptionId}/resourceGroups/${c.nodeResourceGroup}`;
        return {
          status: back ? "Warning" : "Critical",
          message: `${f.op.operationType} failed with ${CODE}: ${ref ? `${ref} (referenced by ${by}) ${back ? "exists again: reconcile the cluster" : "is missing"}` : "a resource the load balancer references is missing"}.`,
          cause: { symptom: "Cluster Load Balancer InvalidResourceReference error", text: "Key Azure resources unavailable: a resource the cluster's load balancer configuration references was modified or deleted out of band (the default outbound rule aksOutboundRule manually modified)." },
          remedy: {
            title: "Restore the referenced resource (or drop the reference), then reconcile",
            text: "Re-create the deleted frontend IP configuration and its public IP in the node resource group (or remove the hand-made reference from aksOutboundRule), then trigger an update of the cluster. Modifying the IaaS resources of the node resource group by hand is unsupported.",
            commands: [
              `az network lb show -g ${c.nodeResourceGroup} -n kubernetes --query "outboundRules[].frontendIPConfigurations[].id"`,
              `az network public-ip create -g ${c.nodeResourceGroup} -n <public IP> --sku Standard`,
              `az network lb frontend-ip create -g ${c.nodeResourceGroup} --lb-name kubernetes -n <frontend> --public-ip-address <public IP>`,
              reconcileCommand(c.id),
            ],
          },
          evidence: [["Load balancer", `${group}/providers/Microsoft.Network/loadBalancers/kubernetes`], ...(ref ? ([["Missing reference", ref], ["Referenced by", by!], ["Exists now", back ? "yes" : "no"]] as [string, string][]) : []), ...operationEvidence(f.op, f.error)],
        };
      });
  },
};

export const LB_DNS_DETECTORS: readonly Detector[] = [loadBalancerReference];
