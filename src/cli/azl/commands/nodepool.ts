// azl aks nodepool ...: agent pools.
import { arg, type ArgSpec, type CommandSpec, type GroupSpec } from "../spec.js";
import { CliError } from "../errors.js";
import { AKS_API, clusterPath, flatten, longRunning, must, poolPath, promptYesNo, str } from "./shared.js";
import { rows, type AgentPool, type ListPage } from "../wire.js";

export const NODEPOOL_GROUPS: GroupSpec[] = [{ path: ["aks", "nodepool"], summary: "Commands to manage node pools in Kubernetes kubernetes cluster." }];

const poolRow = (p: Record<string, unknown>) => ({
  Name: p.name,
  OsType: p.osType,
  KubernetesVersion: p.orchestratorVersion,
  VmSize: p.vmSize,
  Count: p.count,
  MaxPods: p.maxPods,
  ProvisioningState: p.provisioningState,
  Mode: p.mode,
});

const poolName: ArgSpec = { name: "name", short: "n", help: "The node pool name.", required: true, idPart: "name" };
const base = [arg.resourceGroup(), arg.clusterName("cluster-name"), poolName];

type Ctx = Parameters<CommandSpec["run"]>[0];
const path = (ctx: Ctx, args: Record<string, unknown>) => poolPath(ctx, String(args["resource-group"]), String(args["cluster-name"]), String(args["name"]));
const getPool = async (ctx: Ctx, args: Record<string, unknown>) => (await ctx.client().call<AgentPool>("GET", path(ctx, args), { apiVersion: AKS_API })).body;

async function putPool(ctx: Ctx, args: Record<string, unknown>, properties: Record<string, unknown>, label: string): Promise<unknown> {
  const done = await longRunning(ctx, args as never, "PUT", path(ctx, args), { body: { properties }, label });
  return done.waited ? flatten(await getPool(ctx, args)) : undefined;
}

export const NODEPOOL_COMMANDS: CommandSpec[] = [
  {
    path: ["aks", "nodepool", "add"],
    summary: "Add a node pool to the managed Kubernetes cluster.",
    longRunning: true,
    args: [
      ...base,
      { name: "node-count", short: "c", help: "Number of nodes in the Kubernetes node pool.", defaultValue: "3" },
      { name: "node-vm-size", short: "s", help: "Size of Virtual Machines to create as Kubernetes nodes." },
      { name: "kubernetes-version", short: "k", help: "Version of Kubernetes to use for creating the node pool." },
      { name: "mode", help: "The mode for a node pool.", choices: ["System", "User"], defaultValue: "User" },
      { name: "max-pods", short: "m", help: "The maximum number of pods deployable to a node." },
      { name: "os-type", help: "The OS type.", choices: ["Linux", "Windows"], defaultValue: "Linux" },
    ],
    async run(ctx, args) {
      const properties: Record<string, unknown> = { count: Number(must(args, "node-count")), mode: must(args, "mode"), osType: must(args, "os-type"), type: "VirtualMachineScaleSets" };
      if (str(args, "node-vm-size")) properties["vmSize"] = str(args, "node-vm-size");
      if (str(args, "kubernetes-version")) properties["orchestratorVersion"] = str(args, "kubernetes-version");
      if (str(args, "max-pods")) properties["maxPods"] = Number(str(args, "max-pods"));
      return putPool(ctx, args, properties, `Adding node pool ${must(args, "name")}`);
    },
  },
  {
    path: ["aks", "nodepool", "show"],
    summary: "Show the details for a node pool in the managed Kubernetes cluster.",
    args: base,
    table: (p) => rows([p]).map(poolRow),
    async run(ctx, args) {
      return flatten(await getPool(ctx, args));
    },
  },
  {
    path: ["aks", "nodepool", "list"],
    summary: "List node pools in the managed Kubernetes cluster.",
    args: [arg.resourceGroup(), arg.clusterName("cluster-name")],
    table: (list) => rows(list).map(poolRow),
    async run(ctx, args) {
      const res = await ctx.client().call<ListPage<unknown>>("GET", `${clusterPath(ctx, must(args, "resource-group"), must(args, "cluster-name"))}/agentPools`, { apiVersion: AKS_API });
      return res.body.value.map(flatten);
    },
  },
  {
    path: ["aks", "nodepool", "scale"],
    summary: "Scale the node pool in a managed Kubernetes cluster.",
    longRunning: true,
    args: [...base, { name: "node-count", short: "c", help: "Number of nodes in the Kubernetes node pool.", defaultValue: "3" }],
    async run(ctx, args) {
      const pool = await getPool(ctx, args);
      const count = Number(must(args, "node-count"));
      // az's own checks (CLIError: exit 1), before anything is sent.
      if (pool.properties?.["enableAutoScaling"] === true) throw new CliError("client", "Cannot scale cluster autoscaler enabled node pool.");
      if (pool.properties?.["count"] === count) throw new CliError("client", "The new node count is the same as the current node count.");
      return putPool(ctx, args, { ...pool.properties, count }, `Scaling node pool ${must(args, "name")}`);
    },
  },
  {
    path: ["aks", "nodepool", "upgrade"],
    summary: "Upgrade the node pool in a managed Kubernetes cluster.",
    longRunning: true,
    args: [...base, { name: "kubernetes-version", short: "k", help: "Version of Kubernetes to upgrade the node pool to, such as \"1.33.3\"." }, arg.yes()],
    async run(ctx, args) {
      const pool = await getPool(ctx, args);
      const current = pool.properties?.["orchestratorVersion"];
      const version = str(args, "kubernetes-version") ?? "";
      if (version !== "" || current === "") {
        // az's question (as az 2.46 fixed it: 2.45 reads a field AgentPool lacks and crashes here).
        const state = pool.properties?.["provisioningState"];
        const question =
          state === "Succeeded"
            ? `The cluster is already on version ${String(current)} and is not in a failed state. No operations will occur when upgrading to the same version if the cluster is not in a failed state.`
            : state === "Failed"
              ? `Cluster currently in failed state. Proceeding with upgrade to existing version ${String(current)} to attempt resolution of failed cluster state.`
              : "The new kubernetes version is the same as the current kubernetes version.";
        if (!(await promptYesNo(ctx, args, `${question} (y/n): `))) return undefined;
      }
      // Without -k az sends orchestratorVersion "": the request azl sends too.
      return putPool(ctx, args, { ...pool.properties, orchestratorVersion: version }, `Upgrading node pool ${must(args, "name")}`);
    },
  },
  {
    path: ["aks", "nodepool", "delete"],
    summary: "Delete the agent pool in the managed Kubernetes cluster.",
    longRunning: true,
    // az asks nothing here (2.45 has no --yes); azl accepts --yes for scripts written for it.
    args: [...base, arg.yes()],
    async run(ctx, args) {
      const pools = (await ctx.client().call<ListPage<{ name?: string }>>("GET", `${clusterPath(ctx, must(args, "resource-group"), must(args, "cluster-name"))}/agentPools`, { apiVersion: AKS_API })).body.value;
      const name = must(args, "name");
      if (!pools.some((p) => p.name?.toLowerCase() === name.toLowerCase())) throw new CliError("client", `Node pool ${name} doesnt exist, use 'aks nodepool list' to get current node pool list`);
      await longRunning(ctx, args, "DELETE", path(ctx, args), { label: `Deleting node pool ${must(args, "name")}` });
      return undefined;
    },
  },
  {
    path: ["aks", "nodepool", "operation-abort"],
    summary: "Abort last running operation on nodepool.",
    longRunning: true,
    args: base,
    async run(ctx, args) {
      await longRunning(ctx, args, "POST", `${path(ctx, args)}/abort`, { label: "Aborting" });
      return undefined;
    },
  },
];
