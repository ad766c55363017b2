// How ARM's policy engine sees private DNS's records (Provider.policyView): each as its GET shows it.
// Of the steps another provider runs here, only the one that PUTs resources is judged: AKS keeping
// a private cluster's zone, link and A record (a "system" zone in the node resource group).
import type { Step } from "../../engine/operations.js";
import type { PolicyView } from "../provider.js";
import type { PrivateDnsRecord } from "./domain/records.js";
import type { PrivateDnsAction } from "./public.js";
import { renderLink, renderRecordSet, renderZone } from "./wire.js";

const PUT_ACTIONS: ReadonlySet<string> = new Set<PrivateDnsAction["type"]>(["ensureClusterDns"]);
const KINDS: ReadonlySet<string> = new Set(["privateDnsZone", "virtualNetworkLink", "privateDnsRecordSet"]);

export function privateDnsPolicyView(_key: string, doc: object, step?: Step): PolicyView | undefined {
  const r = doc as PrivateDnsRecord;
  if (typeof r.kind !== "string" || !KINDS.has(r.kind) || typeof r.id !== "string") return undefined;
  if (step && !PUT_ACTIONS.has((step.action as PrivateDnsAction).type)) return undefined;
  const wire = r.kind === "privateDnsZone" ? renderZone(r, [], 0) : r.kind === "virtualNetworkLink" ? renderLink(r) : renderRecordSet(r);
  return wire as unknown as PolicyView;
}
