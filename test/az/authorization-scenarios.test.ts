// The authorization-failed scenario through the real az 2.45 (proxy mode): az logged in as the
// principal the scenario makes runs `az aks scale` and prints ARM's 403 AuthorizationFailed block
// (ERROR-TEXTS.md §13) byte for byte; `az monitor activity-log list --status Failed` shows the
// refused write; the remedy's role assignment goes through `az rest` (Debian's az 2.45 crashes in
// `az role assignment create`, test/az/rbac.test.ts), and the same `az aks scale` then succeeds.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { SUB, TENANT } from "../support/emulator.js";
import { authorizationFailed, ROLES } from "../support/rbac.js";
import { azSkip, azUser, type Cli } from "./support/clis.js";
import { serviceError } from "./support/parity.js";
import { ARM, azSession } from "./support/session.js";

const RG = "rg-authz-az";
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c1`;

const session = azSession("authorization scenarios", {
  setup: async (emu) => {
    await emu.createGroup(RG);
    const put = await emu.request("PUT", `${CLUSTER}?api-version=2025-10-01`, {
      body: { location: "eastus", properties: { dnsPrefix: "c1", agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }] } },
    });
    assert.equal(put.status, 201, put.text);
    for (let i = 0; i < 20 && (await emu.request("GET", `${CLUSTER}?api-version=2025-10-01`)).json.properties.provisioningState !== "Succeeded"; i++) await new Promise((r) => setTimeout(r, 50));
  },
});
let restricted: Cli | undefined;
after(() => restricted?.close());

describe("authorization-failed through az 2.45", { skip: azSkip() }, () => {
  test("`az aks scale` as the scenario's principal: 403 AuthorizationFailed, logged Failed; a role assignment (az rest), then the same scale succeeds", async () => {
    const res = await session.emu.request("POST", "/_aksemu/scenarios/authorization-failed", { body: { resourceGroup: RG, cluster: "c1" } });
    assert.equal(res.status, 200, res.text);
    const p = res.json.applied.principal as { clientId: string; clientSecret: string; objectId: string };
    restricted = await azUser(session.emu, session.proxyPort);
    const login = await restricted.run(["login", "--service-principal", "-u", p.clientId, "-p", p.clientSecret, "--tenant", TENANT, "-o", "none"]);
    assert.equal(login.code, 0, login.stderr);

    // The instant clock runs ahead of the wall clock: the log is asked from the virtual now.
    const t0 = (await session.emu.request("GET", "/_aksemu/clock")).json.now as string;
    const scale = ["aks", "scale", "-g", RG, "-n", "c1", "--node-count", "2", "-o", "none"];
    const refused = await restricted.run(scale);
    assert.deepEqual(refused, { code: 1, stdout: "", stderr: serviceError("AuthorizationFailed", authorizationFailed(p.objectId, "Microsoft.ContainerService/managedClusters/write", CLUSTER)) });
    const log = await session.az.run(["monitor", "activity-log", "list", "--resource-id", CLUSTER, "--status", "Failed", "--start-time", t0, "--offset", "1d", "--query", "[].{caller:caller, op:operationName.value, sub:subStatus.value}"]);
    assert.equal(log.code, 0, log.stderr);
    assert.deepEqual(JSON.parse(log.stdout), [{ caller: p.objectId, op: "Microsoft.ContainerService/managedClusters/write", sub: "Forbidden" }]);

    const body = JSON.stringify({ properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES["Azure Kubernetes Service Contributor Role"]}`, principalId: p.objectId, principalType: "ServicePrincipal" } });
    const assigned = await session.az.run(["rest", "--method", "put", "--url", `${ARM}${CLUSTER}/providers/Microsoft.Authorization/roleAssignments/ffffffff-0000-4000-8000-0000000000e1?api-version=2022-04-01`, "--body", body, "-o", "none"]);
    assert.equal(assigned.code, 0, assigned.stderr);
    const scaled = await restricted.run(["aks", "scale", "-g", RG, "-n", "c1", "--node-count", "2", "--query", "[provisioningState, agentPoolProfiles[0].count]", "-o", "tsv"]);
    assert.deepEqual(scaled, { code: 0, stdout: "Succeeded\n2\n", stderr: "" });
  });
});
