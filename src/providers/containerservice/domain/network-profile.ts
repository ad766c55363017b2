// What a cluster PUT may change in its networkProfile: nothing of the pod and service networks,
// except through AKS's documented migration to Azure CNI Overlay (MicrosoftDocs/azure-aks-docs,
// "Upgrade Azure CNI"): kubenet to azure + overlay (the pod CIDR may stay or be given anew), or
// Azure CNI node subnet to overlay (a pod CIDR is given: it had none). The migration is one way.
import { refuse, type AksRefusal } from "../errors.js";
import type { Json } from "./records.js";
import { set, text, type Same } from "./compare.js";

// Fixed for the cluster's life ("cannot be changed after creation"), compared when both sides name them.
const SERVICE_NETWORK: readonly [string, Same][] = [
  ["serviceCidr", text()],
  ["serviceCidrs", set],
  ["dnsServiceIP", text()],
];
const POD_NETWORK: readonly [string, Same][] = [
  ["podCidr", text()],
  ["podCidrs", set],
];

const isOverlay = (network: Json) => text()(network["networkPluginMode"], "overlay");

/** True when this PUT moves a kubenet or Azure CNI node subnet cluster to Azure CNI Overlay. */
export function isOverlayMigration(given: Json, stored: Json): boolean {
  if (isOverlay(stored) || !isOverlay(given)) return false;
  const from = String(stored["networkPlugin"] ?? "").toLowerCase();
  const to = String(given["networkPlugin"] ?? stored["networkPlugin"] ?? "").toLowerCase();
  return to === "azure" && (from === "kubenet" || from === "azure");
}

/** The first networkProfile property `given` changes that AKS does not let change, as a refusal. */
export function validateNetworkChange(given: Json, stored: Json): AksRefusal | undefined {
  const migration = isOverlayMigration(given, stored);
  const changed = (p: string, same: Same) => given[p] !== undefined && stored[p] !== undefined && !same(given[p], stored[p]);
  if (given["networkPlugin"] !== undefined && !text("azure")(given["networkPlugin"], stored["networkPlugin"]) && !migration) {
    return refuse("propertyChangeNotAllowed", { target: "networkProfile.networkPlugin" });
  }
  // Overlay is irreversible; a mode is only ever added by the migration.
  if (given["networkPluginMode"] !== undefined && !text()(given["networkPluginMode"], stored["networkPluginMode"]) && !migration) {
    return refuse("propertyChangeNotAllowed", { target: "networkProfile.networkPluginMode" });
  }
  const fixed = [...(migration ? [] : POD_NETWORK), ...SERVICE_NETWORK].find(([p, same]) => changed(p, same));
  return fixed ? refuse("propertyChangeNotAllowed", { target: `networkProfile.${fixed[0]}` }) : undefined;
}
