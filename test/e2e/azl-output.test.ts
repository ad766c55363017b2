// azl as a user runs it from a script (stdout and stderr are pipes, not terminals; run in-process
// through helpers/azl.ts, the bin's own behaviour is azl-bin.test.ts's), checked
// against what az prints: golden output for every format (knack's formatters) and for --query,
// exit codes (2 usage, 3 missing resource, 1 service error), az-style help, --no-wait,
// `aks get-credentials` kubeconfig merging, `account show|list|set`, and service-principal login.
import assert from "node:assert/strict";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse as parseYaml, stringify as yamlText } from "yaml";
import { CLIENT_ID, SUB, TENANT, startEmulator, type Emulator } from "../support/emulator.js";
import { assignRole } from "../support/rbac.js";
import { advance, latest } from "./helpers/aks.js";
import { azTable, azlFor, getRaw, loggedIn, putCluster, serviceErrorText, type Azl, type AzlResult } from "./helpers/azl.js";

const RG = "rg-azl-out";
const CLUSTER = "out";
const SUB_NAME = "aksemu subscription";
const CLOUD = "AzureKubernetesServiceEmulator";

let emu: Emulator;
let azl: Azl;

before(async () => {
  emu = await startEmulator({ clock: "manual" });
  await emu.createGroup(RG);
  await putCluster(emu, RG, CLUSTER, [
    { name: "nodepool1", count: 1, mode: "System" },
    { name: "pool2", count: 2, mode: "User" },
  ]);
  await advance(emu, "PT15M");
  assert.equal((await getRaw(emu, RG, CLUSTER)).properties.provisioningState, "Succeeded");
  azl = await loggedIn(emu);
});
after(async () => {
  azl?.close();
  await emu?.close();
});

const ok = (stdout: string): AzlResult => ({ code: 0, stdout, stderr: "" });
const result = (r: AzlResult): AzlResult => ({ code: r.code, stdout: r.stdout, stderr: r.stderr });
/** Runs several invocations at once and compares each with its expectation. */
async function all(cases: [args: string[], expected: AzlResult][], who: Azl = azl): Promise<void> {
  const got = await Promise.all(cases.map(([args]) => who.run(...args)));
  // all of them in one comparison, so that a failure shows every difference at once
  assert.deepEqual(
    cases.map(([args], i) => ({ azl: args.join(" "), ...result(got[i]!) })),
    cases.map(([args, expected]) => ({ azl: args.join(" "), ...expected })),
  );
}

// `az account show`: the subscription as az stores it (environmentName, not cloudName).
const ACCOUNT_JSON = `{
  "environmentName": "${CLOUD}",
  "homeTenantId": "${TENANT}",
  "id": "${SUB}",
  "isDefault": true,
  "managedByTenants": [],
  "name": "${SUB_NAME}",
  "state": "Enabled",
  "tenantId": "${TENANT}",
  "user": {
    "name": "${CLIENT_ID}",
    "type": "servicePrincipal"
  }
}
`;

// PyYAML's safe_dump(default_flow_style=False): sorted keys; a GUID is a plain scalar (it resolves
// to no int, float or timestamp, so it needs no quotes).
const ACCOUNT_YAML = `environmentName: ${CLOUD}
homeTenantId: ${TENANT}
id: ${SUB}
isDefault: true
managedByTenants: []
name: ${SUB_NAME}
state: Enabled
tenantId: ${TENANT}
user:
  name: ${CLIENT_ID}
  type: servicePrincipal
`;

// knack's table without a transformer: sorted keys; id, type and etag left out, and so are
// nulls, lists and objects; each column at least two wider than its header.
const ACCOUNT_TABLE = `EnvironmentName                 HomeTenantId                          IsDefault    Name                 State    TenantId
------------------------------  ------------------------------------  -----------  -------------------  -------  ------------------------------------
${CLOUD}  ${TENANT}  True         ${SUB_NAME}  Enabled  ${TENANT}
`;

// knack's TSV: one line, values in key order; a list prints its length, an object an empty field.
const ACCOUNT_TSV = `${CLOUD}\t${TENANT}\t${SUB}\tTrue\t0\t${SUB_NAME}\tEnabled\t${TENANT}\t\n`;

// `az account list` and `az login`: the same entries, with environmentName renamed to cloudName.
const accountList = (user: string) => `[
  {
    "cloudName": "${CLOUD}",
    "homeTenantId": "${TENANT}",
    "id": "${SUB}",
    "isDefault": true,
    "managedByTenants": [],
    "name": "${SUB_NAME}",
    "state": "Enabled",
    "tenantId": "${TENANT}",
    "user": {
      "name": "${user}",
      "type": "servicePrincipal"
    }
  }
]
`;

describe("output formats, as knack renders them (stdout is not a terminal)", () => {
  test("json (the default): sorted keys, 2-space indent", async () => {
    await all([
      [["account", "show"], ok(ACCOUNT_JSON)],
      [["account", "show", "-o", "json"], ok(ACCOUNT_JSON)],
      [["account", "show", "--output", "JSON"], ok(ACCOUNT_JSON)], // az lower-cases the choice
    ]);
  });

  test("jsonc and yamlc: without a colour terminal az prints plain json and yaml", async () => {
    await all([
      [["account", "show", "-o", "jsonc"], ok(ACCOUNT_JSON)],
      [["account", "show", "-o", "yamlc"], ok(ACCOUNT_YAML)],
    ]);
  });

  test("yaml: PyYAML safe_dump, sorted keys, plain GUIDs", async () => {
    await all([[["account", "show", "-o", "yaml"], ok(ACCOUNT_YAML)]]);
  });

  test("table: tabulate's simple layout; tsv: tab-separated values; none: nothing", async () => {
    assert.equal(azTable([{ a: 1 }]), "a\n---\n1\n"); // the expected-table helper itself: header + 2
    await all([
      [["account", "show", "-o", "table"], ok(ACCOUNT_TABLE)],
      [["account", "show", "-o", "tsv"], ok(ACCOUNT_TSV)],
      [["account", "show", "-o", "none"], ok("")],
    ]);
  });

  test("account list: cloudName (az renames environmentName), and its table transformer", async () => {
    await all([
      [["account", "list"], ok(accountList(CLIENT_ID))],
      [["account", "list", "-o", "table"], ok(azTable([{ Name: SUB_NAME, CloudName: CLOUD, SubscriptionId: SUB, TenantId: TENANT, State: "Enabled", IsDefault: true }]))],
    ]);
  });

  test("resource groups: group show prints managedBy and tags as null; group show -o table has no transformer; group list -o table has Name, Location, Status", async () => {
    const id = `/subscriptions/${SUB}/resourceGroups/${RG}`;
    await all([
      [
        ["group", "show", "-n", RG],
        ok(`{
  "id": "${id}",
  "location": "eastus",
  "managedBy": null,
  "name": "${RG}",
  "properties": {
    "provisioningState": "Succeeded"
  },
  "tags": null,
  "type": "Microsoft.Resources/resourceGroups"
}
`),
      ],
      [["group", "show", "-n", RG, "-o", "table"], ok(`Location    Name\n----------  ----------\neastus      ${RG}\n`)],
      [["group", "show", "-n", RG, "-o", "yaml"], ok(`id: ${id}\nlocation: eastus\nmanagedBy: null\nname: ${RG}\nproperties:\n  provisioningState: Succeeded\ntags: null\ntype: Microsoft.Resources/resourceGroups\n`)],
      // The cluster's node resource group is a group too (managed by the cluster), listed by name.
      [["group", "list", "-o", "table"], ok(azTable([{ Name: `MC_${RG}_${CLUSTER}_eastus`, Location: "eastus", Status: "Succeeded" }, { Name: RG, Location: "eastus", Status: "Succeeded" }]))],
    ]);
  });

  test("aks show / aks list / aks nodepool list -o table: az's column transforms", async () => {
    const c = await getRaw(emu, RG, CLUSTER);
    const clusterRow = { Name: CLUSTER, Location: "eastus", ResourceGroup: RG, KubernetesVersion: c.properties.kubernetesVersion, CurrentKubernetesVersion: c.properties.currentKubernetesVersion, ProvisioningState: "Succeeded", Fqdn: c.properties.fqdn };
    const pools = (c.properties.agentPoolProfiles as any[]).map((p) => ({ Name: p.name, OsType: p.osType, KubernetesVersion: p.orchestratorVersion, VmSize: p.vmSize, Count: p.count, MaxPods: p.maxPods, ProvisioningState: p.provisioningState, Mode: p.mode }));
    assert.deepEqual(pools.map((p) => [p.Name, p.Count, p.Mode]), [["nodepool1", 1, "System"], ["pool2", 2, "User"]]);
    await all([
      [["aks", "show", "-g", RG, "-n", CLUSTER, "-o", "table"], ok(azTable([clusterRow]))],
      [["aks", "list", "-g", RG, "-o", "table"], ok(azTable([clusterRow]))],
      [["aks", "nodepool", "list", "-g", RG, "--cluster-name", CLUSTER, "-o", "table"], ok(azTable(pools))],
    ]);
  });
});

describe("--query (JMESPath)", () => {
  test("projections and multiselect hashes, in every format; a query's keys keep their order in table and tsv", async () => {
    const show = ["aks", "show", "-g", RG, "-n", CLUSTER];
    await all([
      [[...show, "--query", "agentPoolProfiles[].name", "-o", "tsv"], ok("nodepool1\npool2\n")],
      [[...show, "--query", "agentPoolProfiles[].name", "-o", "json"], ok('[\n  "nodepool1",\n  "pool2"\n]\n')],
      [[...show, "--query", "{n:name,s:provisioningState}", "-o", "json"], ok('{\n  "n": "out",\n  "s": "Succeeded"\n}\n')],
      [[...show, "--query", "{s:provisioningState,n:name}", "-o", "json"], ok('{\n  "n": "out",\n  "s": "Succeeded"\n}\n')],
      [[...show, "--query", "{s:provisioningState,n:name}", "-o", "tsv"], ok("Succeeded\tout\n")],
      [[...show, "--query", "{n:name,s:provisioningState}", "-o", "yaml"], ok("n: out\ns: Succeeded\n")],
      [[...show, "--query", "{n:name,s:provisioningState}", "-o", "table"], ok("N    S\n---  ---------\nout  Succeeded\n")],
      [[...show, "--query", "agentPoolProfiles[].{name:name,count:count,mode:mode}", "-o", "table"], ok("Name       Count    Mode\n---------  -------  ------\nnodepool1  1        System\npool2      2        User\n")],
      [[...show, "--query", "agentPoolProfiles[?mode=='User'].count | [0]", "-o", "tsv"], ok("2\n")],
      [[...show, "--query", "name", "-o", "tsv"], ok("out\n")],
      [[...show, "--query", "name"], ok('"out"\n')],
    ]);
  });

  test("tsv of a bare boolean is lower-case (knack), of an object its values in key order; a null result prints nothing", async () => {
    await all([
      [["account", "show", "--query", "isDefault", "-o", "tsv"], ok("true\n")],
      [["account", "show", "--query", "isDefault"], ok("true\n")],
      [["account", "show", "--query", "user", "-o", "tsv"], ok(`${CLIENT_ID}\tservicePrincipal\n`)],
      [["account", "show", "--query", "noSuchField"], ok("")],
      [["account", "show", "--query", "noSuchField", "-o", "tsv"], ok("")],
    ]);
  });

  test("an invalid query is a usage error (exit 2)", async () => {
    const r = await azl.run("account", "show", "--query", "[[[");
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.split("\n")[0], "ERROR: argument --query: invalid jmespath_type value: '[[['");
  });
});

describe("exit codes: 2 usage, 3 missing resource, 1 service error", () => {
  test("usage errors exit 2: missing required arguments (exact), unknown arguments, an invalid --output, a misspelled command", async () => {
    const [one, both, unknown, badOutput, misspelled] = await Promise.all([
      azl.run("aks", "show", "-g", RG),
      azl.run("aks", "show"),
      azl.run("aks", "show", "-g", RG, "-n", CLUSTER, "--bogus", "1"),
      azl.run("aks", "show", "-g", RG, "-n", CLUSTER, "-o", "xml"),
      azl.run("aks", "shw", "-g", RG),
    ]);
    assert.deepEqual(result(one), { code: 2, stdout: "", stderr: "ERROR: the following arguments are required: --name/-n\n" });
    assert.deepEqual(result(both), { code: 2, stdout: "", stderr: "ERROR: the following arguments are required: --resource-group/-g, --name/-n\n" });
    for (const [r, first] of [
      [unknown, "ERROR: unrecognized arguments: --bogus 1"],
      [badOutput, "ERROR: argument --output/-o: invalid choice: 'xml' (choose from "],
      [misspelled, "ERROR: 'shw' is misspelled or not recognized by the system."],
    ] as const) {
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, "");
      assert.ok(r.stderr.split("\n")[0]!.startsWith(first), r.stderr);
    }
    for (const f of ["json", "jsonc", "yaml", "yamlc", "table", "tsv", "none"]) assert.ok(badOutput.stderr.includes(`'${f}'`) || badOutput.stderr.includes(` ${f},`), `${f} in: ${badOutput.stderr}`);
  });

  test("a missing resource exits 3 with the service's error block", async () => {
    await all([
      [
        ["aks", "show", "-g", RG, "-n", "nope"],
        { code: 3, stdout: "", stderr: serviceErrorText("ResourceNotFound", `The Resource 'Microsoft.ContainerService/managedClusters/nope' under resource group '${RG}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`) },
      ],
      [["group", "show", "-n", "nope"], { code: 3, stdout: "", stderr: serviceErrorText("ResourceGroupNotFound", "Resource group 'nope' could not be found.") }],
    ]);
  });

  test("a service error exits 1: abort with nothing running", async () => {
    await all([
      [
        ["aks", "nodepool", "operation-abort", "-g", RG, "--cluster-name", CLUSTER, "-n", "nodepool1"],
        { code: 1, stdout: "", stderr: serviceErrorText("OperationNotAllowed", "Unable to abort operation on 'nodepool1': there is no operation in progress. Only a running operation can be aborted.") },
      ],
    ]);
  });

  test("not logged in, or an unknown --subscription: exit 1", async () => {
    const fresh = azlFor(emu);
    try {
      await all(
        [
          [["aks", "show", "-g", RG, "-n", CLUSTER], { code: 1, stdout: "", stderr: "ERROR: Please run 'azl login' to setup account.\n" }],
          [["account", "show"], { code: 1, stdout: "", stderr: "ERROR: Please run 'azl login' to setup account.\n" }],
        ],
        fresh,
      );
    } finally {
      fresh.close();
    }
    await all([[["group", "show", "-n", RG, "--subscription", "nope"], { code: 1, stdout: "", stderr: "ERROR: Subscription 'nope' not found. Check the spelling and casing and try again.\n" }]]);
  });
});

describe("help", () => {
  test("command help (--help and -h): Command, Arguments, Global Arguments; exit 0, even without the required arguments", async () => {
    const [long, short] = await Promise.all([azl.run("aks", "show", "--help"), azl.run("aks", "show", "-h")]);
    assert.equal(long.code, 0);
    assert.equal(long.stderr, "");
    assert.deepEqual(result(short), result(long));
    const text = long.stdout;
    assert.ok(text.startsWith("\nCommand\n    azl aks show : Show the details for a managed Kubernetes cluster.\n\nArguments\n"), text);
    assert.match(text, /^    --name -n\s+\[Required\]\s+: Name of the managed cluster\.$/m);
    assert.match(text, /^    --resource-group -g\s+\[Required\]\s+: Name of resource group\./m);
    assert.match(text, /\n\nGlobal Arguments\n/);
    for (const g of ["--debug", "--help -h", "--only-show-errors", "--output -o", "--query", "--subscription", "--verbose"]) assert.match(text, new RegExp(`^    ${g.replace(/[-]/g, "\\-")}\\s+: `, "m"), g);
    assert.match(text, /^    --output -o\s+: Output format\.\s+Allowed values: json, jsonc, none, table, tsv, yaml, yamlc\.\s+Default: json\.$/m);
    // Global Arguments come after Arguments
    assert.ok(text.indexOf("\nArguments\n") < text.indexOf("\nGlobal Arguments\n"));
  });

  test("group help lists subgroups and commands: aks, aks command, aks nodepool, aks operation, and the top level", async () => {
    const [aks, nodepool, operation, top] = await Promise.all([azl.run("aks", "--help"), azl.run("aks", "nodepool", "--help"), azl.run("aks", "operation", "-h"), azl.run("--help")]);
    for (const r of [aks, nodepool, operation, top]) {
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, "");
    }
    const entries = (text: string, section: string) => {
      const start = text.indexOf(`\n${section}:\n`);
      if (start < 0) return [];
      const body = text.slice(start + section.length + 3).split("\n\n")[0]!;
      return body.split("\n").map((l) => /^    (\S+)\s+: \S/.exec(l)?.[1] ?? `?${l}`);
    };
    assert.ok(aks.stdout.startsWith("\nGroup\n    azl aks : "), aks.stdout);
    assert.deepEqual(entries(aks.stdout, "Subgroups"), ["command", "nodepool", "operation"]);
    const aksCommands = entries(aks.stdout, "Commands");
    for (const c of ["create", "show", "list", "delete", "start", "stop", "scale", "upgrade", "update", "get-credentials", "get-upgrades", "get-versions", "operation-abort", "wait"]) assert.ok(aksCommands.includes(c), `aks ${c}: ${aksCommands}`);
    assert.deepEqual([...aksCommands].sort(), aksCommands, "commands in alphabetical order");

    assert.ok(nodepool.stdout.startsWith("\nGroup\n    azl aks nodepool : "), nodepool.stdout);
    assert.deepEqual(entries(nodepool.stdout, "Commands"), ["add", "delete", "list", "operation-abort", "scale", "show", "upgrade"]);
    assert.deepEqual(entries(operation.stdout, "Commands"), ["list", "show", "show-latest"]);
    for (const g of ["account", "aks", "group", "resource"]) assert.ok(entries(top.stdout, "Subgroups").includes(g), `${g}: ${top.stdout}`);
    for (const c of ["login", "rest"]) assert.ok(entries(top.stdout, "Commands").includes(c), `${c}: ${top.stdout}`);
  });
});

describe("long-running operations", () => {
  test("--no-wait returns at once, with no output, while the operation is still running", async () => {
    // On the manual clock nothing finishes until the clock moves: a command that waited would hang.
    await all([[["aks", "create", "-g", RG, "-n", "nowait", "--node-count", "1", "--no-wait"], ok("")]]);
    const op = await latest(emu, RG, "nowait");
    assert.equal(op.status, "InProgress");
    assert.equal((await getRaw(emu, RG, "nowait")).properties.provisioningState, "Creating");
    await all([[["aks", "nodepool", "add", "-g", RG, "--cluster-name", CLUSTER, "-n", "pool3", "--node-count", "1", "--no-wait"], ok("")]]);
    assert.equal((await getRaw(emu, RG, CLUSTER, "pool3")).properties.provisioningState, "Creating");
    await advance(emu, "PT15M");
    assert.equal((await getRaw(emu, RG, "nowait")).properties.provisioningState, "Succeeded");
    // and waiting (without --no-wait) returns the resource once the operation is done
    const deleting = azl.run("aks", "nodepool", "delete", "-g", RG, "--cluster-name", CLUSTER, "-n", "pool3", "--yes");
    await untilStatus(RG, CLUSTER, "pool3", "InProgress");
    await advance(emu, "PT15M");
    assert.deepEqual(result(await deleting), ok(""));
    assert.equal((await emu.request("GET", `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER}/agentPools/pool3?api-version=2026-04-01`)).status, 404);
  });
});

async function untilStatus(rg: string, cluster: string, pool: string, status: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await latest(emu, rg, cluster, pool)).status !== status || (await latest(emu, rg, cluster, pool)).operationType !== "DeleteAgentPool") {
    if (Date.now() > deadline) assert.fail(`the pool's delete never started`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("aks get-credentials --file", () => {
  const creds = (file: string, ...more: string[]) => ["aks", "get-credentials", "-g", RG, "-n", CLUSTER, "--file", file, ...more];
  const merged = (context: string, file: string) => `WARNING: Merged "${context}" as current context in ${file}\n`;
  const read = (file: string) => parseYaml(readFileSync(file, "utf8"));
  const named = (list: any[] | undefined, name: string) => (list ?? []).find((e) => e.name === name);
  const kubePrefix = () => `${emu.url}/_aksemu/kubernetes/`;

  test("a new file: the cluster, user and context, the server on the emulator's path for the cluster's API, the context current, mode 0600", async () => {
    const file = join(azl.dir, "new", "config");
    await all([[creds(file), { code: 0, stdout: "", stderr: merged(CLUSTER, file) }]]);
    const kc = read(file);
    assert.equal(kc["current-context"], CLUSTER);
    const ctx = named(kc.contexts, CLUSTER);
    assert.ok(ctx, JSON.stringify(kc.contexts));
    assert.equal(ctx.context.cluster, CLUSTER);
    const cluster = named(kc.clusters, CLUSTER);
    assert.ok(String(cluster.cluster.server).startsWith(kubePrefix()), cluster.cluster.server);
    assert.ok(cluster.cluster["certificate-authority-data"]);
    assert.ok(named(kc.users, ctx.context.user), `user ${ctx.context.user}`);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    // --only-show-errors silences the "Merged" warning
    const quiet = join(azl.dir, "quiet");
    await all([[creds(quiet, "--only-show-errors"), ok("")]]);
    assert.equal(read(quiet)["current-context"], CLUSTER);
  });

  test("running it again with nothing changed succeeds (the entries are equal)", async () => {
    const file = join(azl.dir, "again");
    await all([[creds(file), { code: 0, stdout: "", stderr: merged(CLUSTER, file) }]]);
    await all([[creds(file), { code: 0, stdout: "", stderr: merged(CLUSTER, file) }]]);
  });

  test("merging keeps the other entries already in the file", async () => {
    const file = join(azl.dir, "keep");
    writeFileSync(file, yamlText(otherKubeconfig()));
    await all([[creds(file), { code: 0, stdout: "", stderr: merged(CLUSTER, file) }]]);
    const kc = read(file);
    assert.equal(kc["current-context"], CLUSTER);
    assert.deepEqual(named(kc.clusters, "keep"), otherKubeconfig().clusters[0]);
    assert.deepEqual(named(kc.users, "keep-user"), otherKubeconfig().users[0]);
    assert.deepEqual(named(kc.contexts, "keep"), otherKubeconfig().contexts[0]);
    assert.ok(String(named(kc.clusters, CLUSTER).cluster.server).startsWith(kubePrefix()));
  });

  test("a different entry of the same name: refused without --overwrite-existing (file untouched), replaced with it", async () => {
    const file = join(azl.dir, "conflict");
    const existing = otherKubeconfig();
    existing.clusters.push({ name: CLUSTER, cluster: { server: "https://elsewhere.example:443" } });
    const text = yamlText(existing);
    writeFileSync(file, text);
    await all([[creds(file), { code: 1, stdout: "", stderr: `ERROR: A different object named ${CLUSTER} already exists in clusters in your kubeconfig file.\n` }]]);
    assert.equal(readFileSync(file, "utf8"), text);

    await all([[creds(file, "--overwrite-existing"), { code: 0, stdout: "", stderr: merged(CLUSTER, file) }]]);
    const kc = read(file);
    assert.equal(kc.clusters.filter((c: any) => c.name === CLUSTER).length, 1);
    assert.ok(String(named(kc.clusters, CLUSTER).cluster.server).startsWith(kubePrefix()));
    assert.deepEqual(named(kc.clusters, "keep"), otherKubeconfig().clusters[0]);
    assert.equal(kc["current-context"], CLUSTER);
  });

  test("--context names the context (and its cluster entry, as az does) and makes it current", async () => {
    const file = join(azl.dir, "renamed");
    await all([[creds(file, "--context", "dev"), { code: 0, stdout: "", stderr: merged("dev", file) }]]);
    const kc = read(file);
    assert.equal(kc["current-context"], "dev");
    assert.deepEqual(kc.contexts.map((c: any) => c.name), ["dev"]);
    assert.equal(kc.contexts[0].context.cluster, "dev");
    assert.deepEqual(kc.clusters.map((c: any) => c.name), ["dev"]);
    assert.ok(String(kc.clusters[0].cluster.server).startsWith(kubePrefix()));
  });
});

function otherKubeconfig() {
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "keep", cluster: { server: "https://keep.example:6443" } }] as any[],
    contexts: [{ name: "keep", context: { cluster: "keep", user: "keep-user" } }] as any[],
    users: [{ name: "keep-user", user: { token: "keep-token" } }] as any[],
    "current-context": "keep",
    preferences: {},
  };
}

describe("account and login", () => {
  test("azl login prints the subscriptions as az login does", async () => {
    const user = azlFor(emu);
    try {
      await all([[["login"], ok(accountList(CLIENT_ID))]], user);
    } finally {
      user.close();
    }
  });

  test("account set --subscription/-s/--name/-n, by id or name, prints nothing; an unknown one exits 1", async () => {
    const user = await loggedIn(emu);
    try {
      await all(
        [
          [["account", "set", "--subscription", SUB], ok("")],
          [["account", "set", "-s", SUB_NAME], ok("")],
          [["account", "set", "--name", SUB], ok("")],
          [["account", "set", "-n", SUB_NAME], ok("")],
        ],
        user,
      );
      await all(
        [
          [["account", "set", "-n", "nope"], { code: 1, stdout: "", stderr: `ERROR: The subscription of 'nope' doesn't exist in cloud '${CLOUD}'.\n` }],
          [["account", "show", "--query", "id", "-o", "tsv"], ok(`${SUB}\n`)],
          [["account", "show", "--subscription", SUB_NAME, "--query", "name", "-o", "tsv"], ok(`${SUB_NAME}\n`)],
        ],
        user,
      );
    } finally {
      user.close();
    }
  });

  test("login --service-principal with a principal from POST /_aksemu/principals; a wrong secret fails with AADSTS7000215", async () => {
    const created = await emu.request("POST", "/_aksemu/principals", { body: { displayName: "azl e2e" } });
    assert.equal(created.status, 201, created.text);
    const { clientId, clientSecret, objectId } = created.json as { clientId: string; clientSecret: string; objectId: string };
    // Its role (RBAC denies by default; az login lists only the subscriptions a principal's roles reach).
    await assignRole(emu, objectId, "Reader");
    const sp = azlFor(emu);
    try {
      const login = await sp.run("login", "--service-principal", "-u", clientId, "-p", clientSecret, "--tenant", TENANT);
      assert.equal(login.code, 0, login.stderr);
      await all(
        [
          [["account", "show", "--query", "user", "-o", "json"], ok(`{\n  "name": "${clientId}",\n  "type": "servicePrincipal"\n}\n`)],
          [["group", "show", "-n", RG, "--query", "name", "-o", "tsv"], ok(`${RG}\n`)],
        ],
        sp,
      );
      const bad = await sp.run("login", "--service-principal", "-u", clientId, "-p", "not-the-secret", "--tenant", TENANT);
      assert.equal(bad.code, 1, bad.stderr);
      assert.equal(bad.stdout, "");
      const first = `ERROR: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`;
      assert.ok(bad.stderr.startsWith(first), bad.stderr);
      // az login prints the subscriptions, with cloudName
      assert.deepEqual(result(login), ok(accountList(clientId)));
    } finally {
      sp.close();
    }
  });
});
