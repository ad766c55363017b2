// The api-versions clients send for RBAC: the SDK (@azure/arm-authorization 9) 2022-04-01 for both;
// az 2.45 2020-04-01-preview for assignments and 2018-01-01-preview for definitions; Terraform and
// older tools the 2015-07-01 and 2018-09-01-preview ones. The bodies are read and rendered alike.
export const ROLE_ASSIGNMENTS_VERSIONS = ["2015-07-01", "2018-01-01-preview", "2018-09-01-preview", "2020-03-01-preview", "2020-04-01-preview", "2020-08-01-preview", "2020-10-01-preview", "2022-01-01-preview", "2022-04-01"] as const;
export const ROLE_DEFINITIONS_VERSIONS = ["2015-07-01", "2018-01-01-preview", "2022-04-01", "2022-05-01-preview"] as const;
