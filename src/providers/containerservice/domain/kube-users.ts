// Who a kubeconfig token is inside the cluster's Kubernetes API, as AKS's authentication makes it.
// - Local accounts (no `aadProfile`): listClusterUserCredential and listClusterAdminCredential both
//   hand out the `masterclient` client certificate (organisation `system:masters`): cluster-admin.
// - Microsoft Entra ID integration (`aadProfile`): the admin credential is still `masterclient`;
//   the user credential (and run command, which runs as its caller) is the caller's identity, named
//   by its object id (real AKS names users by UPN and applications by object id; aksemu's
//   principals are applications), in `system:authenticated`: Kubernetes RBAC decides.
// - `enableRBAC: false`: no authorizer runs, so everyone is cluster-admin.
import type { KubeUser } from "../../../kube/rbac/authorize.js";
import { isObject } from "../../../arm/json.js";
import type { ClusterRecord } from "./records.js";

export const MASTER_CLIENT: KubeUser = { name: "masterclient", groups: ["system:masters", "system:authenticated"] };

/** Whether the cluster authenticates its users with Microsoft Entra ID (AKS-managed or legacy). */
export const isAadCluster = (c: Pick<ClusterRecord, "spec">) => isObject(c.spec["aadProfile"]);

export function kubeUserOf(c: Pick<ClusterRecord, "spec" | "uid">, claims: { uti?: unknown; oid?: unknown }): KubeUser {
  const role = typeof claims.uti === "string" ? claims.uti.slice(c.uid.length + 1) : "";
  if (c.spec["enableRBAC"] === false || role === "admin" || !isAadCluster(c) || typeof claims.oid !== "string") return MASTER_CLIENT;
  return { name: claims.oid, groups: ["system:authenticated"] };
}

/** The cluster's enabled add-ons, lower-cased names (`azurepolicy`, `omsagent`, ...). */
export function enabledAddons(c: Pick<ClusterRecord, "spec">): string[] {
  const addons = c.spec["addonProfiles"];
  if (!isObject(addons)) return [];
  return Object.entries(addons).filter(([, v]) => isObject(v) && v["enabled"] === true).map(([k]) => k.toLowerCase());
}
