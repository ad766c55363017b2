// api-versions of Microsoft.Resources (resource groups, operation results) and of subscriptions.
// Older versions stay accepted as ARM accepts them: clients pin them (azure-mgmt-core's automatic
// provider registration in az 2.45 sends 2016-02-01).
export const RESOURCES_VERSIONS: readonly string[] = [
  "2025-04-01", "2025-03-01", "2024-11-01", "2024-07-01", "2024-03-01", "2023-07-01", "2022-09-01", "2021-04-01", "2021-01-01",
  "2020-10-01", "2020-08-01", "2020-06-01", "2019-10-01", "2019-08-01", "2019-07-01", "2019-05-10", "2019-05-01", "2019-03-01",
  "2018-05-01", "2018-02-01", "2017-05-10", "2016-09-01", "2016-07-01", "2016-02-01", "2015-11-01",
];
export const SUBSCRIPTIONS_VERSIONS: readonly string[] = ["2022-12-01", "2022-01-01", "2021-01-01", "2020-01-01", "2019-11-01", "2016-06-01"];

