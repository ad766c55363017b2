// Field rules AKS checks before it looks at state: names, counts, versions.
import { refuse, type AksRefusal } from "../errors.js";
import type { Json } from "./records.js";
import { availableUpgrades, checkUpgrade, minorOf, resolveVersion } from "./versions.js";

// The rule: 1-63 characters, letters, digits, '-' and '_', starting with a letter or digit.
const CLUSTER_NAME = /^[a-zA-Z0-9][-_a-zA-Z0-9]{0,62}$/;
// REST spec: agentPoolName ^[a-z][a-z0-9]{0,11}$.
const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

export function validateClusterName(name: string): AksRefusal | undefined {
  return CLUSTER_NAME.test(name) ? undefined : refuse("invalidClusterName", { target: "name" });
}

export function validatePoolName(name: string): AksRefusal | undefined {
  return POOL_NAME.test(name) ? undefined : refuse("invalidAgentPoolName", { target: "agentPoolProfile.name" });
}

export const isSystemPool = (spec: Json) => String(spec["mode"] ?? "User").toLowerCase() === "system";

export function validateCount(spec: Json, path: string): number | AksRefusal {
  const count = spec["count"] === undefined ? 1 : Number(spec["count"]);
  const min = isSystemPool(spec) ? 1 : 0;
  if (!Number.isInteger(count) || count < min || count > 1000) return refuse("invalidNodeCount", { path, count, min });
  return count;
}

/** Resolves a requested control plane version; unknown or unsupported ones are refused. */
export function resolveClusterVersion(requested: string, clusterName: string): string | AksRefusal {
  return resolveVersion(requested) ?? refuse("k8sVersionNotSupported", { name: clusterName, version: requested });
}

export function resolvePoolVersion(requested: string): string | AksRefusal {
  return resolveVersion(requested) ?? refuse("agentPoolK8sVersionNotSupported", { version: requested });
}

export function checkVersionChange(from: string, to: string): AksRefusal | undefined {
  const check = checkUpgrade(from, to);
  if (check.ok) return undefined;
  return refuse(check.reason === "downgrade" ? "downgradeNotAllowed" : "upgradeSkipsMinor", { from, to, available: availableUpgrades(from) });
}

/** Node pools may trail the control plane by up to three minors, never lead it. */
export function checkPoolSkew(poolVersion: string, controlPlane: string): AksRefusal | undefined {
  if (minorOf(poolVersion) > minorOf(controlPlane) || (minorOf(poolVersion) === minorOf(controlPlane) && poolVersion > controlPlane && poolVersion.length >= controlPlane.length)) {
    if (resolveVersion(poolVersion) !== controlPlane && minorOf(poolVersion) >= minorOf(controlPlane)) return refuse("poolVersionAboveControlPlane", { pool: poolVersion, control: controlPlane });
  }
  if (minorOf(controlPlane) - minorOf(poolVersion) > 3) {
    return refuse("nodePoolVersionIncompatible", { pool: poolVersion, control: controlPlane, poolMinor: minorOf(poolVersion), controlMinor: minorOf(controlPlane) });
  }
  return undefined;
}
