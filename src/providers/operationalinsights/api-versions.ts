// The api-versions Microsoft.OperationalInsights serves workspaces at: every version of the spec
// (Azure/azure-rest-api-specs, specification/operationalinsights/.../OperationalInsights/readme.md)
// that holds Workspaces: the 2015-11 preview (az 2.45's `aks enable-addons` reads the workspace
// with it), the stable line (az 2.45 and @azure/arm-operationalinsights 9.0.0 send 2022-10-01 for
// workspaces, 2020-08-01 for sharedKeys) up to the newest stable, 2026-03-01.
export const WORKSPACE_VERSIONS: readonly string[] = [
  "2015-11-01-preview",
  "2020-03-01-preview",
  "2020-08-01",
  "2020-10-01",
  "2021-06-01",
  "2021-12-01-preview",
  "2022-10-01",
  "2023-09-01",
  "2025-02-01",
  "2025-07-01",
  "2026-03-01",
];
