// The subnets a write names (a pool's vnetSubnetID) must exist before AKS plans nodes into them:
// one that names no subnet is AKS's SubnetNotFound (a malformed id is refused before, by ARM's
// linked access check: handlers/linked-access.ts). The subnet is Network's: read as its stored
// document at its id (network/public.ts names the shape), so no Network code is imported.
import type { Reader } from "../../../store/store.js";
import type { StoredSubnet } from "../../network/public.js";
import { refuse } from "../errors.js";
import { unwrap } from "./wire-errors.js";

const SUBNET_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i;

/** Refuses a vnetSubnetID that names no subnet. */
export function requireSubnet(store: Reader, id: unknown): void {
  if (typeof id !== "string" || id === "") return;
  const m = SUBNET_ID.exec(id);
  const found = store.get<StoredSubnet>("resources", id.toLowerCase());
  if (found?.kind === "subnet") return;
  const [subscriptionId, resourceGroup, vnet, subnet] = m ? [m[1]!, m[2]!, m[3]!, m[4]!] : ["", "", "", id.slice(id.lastIndexOf("/") + 1)];
  unwrap(refuse("subnetNotFound", { subnet, vnet, resourceGroup, subscriptionId }));
}

/** The vnetSubnetID of each agent pool profile a cluster PUT names. */
export function requireProfileSubnets(store: Reader, profiles: unknown): void {
  if (!Array.isArray(profiles)) return;
  for (const p of profiles) requireSubnet(store, (p as { vnetSubnetID?: unknown } | null)?.vnetSubnetID);
}
