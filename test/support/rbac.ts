// RBAC for tests, as a user does it: a service principal from the control API (no role until one is
// assigned), and a role assignment through ARM's REST API with the default principal (Owner).
import assert from "node:assert/strict";
import { SUB, TENANT, type Emulator, type HttpResult } from "./emulator.js";

export const AUTH_API = "2022-04-01";

/** The built-in roles' GUIDs (authorization/builtin-role-definitions/), the same in every tenant. */
export const ROLES = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  "Azure Kubernetes Service Cluster Admin Role": "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8",
  "Azure Kubernetes Service Cluster User Role": "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
  "Azure Kubernetes Service Contributor Role": "ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8",
  "Azure Kubernetes Service RBAC Admin": "3498e952-d568-435e-9b2c-8d77e338d7f7",
  "Azure Kubernetes Service RBAC Cluster Admin": "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
  "Azure Kubernetes Service RBAC Reader": "7f6c6a51-bcf8-42ba-9220-52d62157d7db",
  "Azure Kubernetes Service RBAC Writer": "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb",
} as const;

export type RoleName = keyof typeof ROLES;

export type TestPrincipal = { clientId: string; clientSecret: string; objectId: string; token: string };

/** A new service principal and a management token for it. */
export async function newPrincipal(emu: Emulator, displayName: string): Promise<TestPrincipal> {
  const created = await emu.request("POST", "/_aksemu/principals", { body: { displayName } });
  assert.equal(created.status, 201, created.text);
  const { clientId, clientSecret, objectId } = created.json as Record<string, string>;
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId!, client_secret: clientSecret!, scope: "https://management.azure.com/.default" });
  const tok = await emu.request("POST", `/${TENANT}/oauth2/v2.0/token`, { rawBody: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" }, auth: false });
  assert.equal(tok.status, 200, tok.text);
  return { clientId: clientId!, clientSecret: clientSecret!, objectId: objectId!, token: tok.json.access_token as string };
}

/** PUTs a role assignment of `role` to `principalId` at `scope` (default: the subscription) as the default principal. */
export async function assignRole(emu: Emulator, principalId: string, role: RoleName, scope = `/subscriptions/${SUB}`, name: string = crypto.randomUUID()): Promise<HttpResult> {
  const res = await emu.request("PUT", `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=${AUTH_API}`, {
    body: { properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES[role]}`, principalId, principalType: "ServicePrincipal" } },
  });
  assert.equal(res.status, 201, `assign ${role} at ${scope}: ${res.status} ${res.text}`);
  return res;
}

/** AuthorizationFailed's exact text (ERROR-TEXTS.md §13) for a service principal: its object id twice. */
export const authorizationFailed = (objectId: string, action: string, scope: string) =>
  `The client '${objectId}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
