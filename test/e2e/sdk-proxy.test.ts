// The official SDK and @azure/identity with nothing but their defaults (management.azure.com,
// login.microsoftonline.com, instance discovery on) reach aksemu through proxy mode's HTTPS_PROXY,
// as `eval "$(aksemu env --proxy)"` sets it up.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ClientSecretCredential } from "@azure/identity";
import { CLIENT_ID, CLIENT_SECRET, startEmulator, SUB, TENANT, type Emulator } from "../support/emulator.js";
import { FAST } from "../support/sdk.js";

let emu: Emulator;
const seen: string[] = [];
before(async () => {
  emu = await startEmulator({ clock: "instant", config: { proxyPort: 0 } });
  // core-rest-pipeline reads the proxy from the environment when a client is built (this file runs in its own process).
  process.env["HTTPS_PROXY"] = `http://127.0.0.1:${emu.proxyPort!}`;
  process.env["NO_PROXY"] = "";
  await emu.createGroup("rg-proxy");
});
after(() => emu.close());

test("ClientSecretCredential and ContainerServiceClient with default endpoints work through the proxy", async () => {
  const credential = new ClientSecretCredential(TENANT, CLIENT_ID, CLIENT_SECRET);
  const client = new ContainerServiceClient(credential, SUB, {
    additionalPolicies: [{ position: "perCall", policy: { name: "record-hosts", sendRequest: (req, next) => (seen.push(new URL(req.url).host), next(req)) } }],
  });
  const mc = await client.managedClusters.beginCreateOrUpdateAndWait("rg-proxy", "c1", { location: "eastus", dnsPrefix: "c1", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] }, FAST);
  assert.equal(mc.provisioningState, "Succeeded");
  assert.equal(mc.servicePrincipalProfile?.clientId, "msi");
  const pools = [];
  for await (const p of client.agentPools.list("rg-proxy", "c1")) pools.push(p.name);
  assert.deepEqual(pools, ["nodepool1"]);
  // Every call, LRO polls included, went to Azure's own name.
  assert.ok(seen.length >= 3);
  assert.deepEqual([...new Set(seen)], ["management.azure.com"]);
  const token = await credential.getToken("https://management.azure.com/.default");
  const claims = JSON.parse(Buffer.from(token.token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, string>;
  assert.equal(claims["iss"], `https://login.microsoftonline.com/${TENANT}/v2.0`);
});
