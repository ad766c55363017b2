// RBAC through the real az 2.45 (proxy mode): role definitions and assignments managed by the
// default principal (Owner), and a second az user logged in as a restricted service principal.
// Debian's azure-cli 2.45 ships azure-mgmt-authorization 3.0.0, whose operation groups have no
// `.config`: `az role definition list`, `az role assignment create` and `az role assignment list`
// with results crash inside az before sending anything, against real Azure too
// (Azure/azure-cli#24959, #26896; #20546 for list). The test pins those crashes and does the same
// through `az rest`; `az role assignment delete --ids` and an empty `list --all` run as they are.
// aksemu serves no Microsoft Graph: `--assignee` falls back to reading its value as an object id,
// with az's own warning (shown below), so scripts give object ids (`--assignee-object-id`).
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { SUB, TENANT } from "../support/emulator.js";
import { authorizationFailed, ROLES } from "../support/rbac.js";
import { azSkip, azUser, type Cli } from "./support/clis.js";
import { serviceError } from "./support/parity.js";
import { ARM, armUrl, azOk, azSession } from "./support/session.js";

const RG = "rg-rbac-az";
const GROUP = `/subscriptions/${SUB}/resourceGroups/${RG}`;
const ASSIGNMENT = `${GROUP}/providers/Microsoft.Authorization/roleAssignments/aaaaaaaa-0000-4000-8000-0000000000a2`;

type Principal = { clientId: string; clientSecret: string; objectId: string };

let restricted: Cli;
let sp: Principal;

const session = azSession("rbac", {
  setup: (emu) => emu.createGroup(RG),
  ready: async (az) => {
    // The control API answers under ARM's name too: the README's way to add a principal.
    const made = await az.run(["rest", "--method", "post", "--url", `${ARM}/_aksemu/principals`, "--body", '{"displayName":"az restricted"}']);
    assert.equal(made.code, 0, made.stderr);
    sp = JSON.parse(made.stdout) as Principal;
  },
});
after(() => restricted?.close());

/** az's crash inside azure-mgmt-authorization 3.0.0: exit 1, the traceback's last line. */
const crashes = async (args: string[], operations: "RoleDefinitionsOperations" | "RoleAssignmentsOperations") => {
  const r = await session.az.run(args);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`AttributeError: '${operations}' object has no attribute 'config'`));
};

describe("RBAC through az 2.45", { skip: azSkip() }, () => {
  test("role definitions: `az role definition list --name Reader` (crashes in Debian's az) and the same list through az rest", async () => {
    await crashes(["role", "definition", "list", "--name", "Reader"], "RoleDefinitionsOperations");
    const path = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions?$filter=${encodeURIComponent("roleName eq 'Reader'")}`;
    const readers = await session.restAt("2018-01-01-preview")("get", path, undefined, "value[].{name:name, role:properties.roleName, type:properties.type, actions:properties.permissions[0].actions}");
    assert.deepEqual(readers, [{ name: ROLES.Reader, role: "Reader", type: "BuiltInRole", actions: ["*/read"] }]);
  });

  test("a principal without a role cannot even log in (no subscription reaches it); with Reader on a group it reads there and is refused elsewhere, with ARM's exact text", async () => {
    restricted = await azUser(session.emu, session.proxyPort);
    const login = ["login", "--service-principal", "-u", sp.clientId, "-p", sp.clientSecret, "--tenant", TENANT, "-o", "none"];
    assert.deepEqual(await restricted.run(login), { code: 1, stdout: "", stderr: `ERROR: No subscriptions found for ${sp.clientId}.\n` });

    await crashes(["role", "assignment", "create", "--assignee-object-id", sp.objectId, "--assignee-principal-type", "ServicePrincipal", "--role", "Reader", "--scope", GROUP], "RoleAssignmentsOperations");
    const body = { properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.Reader}`, principalId: sp.objectId, principalType: "ServicePrincipal" } };
    const made = await session.restAt("2020-04-01-preview")("put", ASSIGNMENT, body);
    assert.deepEqual([made.id, made.properties.scope, made.properties.principalType], [ASSIGNMENT, GROUP, "ServicePrincipal"]);
    await crashes(["role", "assignment", "list", "--all", "--assignee", sp.objectId], "RoleDefinitionsOperations");
    const listed = await session.ok(["rest", "--method", "get", "--url", armUrl(`${GROUP}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()`, "2020-04-01-preview"), "--query", `value[?properties.principalId=='${sp.objectId}'].name`, "-o", "tsv"]);
    assert.equal(listed, "aaaaaaaa-0000-4000-8000-0000000000a2\n");

    await azOk(restricted, login);
    assert.equal(await azOk(restricted, ["group", "show", "-n", RG, "--query", "name", "-o", "tsv"]), `${RG}\n`);
    assert.equal(await azOk(restricted, ["aks", "list", "-g", RG, "-o", "tsv"]), "");
    const create = await restricted.run(["group", "create", "-n", "rg-not-mine", "-l", "eastus"]);
    const scope = `/subscriptions/${SUB}/resourcegroups/rg-not-mine`;
    assert.deepEqual(create, { code: 1, stdout: "", stderr: serviceError("AuthorizationFailed", authorizationFailed(sp.objectId, "Microsoft.Resources/subscriptions/resourcegroups/write", scope)) });
    const all = await restricted.run(["aks", "list"]);
    assert.deepEqual(all, { code: 1, stdout: "", stderr: serviceError("AuthorizationFailed", authorizationFailed(sp.objectId, "Microsoft.ContainerService/managedClusters/read", `/subscriptions/${SUB}`)) });
  });

  test("`az role assignment delete --ids` removes it (the principal is refused again); `list --assignee` then finds none, after az's Graph fallback warning", async () => {
    assert.deepEqual(await session.az.run(["role", "assignment", "delete", "--ids", ASSIGNMENT]), { code: 0, stdout: "", stderr: "" });
    const none = await session.az.run(["role", "assignment", "list", "--all", "--assignee", sp.objectId]);
    assert.deepEqual(none, {
      code: 0,
      stdout: "[]\n",
      stderr: `WARNING: Failed to query ${sp.objectId} by invoking Graph API. If you don't have permission to query Graph API, please specify --assignee-object-id and --assignee-principal-type.\nWARNING: Assuming ${sp.objectId} as an object ID.\n`,
    });
    const refused = await restricted.run(["group", "show", "-n", RG]);
    assert.deepEqual(refused, { code: 1, stdout: "", stderr: serviceError("AuthorizationFailed", authorizationFailed(sp.objectId, "Microsoft.Resources/subscriptions/resourcegroups/read", `/subscriptions/${SUB}/resourcegroups/${RG}`)) });
  });
});
