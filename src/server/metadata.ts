import type { Route } from "../arm/router.js";

// GET /metadata/endpoints (anonymous): the cloud description tools read to register a custom cloud
// (az cloud register --endpoint-resource-manager). 2022-09-01 and later answer an array.
export function metadataEndpoints(origin: string, apiVersion: string): unknown {
  const cloud = {
    portal: origin,
    authentication: { loginEndpoint: origin, audiences: ["https://management.core.windows.net/", "https://management.azure.com/", origin], tenant: "common", identityProvider: "AAD" },
    media: origin,
    graphAudience: origin,
    graph: origin,
    name: "AzureKubernetesServiceEmulator",
    suffixes: { azureDataLakeStoreFileSystem: "azuredatalakestore.net", acrLoginServer: "azurecr.io", sqlServerHostname: "database.windows.net", azureDataLakeAnalyticsCatalogAndJob: "azuredatalakeanalytics.net", keyVaultDns: "vault.azure.net", storage: "core.windows.net", azureFrontDoorEndpointSuffix: "azurefd.net" },
    batch: origin,
    resourceManager: origin,
    vmImageAliasDoc: `${origin}/metadata/vm-image-aliases`,
    activeDirectoryDataLake: origin,
    sqlManagement: origin,
    gallery: origin,
  };
  return apiVersion >= "2022-09-01" ? [cloud] : cloud;
}

export const metadataRoutes = (): Route[] => [
  {
    method: "GET",
    pattern: "/metadata/endpoints",
    apiVersions: { kind: "none" },
    auth: "none",
    summary: "cloud metadata for custom-cloud registration (`?api-version=2022-09-01`)",
    handler: (ctx) => ({ status: 200, body: metadataEndpoints(ctx.origin, ctx.query.get("api-version") ?? "2022-09-01") }),
  },
];
