// Where a pool's VMs can go: a VM size the cluster's location offers, zones it offers that size in,
// and an ephemeral OS disk that fits the size's cache (or temp) disk. Judged on what a PUT sets.
import { refuse, type AksRefusal } from "../errors.js";
import type { Json } from "./records.js";
import { shown } from "./compare.js";
import { canonicalVmSize } from "./vm-sizes.js";
import { isVmSizeOffered, vmSizesIn, zonesFor } from "./vm-size-regions.js";
import { ephemeralCapacityBytes, osDiskBytes } from "./vm-size-disks.js";

/** A name outside the catalog is no size anywhere; a known size may still be missing in `location`. */
export function checkVmSize(location: string, vmSize: string): AksRefusal | undefined {
  if (canonicalVmSize(vmSize) === undefined) return refuse("vmSizeNotAvailable", { vmSize: shown(vmSize), available: vmSizesIn(location), target: "vmSize" });
  // This text lists the sizes in lower case, sorted (unlike vmSizeNotAvailable's).
  if (!isVmSizeOffered(location, vmSize)) return refuse("vmSizeNotAllowedInLocation", { vmSize, location, available: vmSizesIn(location).map((s) => s.toLowerCase()).sort() });
  return undefined;
}

/** Every zone asked for must be one `location` offers the pool's size in (none, where it has no zones). */
export function checkZones(pool: string, location: string, spec: Json): AksRefusal | undefined {
  if (!Array.isArray(spec["availabilityZones"])) return undefined;
  const supported = zonesFor(location, String(spec["vmSize"]));
  const bad = spec["availabilityZones"].map(String).filter((z) => !supported.includes(z));
  if (bad.length === 0) return undefined;
  return refuse("availabilityZoneNotSupported", { zones: bad.map(shown), pool, location, supported, target: "agentPoolProfile.availabilityZones" });
}

/** An ephemeral OS disk lives on the VM's cache or temp disk, so it cannot be larger than that disk. */
export function checkEphemeralOsDisk(spec: Json): AksRefusal | undefined {
  if (String(spec["osDiskType"]).toLowerCase() !== "ephemeral") return undefined;
  const vmSize = String(spec["vmSize"]);
  const [cacheBytes, requiredBytes] = [ephemeralCapacityBytes(vmSize), osDiskBytes(Number(spec["osDiskSizeGB"]))];
  return requiredBytes > cacheBytes ? refuse("vmCacheSizeTooSmall", { vmSize: shown(vmSize), cacheBytes, requiredBytes }) : undefined;
}
