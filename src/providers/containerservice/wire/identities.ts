// The identity fields AKS reports for a managed-identity cluster even when the caller sent none:
// `servicePrincipalProfile: {"clientId": "msi"}` (az 2.45's `_remove_nulls` dereferences the
// profile on every `aks show`/`aks list` and crashes without it) and the kubelet identity AKS
// creates in the node resource group (`identityProfile.kubeletidentity`, which az reads to attach
// an ACR). What the caller did send (a real service principal, a bring-your-own kubelet identity)
// is returned as sent; a cluster with a real service principal gets no kubelet identity.
import { createHash } from "node:crypto";
import { isObject, type Json } from "../../../arm/json.js";
import type { ClusterRecord } from "../domain/records.js";

const MANAGED = new Set(["systemassigned", "userassigned"]);

// Derived GUIDs already worked out, by seed then purpose: every render of a cluster asks for the same
// ones (a list page of 100 clusters asks 200 times). The seed is a string the record keeps, so its
// lookup hashes no new string. Bounded: cleared when full.
const derived = new Map<string, Map<string, string>>();

/** A stable GUID for one of the cluster's derived identities (the same on every read). */
function derivedGuid(seed: string, purpose: string): string {
  let bySeed = derived.get(seed);
  if (bySeed === undefined) {
    if (derived.size >= 25_000) derived.clear();
    derived.set(seed, (bySeed = new Map()));
  }
  let guid = bySeed.get(purpose);
  if (guid === undefined) bySeed.set(purpose, (guid = sha256Guid(`${seed}/${purpose}`)));
  return guid;
}

function sha256Guid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  // RFC 4122 version 4 layout, so clients that validate GUIDs accept it.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function isManagedIdentityCluster(c: ClusterRecord): boolean {
  const identity = c.envelope["identity"];
  return isObject(identity) && MANAGED.has(String(identity["type"]).toLowerCase());
}

/** The identity properties to render when the spec leaves them out (nothing for a service-principal cluster). */
export function derivedIdentityProperties(c: ClusterRecord): Json {
  if (!isManagedIdentityCluster(c)) return {};
  const sp = c.spec["servicePrincipalProfile"];
  // A cluster given a real service principal runs its kubelet under it: no kubelet identity.
  if (isObject(sp) && sp["clientId"] !== undefined && String(sp["clientId"]).toLowerCase() !== "msi") return {};
  const out: Json = {};
  if (sp === undefined) out["servicePrincipalProfile"] = { clientId: "msi" };
  if (c.spec["identityProfile"] === undefined) {
    const nodeRg = String(c.spec["nodeResourceGroup"]);
    out["identityProfile"] = {
      kubeletidentity: {
        resourceId: `/subscriptions/${c.subscriptionId}/resourcegroups/${nodeRg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${c.name}-agentpool`,
        clientId: derivedGuid(c.uid, "kubelet/client"),
        objectId: derivedGuid(c.uid, "kubelet/object"),
      },
    };
  }
  return out;
}

/**
 * A user-assigned identity's principal and client ids (aksemu keeps no Microsoft.ManagedIdentity):
 * derived from its resource id, so they are the same in every cluster that names it. A role
 * assignment for that principal id is what ARM's RBAC judges the identity by (a custom private DNS
 * zone's access check).
 */
export function userAssignedIdentityIds(resourceId: string): { principalId: string; clientId: string } {
  const id = resourceId.toLowerCase();
  return { principalId: derivedGuid(id, "uai/principal"), clientId: derivedGuid(id, "uai/client") };
}

/** The envelope's identity as AKS shows it: each user-assigned identity with its principalId and clientId (ManagedClustersCreate_Update.json). */
export function renderIdentityEnvelope(envelope: Json): Json {
  const identity = envelope["identity"];
  if (!isObject(identity) || !isObject(identity["userAssignedIdentities"])) return envelope;
  const uais = Object.fromEntries(Object.entries(identity["userAssignedIdentities"]).map(([id, v]) => [id, { ...userAssignedIdentityIds(id), ...(isObject(v) ? v : {}) }]));
  return { ...envelope, identity: { ...identity, userAssignedIdentities: uais } };
}
