// How Microsoft.Authorization names its writes in the activity log: from the last
// Microsoft.Authorization segment of the path, at any scope (extension resources).
import assert from "node:assert/strict";
import { test } from "node:test";
import { authorizationActivity } from "../../src/providers/authorization/activity.js";

const S = "/subscriptions/00000000-0000-4000-8000-00000000a55e";
const POOL = `${S}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1/agentPools/np1`;

test("writes and deletes at a subscription, a group, a resource and a child resource; the SDKs' '//' is one separator", () => {
  assert.deepEqual(authorizationActivity({ method: "PUT", path: `${POOL}/providers/microsoft.authorization/LOCKS/keep` }), {
    subscriptionId: "00000000-0000-4000-8000-00000000a55e",
    operation: "Microsoft.Authorization/locks/write",
    operationDisplay: "Add management locks",
    resourceId: `${POOL}/providers/microsoft.authorization/LOCKS/keep`,
    resourceType: "Microsoft.Authorization/locks",
    resourceProvider: "Microsoft.Authorization",
  });
  const d = authorizationActivity({ method: "DELETE", path: `/${S}/providers/Microsoft.Authorization/roleAssignments/a%2Db` });
  assert.deepEqual([d?.operation, d?.resourceId], ["Microsoft.Authorization/roleAssignments/delete", `${S}/providers/Microsoft.Authorization/roleAssignments/a-b`]);
  assert.equal(authorizationActivity({ method: "PATCH", path: `${S}/resourceGroups/rg1/providers/Microsoft.Authorization/policyAssignments/x` })?.operation, "Microsoft.Authorization/policyAssignments/write");
});

test("not logged: reads, the tenant's built-ins, a list, an unknown type", () => {
  assert.equal(authorizationActivity({ method: "GET", path: `${S}/providers/Microsoft.Authorization/locks/keep` }), undefined);
  assert.equal(authorizationActivity({ method: "PUT", path: "/providers/Microsoft.Authorization/policyDefinitions/x" }), undefined);
  assert.equal(authorizationActivity({ method: "PUT", path: `${S}/providers/Microsoft.Authorization/locks` }), undefined);
  assert.equal(authorizationActivity({ method: "PUT", path: `${S}/providers/Microsoft.Authorization/denyAssignments/x` }), undefined);
});
