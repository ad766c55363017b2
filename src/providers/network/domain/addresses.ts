// Addresses in a subnet, pure: what its NICs hold (one per scale set instance, with its IP
// configurations), what a claim for more needs, and the ids ARM lists as the subnet's
// ipConfigurations. Azure hands out the prefix less its five reserved addresses; a claim that does
// not fit is refused whole (SubnetIsFull), as a scale set PUT whose NICs do not fit fails.
import { refuse, type NetworkRefusal } from "../errors.js";
import { parseCidr, usableAddresses } from "./cidr.js";
import type { AddressHolder, SubnetRecord } from "./records.js";

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Addresses the subnet's NICs hold now. */
export const addressesInUse = (s: Pick<SubnetRecord, "holders">): number => s.holders.reduce((n, h) => n + h.instanceIds.length * h.perNic, 0);

/** Addresses the subnet hands out in all (every prefix of it, less Azure's five each). */
export function addressCapacity(s: Pick<SubnetRecord, "addressPrefixes">): number {
  return s.addressPrefixes.reduce((n, p) => {
    const c = parseCidr(p);
    return n + (c ? usableAddresses(c) : 0);
  }, 0);
}

/** The ip configuration ids of one holder's NICs, as a subnet lists them. */
export function ipConfigurationIds(h: AddressHolder): string[] {
  if (h.kind === "networkInterface") return Array.from({ length: h.perNic }, (_, k) => `${h.id}/ipConfigurations/ipconfig${k + 1}`);
  return h.instanceIds.flatMap((i) => Array.from({ length: h.perNic }, (_, k) => `${h.id}/virtualMachines/${i}/networkInterfaces/${h.nic}/ipConfigurations/ipconfig${k + 1}`));
}

/** The subnet with `holder`'s NICs for `instanceIds` added (or, `exact`, exactly those), or SubnetIsFull. */
export function claimAddresses(s: SubnetRecord, claim: { holder: string; nic: string; instanceIds: readonly number[]; perNic: number; exact?: boolean }): SubnetRecord | NetworkRefusal {
  const current = s.holders.find((h) => sameId(h.id, claim.holder));
  const others = s.holders.filter((h) => h !== current);
  const kept = claim.exact ? [] : (current?.instanceIds ?? []);
  const ids = [...new Set([...kept, ...claim.instanceIds])].sort((a, b) => a - b);
  const next: AddressHolder = { id: current?.id ?? claim.holder, nic: claim.nic, instanceIds: ids, perNic: claim.perNic };
  const before = current ? current.instanceIds.length * current.perNic : 0;
  const after = ids.length * claim.perNic;
  const more = after - before;
  // Only a growth is judged: a subnet already over its size (made smaller by hand) keeps its NICs.
  if (more > 0 && addressesInUse({ holders: others }) + after > addressCapacity(s)) {
    return refuse("subnetIsFull", { subnet: s.name, prefix: s.addressPrefixes.join(","), count: more });
  }
  const holders = ids.length > 0 ? [...others, next] : others;
  return { ...s, holders };
}

/** The subnet without `holder`'s NICs for `instanceIds` (all of its NICs when absent). */
export function releaseAddresses(s: SubnetRecord, release: { holder: string; instanceIds?: readonly number[] }): SubnetRecord {
  const current = s.holders.find((h) => sameId(h.id, release.holder));
  if (!current) return s;
  const others = s.holders.filter((h) => h !== current);
  if (release.instanceIds === undefined) return { ...s, holders: others };
  const gone = new Set(release.instanceIds);
  const left = current.instanceIds.filter((i) => !gone.has(i));
  return { ...s, holders: left.length > 0 ? [...others, { ...current, instanceIds: left }] : others };
}
