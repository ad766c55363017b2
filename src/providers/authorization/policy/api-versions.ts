// The api-versions Azure Policy's types answer: az 2.45 sends 2021-06-01 (definitions,
// assignments) and 2020-07-01-preview (exemptions, its SDK's v2021_06_01 operations);
// @azure/arm-policy 6.0.0 sends 2024-05-01; the spec tree's examples are 2025-11-01 and, for
// exemptions (no stable version exists), 2025-12-01-preview and 2026-01-01-preview; Bicep commonly
// names 2023-04-01 and azureapichanges lists 2025-03-01. The older
// versions are those of az's earlier profiles and the Python SDK's packages.
export const POLICY_VERSIONS = ["2016-12-01", "2018-03-01", "2018-05-01", "2019-01-01", "2019-06-01", "2019-09-01", "2020-09-01", "2021-06-01", "2023-04-01", "2024-05-01", "2025-03-01", "2025-11-01"] as const;
export const EXEMPTION_VERSIONS = ["2020-07-01-preview", "2022-07-01-preview", "2024-12-01-preview", "2025-12-01-preview", "2026-01-01-preview"] as const;
