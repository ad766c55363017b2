// A pool's OS SKU: the one AKS picks when the request names none, and the SKUs each osType takes.
import { refuse, type AksRefusal } from "../errors.js";
import type { Json } from "./records.js";
import { shown, text } from "./compare.js";
import { minorOf } from "./versions.js";

// The REST spec's OSSKU values by the OS they install ("Mariner" is CBLMariner's older name, still
// returned for pools created with it: Azure/AKS#3971).
const LINUX_SKUS = ["Ubuntu", "Ubuntu2204", "Ubuntu2404", "Ubuntu2604", "AzureLinux", "AzureLinux3", "AzureContainerLinux", "CBLMariner", "Mariner"];
const WINDOWS_SKUS = ["Windows2019", "Windows2022", "Windows2025"];

const isWindows = (spec: Json) => text("Linux")(spec["osType"], "Windows");

/**
 * The REST spec: "The default is Ubuntu if OSType is Linux. The default is Windows2019 when
 * Kubernetes <= 1.24 or Windows2022 when Kubernetes >= 1.25 if OSType is Windows."
 */
export function defaultOsSku(spec: Json, orchestratorVersion: string): string {
  if (!isWindows(spec)) return "Ubuntu";
  return minorOf(orchestratorVersion) <= 24 ? "Windows2019" : "Windows2022";
}

/**
 * osSKU must be one of its osType's SKUs (case-insensitive, as AKS reads enums); judged when the
 * pool is created or the request changes it. `spec` is the pool as it would be stored.
 */
export function validateOsSku(given: Json, spec: Json, stored?: Json): AksRefusal | undefined {
  if (stored && (given["osSKU"] === undefined || text()(given["osSKU"], stored["osSKU"]))) return undefined;
  if (spec["osSKU"] === undefined) return undefined;
  const sku = String(spec["osSKU"]);
  const allowed = isWindows(spec) ? WINDOWS_SKUS : LINUX_SKUS;
  return allowed.some((s) => text()(s, sku)) ? undefined : refuse("invalidOsSku", { osSku: shown(sku) });
}
