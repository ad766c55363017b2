// api-versions Microsoft.Network's private DNS zones answer to: its stable versions, newest first.
// @azure/arm-privatedns 3.2.0 and az 2.45 (azure-mgmt-privatedns) send 2020-06-01, the version
// whose spec and examples (Azure/azure-rest-api-specs, specification/privatedns/.../2020-06-01)
// this provider follows; shared/azure-rest-api holds no private DNS spec.
export const PRIVATE_DNS_VERSIONS: readonly string[] = ["2024-06-01", "2020-06-01", "2020-01-01", "2018-09-01"];
