// api-versions Microsoft.ContainerService answers to. Unknown versions are refused as ARM refuses them
// (NoRegisteredProviderFound) unless aksemu runs with --loose.

const monthly = (fromYear: number, fromMonth: number, toYear: number, toMonth: number, day: string, suffix = ""): string[] => {
  const out: string[] = [];
  for (let y = fromYear, m = fromMonth; y < toYear || (y === toYear && m <= toMonth); m === 12 ? (y++, (m = 1)) : m++) {
    out.push(`${y}-${String(m).padStart(2, "0")}-${day}${suffix}`);
  }
  return out;
};

// Stable AKS versions are released as YYYY-MM-01 and previews as YYYY-MM-02-preview; the range
// covers every version in the REST specs, the ones today's SDKs send (2024-09-01, 2025-10-01,
// 2026-04-01, 2026-06-01, 2024-07-02-preview) and the operation-status previews.
// Older clients (terraform, older SDKs) still send 2022 and 2023 versions.
const AKS_STABLE = monthly(2022, 1, 2026, 10, "01");
const AKS_PREVIEW = monthly(2022, 1, 2026, 10, "02", "-preview");
export const CONTAINER_SERVICE_VERSIONS: readonly string[] = [...AKS_STABLE, ...AKS_PREVIEW].sort().reverse();

/** Operation status (`.../operations`) and agent pool PATCH exist only in previews from 2024-01-02-preview on. */
export const OPERATION_STATUS_VERSIONS: readonly string[] = AKS_PREVIEW.filter((v) => v >= "2024-01-02-preview").sort().reverse();


/**
 * Detectors (AppLens behind ARM) answer to their own versions: 2019-04-01 (the portal's
 * Diagnose and solve problems, its armResourceConfig for managedclusters), 2019-08-01
 * (Azure/vscode-aks-tools) and 2024-08-01 (Azure/aks-mcp).
 */
export const DETECTOR_VERSIONS: readonly string[] = ["2024-08-01", "2019-08-01", "2019-04-01"];
