// The programmatic API as a test suite uses it: startAksemu() in this process, the official SDK
// pointed at it with the credential options it returns, the virtual clock, snapshot → mutate →
// restore, reset between tests, and stop. `import { startAksemu } from "aksemu"` names the same
// module (package.json's exports).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ClientSecretCredential } from "@azure/identity";
import { startAksemu, type Aksemu } from "../../src/api.js";
import { TLS_DIR } from "../support/emulator.js";
import { httpsCall } from "../support/https.js";
import { FAST } from "../support/sdk.js";

let aks: Aksemu;
let client: ContainerServiceClient;
before(async () => {
  // The test runner trusts TLS_DIR's CA (NODE_EXTRA_CA_CERTS); a user sets it to aks.caPath.
  aks = await startAksemu({ tlsDir: TLS_DIR });
  const c = aks.credential;
  const credential = new ClientSecretCredential(c.tenantId, c.clientId, c.clientSecret, { authorityHost: c.authorityHost, disableInstanceDiscovery: c.disableInstanceDiscovery });
  client = new ContainerServiceClient(credential, aks.subscriptionId, { endpoint: aks.endpoint });
  const token = (await credential.getToken("https://management.azure.com/.default")).token;
  const group = await httpsCall({ url: new URL(`${aks.endpoint}/subscriptions/${aks.subscriptionId}/resourceGroups/rg-api?api-version=2021-04-01`), method: "PUT", ca: aks.ca, body: JSON.stringify({ location: "eastus" }), headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
  assert.equal(group.status, 201, group.text);
});
after(() => aks.stop());

test("what startAksemu returns: endpoint, CA, the env aksemu env prints, a manual clock", async () => {
  assert.match(aks.endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.match(aks.ca, /BEGIN CERTIFICATE/);
  assert.equal(aks.env["AKSEMU_ENDPOINT"], aks.endpoint);
  assert.equal(aks.env["NODE_EXTRA_CA_CERTS"], aks.caPath);
  assert.equal(aks.clock.mode, "manual");
  const t0 = await aks.clock.now();
  const t1 = await aks.clock.advance("PT10M");
  assert.equal(t1.getTime() - t0.getTime(), 600_000);
  const { startAksemu: byName } = (await import("aksemu")) as typeof import("../../src/api.js");
  assert.equal(typeof byName, "function");
});

test("snapshot, mutate, restore, reset: through the SDK", async () => {
  const create = await client.managedClusters.beginCreateOrUpdate("rg-api", "c1", { location: "eastus", dnsPrefix: "c1", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] }, FAST);
  for (let i = 0; i < 30 && !create.isDone(); i++) {
    await aks.clock.advance("PT1M");
    await create.poll();
  }
  assert.equal(create.getResult()?.provisioningState, "Succeeded");
  await aks.snapshot("one-cluster");
  const deleting = await client.managedClusters.beginDelete("rg-api", "c1", FAST);
  for (let i = 0; i < 30 && !deleting.isDone(); i++) {
    await aks.clock.advance("PT1M");
    await deleting.poll();
  }
  await assert.rejects(client.managedClusters.get("rg-api", "c1"), (e: { statusCode?: number }) => e.statusCode === 404);
  await aks.restore("one-cluster");
  assert.equal((await client.managedClusters.get("rg-api", "c1")).provisioningState, "Succeeded");
  await aks.reset();
  await assert.rejects(client.managedClusters.get("rg-api", "c1"), (e: { statusCode?: number; code?: string }) => e.statusCode === 404 && e.code === "ResourceGroupNotFound");
  await assert.rejects(aks.restore("no-such"), /No snapshot named 'no-such'/);
});

test("process: \"child\": the emulator in its own process (aksemu start --json), the same API, stopped with SIGTERM", async () => {
  const child = await startAksemu({ tlsDir: TLS_DIR, process: "child", clock: "manual" });
  try {
    assert.notEqual(child.endpoint, aks.endpoint);
    assert.equal(child.env["AKSEMU_ENDPOINT"], child.endpoint);
    const t0 = await child.clock.now();
    assert.equal((await child.clock.advance("PT1H")).getTime() - t0.getTime(), 3_600_000);
    await child.snapshot("later");
    await child.reset();
    await child.restore("later");
    assert.equal((await child.clock.now()).getTime() - t0.getTime(), 3_600_000);
  } finally {
    await child.stop();
  }
  await assert.rejects(child.clock.now(), /ECONNREFUSED/);
});
