// The control API's quota and capacity settings, pure: what a body sets, or why it is refused (a
// message for the emulator's 400; these are not Azure texts).
import { isObject, type Bad } from "../../../arm/json.js";
import type { CapacityRecord } from "./capacity.js";
import { FIXED_QUOTAS, knownQuotaName, type QuotaRecord } from "./quota.js";


const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 1_000_000_000;
const shown = (v: unknown) => JSON.stringify(v) ?? String(v);

/** PUT /_aksemu/compute/quotas/{location}: `{"limits": {"cores": 20, "standardDSv2Family": 10}}` merges into the overrides. */
export function decideQuotaUpdate(input: { body: unknown; subscriptionId: string; location: string; sizes: readonly string[]; existing: QuotaRecord | undefined }): QuotaRecord | Bad {
  const { body } = input;
  if (!isObject(body)) return { bad: "Expected a JSON object such as {\"limits\": {\"cores\": 20, \"standardDSv2Family\": 10}}." };
  const unknownFields = Object.keys(body).filter((k) => k !== "limits" && k !== "subscriptionId");
  if (unknownFields.length > 0) return { bad: `Unknown field(s) ${unknownFields.map((k) => `'${k}'`).join(", ")}: a quota update takes "limits" (and optionally "subscriptionId").` };
  const limits = body["limits"];
  if (!isObject(limits) || Object.keys(limits).length === 0) return { bad: "\"limits\" must be an object of quota names and limits, e.g. {\"cores\": 20, \"standardDSv2Family\": 10}." };
  const next: Record<string, number> = { ...(input.existing?.limits ?? {}) };
  for (const [name, value] of Object.entries(limits)) {
    const canonical = knownQuotaName(name, input.sizes);
    if (!canonical) {
      return { bad: `Unknown quota '${name}' in ${input.location}: a quota is one of ${FIXED_QUOTAS.map((q) => q.value).join(", ")} or a VM family such as standardDSv2Family (GET /_aksemu/compute/quotas/${input.location} lists them).` };
    }
    if (!isCount(value)) return { bad: `The limit of quota '${canonical}' must be a whole number from 0 up, not ${shown(value)}.` };
    for (const k of Object.keys(next)) if (k.toLowerCase() === canonical.toLowerCase()) delete next[k];
    next[canonical] = value;
  }
  return { kind: "computeQuota", subscriptionId: input.subscriptionId, location: input.location, limits: next };
}

/** PUT /_aksemu/compute/capacity/{location}/{vmSize}: `{"zones": {"1": 0}, "regional": 5, "overconstrained": false}` replaces the entry. */
export function decideCapacity(input: { body: unknown; location: string; vmSize: string | undefined; requestedSize: string; regionZones: readonly string[] }): CapacityRecord | Bad {
  const { body } = input;
  if (input.vmSize === undefined) return { bad: `Unknown VM size '${input.requestedSize}'.` };
  if (!isObject(body)) return { bad: "Expected a JSON object such as {\"zones\": {\"1\": 0}, \"regional\": 5, \"overconstrained\": false}." };
  const unknownFields = Object.keys(body).filter((k) => !["zones", "regional", "overconstrained"].includes(k));
  if (unknownFields.length > 0) return { bad: `Unknown field(s) ${unknownFields.map((k) => `'${k}'`).join(", ")}: a capacity takes "zones", "regional" and "overconstrained".` };
  if (body["zones"] === undefined && body["regional"] === undefined) return { bad: "Give \"zones\" (VMs per zone) and/or \"regional\" (VMs outside zones)." };
  const record: CapacityRecord = { kind: "computeCapacity", location: input.location, vmSize: input.vmSize };
  if (body["zones"] !== undefined) {
    const zones = body["zones"];
    if (!isObject(zones)) return { bad: "\"zones\" must be an object of zone and VM count, e.g. {\"1\": 0, \"2\": 10}." };
    for (const [zone, n] of Object.entries(zones)) {
      if (!input.regionZones.includes(zone)) return { bad: `Zone '${zone}' is not a zone of ${input.location} (its zones: ${input.regionZones.length > 0 ? input.regionZones.join(", ") : "none"}).` };
      if (!isCount(n)) return { bad: `The capacity of zone '${zone}' must be a whole number from 0 up, not ${shown(n)}.` };
    }
    record.zones = zones as Record<string, number>;
  }
  if (body["regional"] !== undefined) {
    if (!isCount(body["regional"])) return { bad: `"regional" must be a whole number from 0 up, not ${shown(body["regional"])}.` };
    record.regional = body["regional"];
  }
  if (body["overconstrained"] !== undefined) {
    if (typeof body["overconstrained"] !== "boolean") return { bad: `"overconstrained" must be true or false, not ${shown(body["overconstrained"])}.` };
    record.overconstrained = body["overconstrained"];
  }
  return record;
}
