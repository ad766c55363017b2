import assert from "node:assert/strict";
import { test } from "node:test";
import { authorizedAction } from "../../src/arm/actions.js";

const S = "/subscriptions/00000000-0000-0000-0000-000000000001";
const RG = `${S}/resourceGroups/rg1`;
const MC = `${RG}/providers/Microsoft.ContainerService/managedClusters/c1`;

test("ARM actions and scopes are derived from the method and path", () => {
  const cases: [string, string, string, string, string][] = [
    ["GET", S, "Microsoft.Resources/subscriptions/read", S, "read"],
    ["GET", `${S}/resourceGroups`, "Microsoft.Resources/subscriptions/resourceGroups/read", S, "read"],
    ["PUT", `${S}/resourcegroups/rg1`, "Microsoft.Resources/subscriptions/resourcegroups/write", `${S}/resourcegroups/rg1`, "write"],
    ["DELETE", RG, "Microsoft.Resources/subscriptions/resourceGroups/delete", RG, "delete"],
    ["GET", `${RG}/resources`, "Microsoft.Resources/subscriptions/resourceGroups/resources/read", RG, "read"],
    ["GET", `${S}/providers`, "Microsoft.Resources/subscriptions/providers/read", S, "read"],
    ["GET", `${S}/providers/Microsoft.ContainerService`, "Microsoft.Resources/subscriptions/providers/read", S, "read"],
    ["POST", `${S}/providers/Microsoft.ContainerService/register`, "Microsoft.ContainerService/register/action", S, "action"],
    ["PUT", MC, "Microsoft.ContainerService/managedClusters/write", MC, "write"],
    ["PATCH", MC, "Microsoft.ContainerService/managedClusters/write", MC, "write"],
    ["DELETE", MC, "Microsoft.ContainerService/managedClusters/delete", MC, "delete"],
    ["GET", `${RG}/providers/Microsoft.ContainerService/managedClusters`, "Microsoft.ContainerService/managedClusters/read", RG, "read"],
    ["GET", `${S}/providers/Microsoft.ContainerService/managedClusters`, "Microsoft.ContainerService/managedClusters/read", S, "read"],
    ["POST", `${MC}/listClusterUserCredential`, "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action", MC, "action"],
    ["PUT", `${MC}/agentPools/np1`, "Microsoft.ContainerService/managedClusters/agentPools/write", `${MC}/agentPools/np1`, "write"],
    ["GET", `${MC}/agentPools`, "Microsoft.ContainerService/managedClusters/agentPools/read", MC, "read"],
    ["POST", `${MC}/agentPools/np1/abort`, "Microsoft.ContainerService/managedClusters/agentPools/abort/action", `${MC}/agentPools/np1`, "action"],
    ["GET", `${S}/providers/Microsoft.ContainerService/locations/eastus/operations/x`, "Microsoft.ContainerService/locations/operations/read", `${S}/providers/Microsoft.ContainerService/locations/eastus/operations/x`, "read"],
    ["PUT", `${RG}/providers/Microsoft.Authorization/locks/l1`, "Microsoft.Authorization/locks/write", `${RG}/providers/Microsoft.Authorization/locks/l1`, "write"],
    ["PUT", `${MC}/providers/Microsoft.Authorization/roleAssignments/a1`, "Microsoft.Authorization/roleAssignments/write", `${MC}/providers/Microsoft.Authorization/roleAssignments/a1`, "write"],
    ["GET", `${MC}/providers/Microsoft.Authorization/roleAssignments`, "Microsoft.Authorization/roleAssignments/read", MC, "read"],
    ["GET", `${S}/providers/Microsoft.Insights/eventtypes/management/values`, "Microsoft.Insights/eventtypes/values/read", `${S}/providers/Microsoft.Insights/eventtypes/management`, "read"],
  ];
  for (const [method, path, action, scope, kind] of cases) assert.deepEqual(authorizedAction(method, path), { action, scope, kind }, `${method} ${path}`);
});

test("paths outside ARM's resource tree have no action", () => {
  assert.equal(authorizedAction("GET", "/_aksemu/clock"), undefined);
  assert.equal(authorizedAction("GET", "/tenant/oauth2/v2.0/token"), undefined);
  assert.equal(authorizedAction("POST", `${S}/providers/Microsoft.ContainerService`), undefined);
});
