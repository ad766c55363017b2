import { test } from "node:test";
import assert from "node:assert/strict";
import {
  flavorForApiVersion,
  sanitizeAgentPool,
  sanitizeAgentPoolProfile,
  sanitizeDefinition,
  sanitizeManagedCluster,
  sanitizeRunCommandRequest,
  sanitizeTags,
  schemaFor,
  type SchemaFlavor,
  type SchemaNode,
} from "../../src/providers/containerservice/schema/sanitize.js";

type Body = Record<string, unknown>;

const pool = (extra: Body = {}): Body => ({ name: "nodepool1", count: 3, vmSize: "Standard_DS2_v2", ...extra });
const cluster = (props: Body = {}, top: Body = {}): Body => ({
  location: "eastus",
  properties: { dnsPrefix: "dns1", agentPoolProfiles: [pool()], ...props },
  ...top,
});

type Accepted = {
  name: string;
  run: () => ReturnType<typeof sanitizeManagedCluster>;
  dropped: string[];
  /** Dotted path into the sanitized value and what must be there (undefined = absent). */
  expect?: [string, unknown][];
};

const accepted: Accepted[] = [
  {
    name: "unknown top-level property is dropped",
    run: () => sanitizeManagedCluster(cluster({}, { foo: 1 }), { flavor: "stable" }),
    dropped: ["foo"],
    expect: [["foo", undefined], ["location", "eastus"]],
  },
  {
    name: "unknown nested property is dropped",
    run: () => sanitizeManagedCluster(cluster({ networkProfile: { networkPlugin: "azure", bogus: true } }), { flavor: "stable" }),
    dropped: ["properties.networkProfile.bogus"],
    expect: [["properties.networkProfile", { networkPlugin: "azure" }]],
  },
  {
    name: "unknown property inside an array element is dropped",
    run: () => sanitizeManagedCluster(cluster({ agentPoolProfiles: [pool({ extra: "x" })] }), { flavor: "stable" }),
    dropped: ["properties.agentPoolProfiles[0].extra"],
  },
  {
    name: "read-only properties are dropped",
    run: () =>
      sanitizeManagedCluster(
        cluster(
          {
            provisioningState: "Succeeded",
            fqdn: "x.hcp.eastus.azmk8s.io",
            powerState: { code: "Running" },
            agentPoolProfiles: [pool({ currentOrchestratorVersion: "1.30.1", provisioningState: "Succeeded" })],
          },
          { id: "/subscriptions/x", name: "c1", type: "Microsoft.ContainerService/managedClusters", systemData: {} },
        ),
        { flavor: "stable" },
      ),
    dropped: [
      "properties.provisioningState",
      "properties.fqdn",
      "properties.powerState",
      "properties.agentPoolProfiles[0].currentOrchestratorVersion",
      "properties.agentPoolProfiles[0].provisioningState",
      "id",
      "name",
      "type",
      "systemData",
    ],
    expect: [["properties.powerState", undefined], ["properties.agentPoolProfiles.0", pool()]],
  },
  {
    name: "pool powerState is writable (start/stop), unlike the cluster's",
    run: () => sanitizeAgentPool({ properties: { powerState: { code: "Stopped" } } }, { flavor: "stable" }),
    dropped: [],
    expect: [["properties.powerState.code", "Stopped"]],
  },
  {
    name: "enum values match case-insensitively and keep the caller's casing",
    run: () =>
      sanitizeManagedCluster(
        cluster({ networkProfile: { networkPlugin: "AZURE", outboundType: "LoadBalancer" }, agentPoolProfiles: [pool({ osType: "linux", mode: "system" })] }),
        { flavor: "stable" },
      ),
    dropped: [],
    expect: [
      ["properties.networkProfile.networkPlugin", "AZURE"],
      ["properties.networkProfile.outboundType", "LoadBalancer"],
      ["properties.agentPoolProfiles.0.osType", "linux"],
      ["properties.agentPoolProfiles.0.mode", "system"],
    ],
  },
  {
    name: "retired sku name Basic (used by the spec's own example) is accepted",
    run: () => sanitizeManagedCluster(cluster({}, { sku: { name: "Basic", tier: "free" } }), { flavor: "stable" }),
    dropped: [],
    expect: [["sku", { name: "Basic", tier: "free" }]],
  },
  {
    name: "map values are validated and kept",
    run: () =>
      sanitizeManagedCluster(
        cluster({
          addonProfiles: { azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true" }, extra: 1 } },
          agentPoolProfiles: [pool({ nodeLabels: { "kubernetes.io/role": "agent" } })],
        }),
        { flavor: "stable" },
      ),
    dropped: ["properties.addonProfiles.azureKeyvaultSecretsProvider.extra"],
    expect: [
      ["properties.addonProfiles.azureKeyvaultSecretsProvider", { enabled: true, config: { enableSecretRotation: "true" } }],
      ["properties.agentPoolProfiles.0.nodeLabels", { "kubernetes.io/role": "agent" }],
    ],
  },
  {
    name: "a null map value is kept (ARM removes a user-assigned identity that way)",
    run: () =>
      sanitizeManagedCluster(cluster({}, { identity: { type: "UserAssigned", userAssignedIdentities: { "/subscriptions/s/id1": null } } }), {
        flavor: "stable",
      }),
    dropped: [],
    expect: [["identity.userAssignedIdentities", { "/subscriptions/s/id1": null }]],
  },
  {
    name: "read-only fields inside map values keyed by resource id are dropped with a bracketed path",
    run: () =>
      sanitizeManagedCluster(cluster({}, { identity: { type: "UserAssigned", userAssignedIdentities: { "/s/id1": { clientId: "c" } } } }), {
        flavor: "stable",
      }),
    dropped: ['identity.userAssignedIdentities["/s/id1"].clientId'],
    expect: [["identity.userAssignedIdentities", { "/s/id1": {} }]],
  },
  {
    name: "arrays of objects are walked element by element",
    run: () =>
      sanitizeManagedCluster(
        cluster({ linuxProfile: { adminUsername: "azureuser", ssh: { publicKeys: [{ keyData: "a" }, { keyData: "b", x: 1 }] } } }),
        { flavor: "stable" },
      ),
    dropped: ["properties.linuxProfile.ssh.publicKeys[1].x"],
    expect: [["properties.linuxProfile.ssh.publicKeys", [{ keyData: "a" }, { keyData: "b" }]]],
  },
  {
    name: "null properties mean 'not set' and are omitted",
    run: () => sanitizeManagedCluster(cluster({ kubernetesVersion: null, networkProfile: null }), { flavor: "stable" }),
    dropped: [],
    expect: [["properties.kubernetesVersion", undefined], ["properties.networkProfile", undefined]],
  },
  {
    name: "location is not required here (the ARM layer reports it)",
    run: () => sanitizeManagedCluster({}, { flavor: "stable" }),
    dropped: [],
    expect: [["location", undefined]],
  },
  {
    name: "property names match case-insensitively and are stored with the spec's casing",
    run: () => sanitizeAgentPool({ Properties: { Count: 2, OSType: "Linux" } }, { flavor: "stable" }),
    dropped: [],
    expect: [["properties", { count: 2, osType: "Linux" }]],
  },
  {
    name: "preview-only cluster property is kept with flavor preview",
    run: () => sanitizeManagedCluster(cluster({ healthMonitorProfile: { enableOnDemandMonitor: true } }), { flavor: "preview" }),
    dropped: [],
    expect: [["properties.healthMonitorProfile", { enableOnDemandMonitor: true }]],
  },
  {
    name: "preview-only cluster property is dropped with flavor stable",
    run: () => sanitizeManagedCluster(cluster({ healthMonitorProfile: { enableOnDemandMonitor: true } }), { flavor: "stable" }),
    dropped: ["properties.healthMonitorProfile"],
    expect: [["properties.healthMonitorProfile", undefined]],
  },
  {
    name: "preview-only pool property is kept with flavor preview",
    run: () => sanitizeManagedCluster(cluster({ agentPoolProfiles: [pool({ upgradeStrategy: "BlueGreen" })] }), { flavor: "preview" }),
    dropped: [],
    expect: [["properties.agentPoolProfiles.0.upgradeStrategy", "BlueGreen"]],
  },
  {
    name: "preview-only pool property is dropped with flavor stable",
    run: () => sanitizeManagedCluster(cluster({ agentPoolProfiles: [pool({ upgradeStrategy: "BlueGreen" })] }), { flavor: "stable" }),
    dropped: ["properties.agentPoolProfiles[0].upgradeStrategy"],
  },
  {
    name: "preview-only enum value is accepted with flavor preview",
    run: () => sanitizeAgentPool({ properties: { mode: "Machines" } }, { flavor: "preview" }),
    dropped: [],
  },
  {
    name: "a __proto__ key is stored as data, not as a prototype",
    run: () => sanitizeAgentPool(JSON.parse('{"properties":{"nodeLabels":{"__proto__":"x"}}}'), { flavor: "stable" }),
    dropped: [],
    expect: [["properties.nodeLabels", JSON.parse('{"__proto__":"x"}')]],
  },
  {
    name: "date-time values that parse are accepted",
    run: () =>
      sanitizeManagedCluster(cluster({ upgradeSettings: { overrideSettings: { forceUpgrade: true, until: "2026-01-01T10:00:00.5+02:00" } } }), {
        flavor: "stable",
      }),
    dropped: [],
  },
  {
    name: "number fields accept integers and decimals",
    run: () => sanitizeAgentPool({ properties: { spotMaxPrice: -1 } }, { flavor: "stable" }),
    dropped: [],
    expect: [["properties.spotMaxPrice", -1]],
  },
];

for (const c of accepted) {
  test(`accepts: ${c.name}`, () => {
    const r = c.run();
    assert.ok(r.ok, r.ok ? "" : r.issue.message);
    assert.deepEqual([...r.dropped].sort(), [...c.dropped].sort());
    for (const [path, want] of c.expect ?? []) assert.deepEqual(at(r.value, path), want, path);
  });
}

type Rejected = { name: string; run: () => { ok: boolean; issue?: unknown }; target: string; message: string };

const invalid = (target: string, reason: string) => ({ target, message: `The value of parameter ${target} is invalid: ${reason}.` });

const rejected: Rejected[] = [
  {
    name: "string where integer expected",
    run: () => sanitizeManagedCluster(cluster({ agentPoolProfiles: [pool({ count: "3" })] }), { flavor: "stable" }),
    ...invalid("properties.agentPoolProfiles[0].count", 'expected integer, got string "3"'),
  },
  {
    name: "non-integer number for integer",
    run: () => sanitizeAgentPool({ properties: { count: 2.5 } }, { flavor: "stable" }),
    ...invalid("properties.count", "expected integer, got number 2.5"),
  },
  {
    name: "integer beyond int32",
    run: () => sanitizeAgentPool({ properties: { maxPods: 2 ** 31 } }, { flavor: "stable" }),
    ...invalid("properties.maxPods", "must be <= 2147483647"),
  },
  {
    name: "boolean given as string",
    run: () => sanitizeManagedCluster(cluster({ enableRBAC: "true" }), { flavor: "stable" }),
    ...invalid("properties.enableRBAC", 'expected boolean, got string "true"'),
  },
  {
    name: "object where array expected",
    run: () => sanitizeManagedCluster(cluster({ agentPoolProfiles: { name: "np" } }), { flavor: "stable" }),
    ...invalid("properties.agentPoolProfiles", "expected array, got object"),
  },
  {
    name: "array where object expected",
    run: () => sanitizeManagedCluster({ location: "eastus", properties: [] }, { flavor: "stable" }),
    ...invalid("properties", "expected object, got array"),
  },
  {
    name: "number where string expected",
    run: () => sanitizeManagedCluster(cluster({ kubernetesVersion: 1.3 }), { flavor: "stable" }),
    ...invalid("properties.kubernetesVersion", "expected string, got number 1.3"),
  },
  {
    name: "null array element",
    run: () => sanitizeManagedCluster(cluster({ agentPoolProfiles: [null] }), { flavor: "stable" }),
    ...invalid("properties.agentPoolProfiles[0]", "expected object, got null"),
  },
  {
    name: "enum violation",
    run: () => sanitizeManagedCluster(cluster({ networkProfile: { networkPlugin: "foo" } }), { flavor: "stable" }),
    ...invalid("properties.networkProfile.networkPlugin", "'foo' is not one of [azure, kubenet, none]"),
  },
  {
    name: "enum violation in an inline enum",
    run: () => sanitizeAgentPool({ properties: { osType: "Plan9" } }, { flavor: "stable" }),
    ...invalid("properties.osType", "'Plan9' is not one of [Linux, Windows]"),
  },
  {
    name: "enum violation lists the current values only",
    run: () => sanitizeManagedCluster(cluster({}, { sku: { name: "Bogus" } }), { flavor: "stable" }),
    ...invalid("sku.name", "'Bogus' is not one of [Base, Automatic]"),
  },
  {
    name: "preview-only enum value is rejected with flavor stable",
    run: () => sanitizeAgentPool({ properties: { mode: "Machines" } }, { flavor: "stable" }),
    ...invalid("properties.mode", "'Machines' is not one of [System, User, Gateway]"),
  },
  {
    name: "maximum",
    run: () => sanitizeAgentPool({ properties: { osDiskSizeGB: 4096 } }, { flavor: "stable" }),
    ...invalid("properties.osDiskSizeGB", "must be <= 2048"),
  },
  {
    name: "minimum",
    run: () => sanitizeAgentPool({ properties: { upgradeSettings: { drainTimeoutInMinutes: 0 } } }, { flavor: "stable" }),
    ...invalid("properties.upgradeSettings.drainTimeoutInMinutes", "must be >= 1"),
  },
  {
    name: "pattern",
    run: () => sanitizeManagedCluster(cluster({ agentPoolProfiles: [pool({ name: "Pool_1" })] }), { flavor: "stable" }),
    ...invalid("properties.agentPoolProfiles[0].name", "does not match pattern ^[a-z][a-z0-9]{0,11}$"),
  },
  {
    name: "pattern on a nested profile",
    run: () => sanitizeManagedCluster(cluster({ networkProfile: { podCidr: "10.244.0.0/33" } }), { flavor: "stable" }),
    ...invalid("properties.networkProfile.podCidr", "does not match pattern ^([0-9]{1,3}\\.){3}[0-9]{1,3}(\\/([0-9]|[1-2][0-9]|3[0-2]))?$"),
  },
  {
    name: "maxItems",
    run: () =>
      sanitizeManagedCluster(cluster({ serviceMeshProfile: { mode: "Istio", istio: { revisions: ["asm-1-1", "asm-1-2", "asm-1-3"] } } }), {
        flavor: "stable",
      }),
    ...invalid("properties.serviceMeshProfile.istio.revisions", "must have at most 2 items"),
  },
  {
    name: "uniqueItems",
    run: () =>
      sanitizeManagedCluster(cluster({ serviceMeshProfile: { mode: "Istio", istio: { revisions: ["asm-1-1", "asm-1-1"] } } }), {
        flavor: "stable",
      }),
    ...invalid("properties.serviceMeshProfile.istio.revisions", "items must be unique"),
  },
  {
    name: "date-time that does not parse",
    run: () => sanitizeManagedCluster(cluster({ upgradeSettings: { overrideSettings: { until: "next tuesday" } } }), { flavor: "stable" }),
    ...invalid("properties.upgradeSettings.overrideSettings.until", "'next tuesday' is not a valid date-time"),
  },
  {
    name: "uuid that is not one",
    run: () =>
      sanitizeManagedCluster(cluster({}, { identity: { type: "UserAssigned", delegatedResources: { a: { tenantId: "nope" } } } }), {
        flavor: "stable",
      }),
    ...invalid("identity.delegatedResources.a.tenantId", "'nope' is not a valid uuid"),
  },
  {
    name: "map value of the wrong type",
    run: () => sanitizeManagedCluster(cluster({}, { tags: { env: 1 } }), { flavor: "stable" }),
    ...invalid("tags.env", "expected string, got number 1"),
  },
  {
    name: "map value with a key that needs quoting",
    run: () => sanitizeAgentPool({ properties: { nodeLabels: { "kubernetes.io/os": true } } }, { flavor: "stable" }),
    ...invalid('properties.nodeLabels["kubernetes.io/os"]', "expected string, got boolean true"),
  },
  {
    name: "nested required: linuxProfile.ssh",
    run: () => sanitizeManagedCluster(cluster({ linuxProfile: { adminUsername: "azureuser" } }), { flavor: "stable" }),
    ...invalid("properties.linuxProfile.ssh", "it is required"),
  },
  {
    name: "nested required: agentPoolProfiles[].name",
    run: () => sanitizeManagedCluster(cluster({ agentPoolProfiles: [pool(), { count: 1 }] }), { flavor: "stable" }),
    ...invalid("properties.agentPoolProfiles[1].name", "it is required"),
  },
  {
    name: "nested required: addonProfiles.X.enabled",
    run: () => sanitizeManagedCluster(cluster({ addonProfiles: { omsagent: { config: {} } } }), { flavor: "stable" }),
    ...invalid("properties.addonProfiles.omsagent.enabled", "it is required"),
  },
  {
    name: "nested required given as null",
    run: () => sanitizeManagedCluster(cluster({ linuxProfile: { adminUsername: "azureuser", ssh: { publicKeys: [{ keyData: null }] } } }), { flavor: "stable" }),
    ...invalid("properties.linuxProfile.ssh.publicKeys[0].keyData", "it is required"),
  },
  {
    name: "RunCommandRequest.command is required",
    run: () => sanitizeRunCommandRequest({ context: "" }, { flavor: "stable" }),
    ...invalid("command", "it is required"),
  },
  {
    name: "tags must be strings",
    run: () => sanitizeTags({ tags: { a: ["x"] } }),
    ...invalid("tags.a", "expected string, got array"),
  },
];

for (const c of rejected) {
  test(`rejects: ${c.name}`, () => {
    const r = c.run();
    assert.equal(r.ok, false);
    assert.deepEqual(r.issue, { code: "InvalidParameter", target: c.target, message: c.message });
  });
}

test("a body that is not a JSON object is InvalidRequestContent", () => {
  const issue = {
    code: "InvalidRequestContent",
    target: "",
    message: "The request content was invalid and could not be deserialized: 'Expected a JSON object.'.",
  };
  for (const body of [null, [], "x", 3, true, undefined]) {
    for (const r of [
      sanitizeManagedCluster(body, { flavor: "stable" }),
      sanitizeAgentPool(body, { flavor: "preview" }),
      sanitizeTags(body),
      sanitizeRunCommandRequest(body, { flavor: "stable" }),
    ]) {
      assert.deepEqual(r, { ok: false, issue });
    }
  }
});

test("sanitizeAgentPoolProfile prefixes targets and drops with the given path", () => {
  const path = "properties.agentPoolProfiles[2]";
  const bad = sanitizeAgentPoolProfile(pool({ count: "x" }), { flavor: "stable", path });
  assert.deepEqual(bad, { ok: false, issue: { code: "InvalidParameter", ...invalid(`${path}.count`, 'expected integer, got string "x"') } });
  const good = sanitizeAgentPoolProfile(pool({ eTag: "e", zzz: 1 }), { flavor: "stable", path });
  assert.deepEqual(good, { ok: true, value: pool(), dropped: [`${path}.eTag`, `${path}.zzz`] });
  const notObject = sanitizeAgentPoolProfile("np", { flavor: "stable", path });
  assert.deepEqual(notObject, { ok: false, issue: { code: "InvalidParameter", ...invalid(path, 'expected object, got string "np"') } });
});

test("sanitizeTags keeps tags and drops everything else", () => {
  assert.deepEqual(sanitizeTags({ tags: { a: "1", b: "" }, location: "eastus" }), {
    ok: true,
    value: { tags: { a: "1", b: "" } },
    dropped: ["location"],
  });
});

test("sanitizeDefinition validates other roots, e.g. AgentPoolDeleteMachinesParameter", () => {
  assert.deepEqual(sanitizeDefinition("AgentPoolDeleteMachinesParameter", { machineNames: ["m1"] }, { flavor: "stable" }), {
    ok: true,
    value: { machineNames: ["m1"] },
    dropped: [],
  });
  const r = sanitizeDefinition("AgentPoolDeleteMachinesParameter", {}, { flavor: "stable" });
  assert.deepEqual(r, { ok: false, issue: { code: "InvalidParameter", ...invalid("machineNames", "it is required") } });
});

test("the input body is not modified", () => {
  const body = cluster({ provisioningState: "x", bogus: 1 }, { id: "i" });
  const before = structuredClone(body);
  const r = sanitizeManagedCluster(body, { flavor: "stable" });
  assert.ok(r.ok);
  assert.deepEqual(body, before);
});

test("flavorForApiVersion", () => {
  const cases: [string, SchemaFlavor][] = [
    ["2026-10-01", "stable"],
    ["2026-10-02-preview", "preview"],
    ["2026-08-02-PREVIEW", "preview"],
    ["2025-01-01", "stable"],
  ];
  for (const [v, want] of cases) assert.equal(flavorForApiVersion(v), want, v);
});

test("both generated schemas have every root and no dangling $ref", () => {
  for (const flavor of ["stable", "preview"] as const) {
    const doc = schemaFor(flavor);
    for (const root of doc.roots) assert.ok(doc.definitions[root], `${flavor}: missing root ${root}`);
    const check = (node: SchemaNode, where: string): void => {
      if (node.$ref !== undefined) assert.ok(doc.definitions[node.$ref], `${flavor}: ${where} -> ${node.$ref}`);
      for (const [k, p] of Object.entries(node.properties ?? {})) check(p, `${where}.${k}`);
      if (node.items) check(node.items, `${where}[]`);
      if (typeof node.additionalProperties === "object") check(node.additionalProperties, `${where}{}`);
    };
    for (const [name, def] of Object.entries(doc.definitions)) check(def, name);
  }
});

// Reads a dotted path ("a.b.0.c") from a sanitized value.
function at(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object" || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
