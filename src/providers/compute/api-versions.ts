// api-versions Microsoft.Compute answers to: ComputeRP's stable versions (newest 2026-03-01 in the
// specs, 2026-04-01 as @azure/arm-compute 25 sends it) and Resource SKUs' (newest stable 2021-07-01;
// az vm list-skus still sends older ones).
export const COMPUTE_VERSIONS: readonly string[] = [
  "2026-04-01", "2026-03-01", "2025-04-01", "2024-11-01", "2024-07-01", "2024-03-01", "2023-09-01", "2023-07-01", "2023-03-01",
  "2022-11-01", "2022-08-01", "2022-03-01", "2021-11-01", "2021-07-01", "2021-04-01", "2021-03-01", "2020-12-01", "2020-06-01",
  "2019-12-01", "2019-07-01", "2019-03-01", "2018-10-01", "2018-06-01", "2018-04-01", "2017-12-01", "2017-03-30", "2016-04-30-preview",
  "2016-03-30", "2015-06-15",
];
export const SKU_VERSIONS: readonly string[] = ["2021-07-01", "2019-04-01", "2017-09-01", "2017-03-30"];
