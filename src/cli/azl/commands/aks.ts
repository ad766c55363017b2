// azl aks ...: managed clusters, as the az CLI's aks module (and aks-preview's operation commands).
import { homedir } from "node:os";
import { resolve } from "node:path";
import { systemNow } from "../../../clock/clock.js"; // --timeout is wall-clock time
import { CliError } from "../errors.js";
import { arg, type CommandSpec, type GroupSpec } from "../spec.js";
import { mergeKubeconfig } from "./kubeconfig.js";
import { AKS_API, AKS_PREVIEW_API, clusterPath, confirmCommand, flatten, longRunning, must, parseTags, poolPath, promptYesNo, RESOURCES_API, str, groupPath } from "./shared.js";
import { rows, type CredentialResults, type FlatUpgradeProfile, type KubernetesVersionList, type ListPage, type ManagedCluster, type ResourceGroup } from "../wire.js";

export const AKS_GROUPS: GroupSpec[] = [
  { path: ["aks"], summary: "Manage Azure Kubernetes Services." },
  { path: ["aks", "operation"], summary: "Commands to manage and view operations on managed Kubernetes clusters (aks-preview)." },
];

const clusterRow = (c: Record<string, unknown>) => ({
  Name: c.name,
  Location: c.location,
  ResourceGroup: c.resourceGroup,
  KubernetesVersion: c.kubernetesVersion,
  CurrentKubernetesVersion: c.currentKubernetesVersion,
  ProvisioningState: c.provisioningState,
  Fqdn: c.fqdn,
});

const operationRow = (o: Record<string, unknown>) => ({ Name: o.name, Status: o.status, PercentComplete: o.percentComplete, OperationType: o.operationType, SubOperationType: o.subOperationType, StartTime: o.startTime, EndTime: o.endTime });

const rgAndName = [arg.resourceGroup(), arg.clusterName()];

async function getCluster(ctx: Parameters<CommandSpec["run"]>[0], rg: string, name: string): Promise<ManagedCluster> {
  return (await ctx.client().call<ManagedCluster>("GET", clusterPath(ctx, rg, name), { apiVersion: AKS_API })).body;
}

/** PUT the cluster back with a change, as az aks scale/upgrade/update do, and print the result. */
async function putCluster(ctx: Parameters<CommandSpec["run"]>[0], args: Record<string, unknown>, rg: string, name: string, cluster: ManagedCluster, label: string): Promise<unknown> {
  const body = { location: cluster.location, tags: cluster.tags, sku: cluster.sku, identity: cluster.identity ? { type: cluster.identity.type, userAssignedIdentities: cluster.identity.userAssignedIdentities } : undefined, properties: cluster.properties };
  const done = await longRunning(ctx, args as never, "PUT", clusterPath(ctx, rg, name), { body, label });
  if (!done.waited) return undefined;
  return flatten(await getCluster(ctx, rg, name));
}

export const AKS_COMMANDS: CommandSpec[] = [
  {
    path: ["aks", "create"],
    summary: "Create a new managed Kubernetes cluster.",
    longRunning: true,
    args: [
      ...rgAndName,
      { name: "location", short: "l", help: "Location. Defaults to the resource group's location." },
      { name: "kubernetes-version", short: "k", help: "Version of Kubernetes to use for creating the cluster, such as \"1.33.3\" or \"1.33\"." },
      { name: "node-count", short: "c", help: "Number of nodes in the Kubernetes node pool.", defaultValue: "3" },
      { name: "node-vm-size", short: "s", help: "Size of Virtual Machines to create as Kubernetes nodes.", defaultValue: "Standard_DS2_v2" },
      { name: "nodepool-name", help: "Node pool name, up to 12 alphanumeric characters.", defaultValue: "nodepool1" },
      { name: "max-pods", short: "m", help: "The maximum number of pods deployable to a node." },
      { name: "network-plugin", help: "The Kubernetes network plugin to use.", choices: ["azure", "kubenet", "none"] },
      { name: "dns-name-prefix", short: "p", help: "Prefix for hostnames that are created." },
      { name: "tags", help: "Space-separated tags: key[=value] [key[=value] ...]." },
      { name: "generate-ssh-keys", help: "Generate SSH public and private key files if missing (accepted; the emulator needs none).", flag: true },
      { name: "enable-managed-identity", help: "Using a system assigned managed identity to manage cluster resource group (the default).", flag: true },
      arg.yes(),
    ],
    examples: [{ summary: "Create a Kubernetes cluster with an existing SSH public key.", command: "azl aks create -g MyResourceGroup -n MyManagedCluster --generate-ssh-keys" }],
    async run(ctx, args) {
      const rg = must(args, "resource-group");
      const name = must(args, "name");
      const location = str(args, "location") ?? (await ctx.client().call<ResourceGroup>("GET", groupPath(ctx, rg), { apiVersion: RESOURCES_API })).body.location;
      const pool: Record<string, unknown> = { name: must(args, "nodepool-name"), count: Number(must(args, "node-count")), vmSize: must(args, "node-vm-size"), mode: "System", osType: "Linux" };
      if (str(args, "max-pods")) pool["maxPods"] = Number(str(args, "max-pods"));
      const properties: Record<string, unknown> = { agentPoolProfiles: [pool] };
      if (str(args, "kubernetes-version")) properties["kubernetesVersion"] = str(args, "kubernetes-version");
      if (str(args, "dns-name-prefix")) properties["dnsPrefix"] = str(args, "dns-name-prefix");
      if (str(args, "network-plugin")) properties["networkProfile"] = { networkPlugin: str(args, "network-plugin") };
      const body: Record<string, unknown> = { location, identity: { type: "SystemAssigned" }, properties };
      if (str(args, "tags")) body["tags"] = parseTags(str(args, "tags")!);
      const done = await longRunning(ctx, args, "PUT", clusterPath(ctx, rg, name), { body, label: `Creating ${name}` });
      return done.waited ? flatten(await getCluster(ctx, rg, name)) : undefined;
    },
  },
  {
    path: ["aks", "show"],
    summary: "Show the details for a managed Kubernetes cluster.",
    args: rgAndName,
    table: (c) => rows([c]).map(clusterRow),
    examples: [{ summary: "Show the details for a managed Kubernetes cluster", command: "azl aks show -g MyResourceGroup -n MyManagedCluster" }],
    async run(ctx, args) {
      return flatten(await getCluster(ctx, must(args, "resource-group"), must(args, "name")));
    },
  },
  {
    path: ["aks", "list"],
    summary: "List managed Kubernetes clusters.",
    args: [{ ...arg.resourceGroup(), required: false }],
    table: (list) => rows(list).map(clusterRow),
    async run(ctx, args) {
      const rg = str(args, "resource-group");
      const path = rg ? `${groupPath(ctx, rg)}/providers/Microsoft.ContainerService/managedClusters` : `/subscriptions/${ctx.subscription()}/providers/Microsoft.ContainerService/managedClusters`;
      const out: unknown[] = [];
      for (let url: string | undefined = path; url; ) {
        const page: ListPage<unknown> = (await ctx.client().call<ListPage<unknown>>("GET", url, { apiVersion: AKS_API })).body;
        out.push(...page.value.map(flatten));
        url = page.nextLink;
      }
      return out;
    },
  },
  {
    path: ["aks", "delete"],
    summary: "Delete a managed Kubernetes Cluster.",
    longRunning: true,
    args: [...rgAndName, arg.yes()],
    async run(ctx, args) {
      await confirmCommand(ctx, args);
      await longRunning(ctx, args, "DELETE", clusterPath(ctx, must(args, "resource-group"), must(args, "name")), { label: `Deleting ${must(args, "name")}` });
      return undefined;
    },
  },
  ...(["start", "stop"] as const).map(
    (action): CommandSpec => ({
      path: ["aks", action],
      summary: action === "start" ? "Starts a previously stopped Managed Cluster." : "Stop a managed cluster.",
      longRunning: true,
      args: rgAndName,
      async run(ctx, args) {
        const name = must(args, "name");
        await longRunning(ctx, args, "POST", `${clusterPath(ctx, must(args, "resource-group"), name)}/${action}`, { label: `${action === "start" ? "Starting" : "Stopping"} ${name}` });
        return undefined;
      },
    }),
  ),
  {
    path: ["aks", "scale"],
    summary: "Scale the node pool in a managed Kubernetes cluster.",
    longRunning: true,
    args: [...rgAndName, { name: "node-count", short: "c", help: "Number of nodes in the Kubernetes node pool.", required: true }, { name: "nodepool-name", help: "Node pool name, up to 12 alphanumeric characters." }],
    async run(ctx, args) {
      const rg = must(args, "resource-group");
      const name = must(args, "name");
      const cluster = await getCluster(ctx, rg, name);
      const profiles = cluster.properties.agentPoolProfiles ?? [];
      const wanted = str(args, "nodepool-name");
      // az's own checks (CLIError: exit 1), before anything is sent.
      if (!wanted && profiles.length > 1) throw new CliError("client", "There are more than one node pool in the cluster. Please specify nodepool name or use az aks nodepool command to scale node pool");
      const target = profiles.find((p) => p.name === wanted || (!wanted && profiles.length === 1));
      if (!target) throw new CliError("client", `The nodepool "${wanted ?? ""}" was not found.`);
      if (target["enableAutoScaling"] === true) throw new CliError("client", "Cannot scale cluster autoscaler enabled node pool.");
      target.count = Number(must(args, "node-count"));
      return putCluster(ctx, args, rg, name, cluster, `Scaling ${name}`);
    },
  },
  {
    path: ["aks", "upgrade"],
    summary: "Upgrade a managed Kubernetes cluster to a newer version.",
    longRunning: true,
    args: [...rgAndName, { name: "kubernetes-version", short: "k", help: "Version of Kubernetes to upgrade the cluster to, such as \"1.33.3\"." }, { name: "control-plane-only", help: "Upgrade the cluster control plane only.", flag: true }, arg.yes()],
    async run(ctx, args) {
      const rg = must(args, "resource-group");
      const name = must(args, "name");
      // az asks first, then reads the cluster, warns, and asks which pools to take along.
      if (!(await promptYesNo(ctx, args, "Kubernetes may be unavailable during cluster upgrades.\n Are you sure you want to perform this operation? (y/N): "))) return undefined;
      const cluster = await getCluster(ctx, rg, name);
      const p = cluster.properties;
      const requested = str(args, "kubernetes-version") ?? "";
      if (requested === "" || requested === p.kubernetesVersion) {
        if (p.provisioningState === "Succeeded") ctx.warn(`The cluster is already on version ${p.kubernetesVersion} and is not in a failed state. No operations will occur when upgrading to the same version if the cluster is not in a failed state.`);
        else if (p.provisioningState === "Failed") ctx.warn(`Cluster currently in failed state. Proceeding with upgrade to existing version ${p.kubernetesVersion} to attempt resolution of failed cluster state.`);
      }
      // Without -k az sends kubernetesVersion "" (and "" for every pool): the request azl sends too.
      const version = requested;
      const controlPlaneOnly = Boolean(args["control-plane-only"]);
      const question = controlPlaneOnly
        ? `Since control-plane-only argument is specified, this will upgrade only the control plane to ${requested}. Node pool will not change. Continue? (y/N): `
        : `Since control-plane-only argument is not specified, this will upgrade the control plane AND all nodepools to version ${requested}. Continue? (y/N): `;
      if (!(await promptYesNo(ctx, args, question))) return undefined;
      p.kubernetesVersion = version;
      // Without --control-plane-only az upgrades every pool with the control plane.
      if (!controlPlaneOnly) for (const pool of p.agentPoolProfiles ?? []) pool.orchestratorVersion = version;
      return putCluster(ctx, args, rg, name, cluster, `Upgrading ${name}`);
    },
  },
  {
    path: ["aks", "update"],
    summary: "Update a managed Kubernetes cluster; with no change, reconcile it to its current settings.",
    longRunning: true,
    args: [...rgAndName, { name: "tags", help: "Space-separated tags: key[=value] [key[=value] ...]. Use '' to clear existing tags." }, arg.yes()],
    async run(ctx, args) {
      const rg = must(args, "resource-group");
      const name = must(args, "name");
      const cluster = await getCluster(ctx, rg, name);
      if (str(args, "tags") !== undefined) cluster.tags = parseTags(str(args, "tags")!);
      else if (!(await promptYesNo(ctx, args, "no argument specified to update would you like to reconcile to current settings? (y/N): "))) throw new CliError("client", "Operation cancelled.");
      return putCluster(ctx, args, rg, name, cluster, `Updating ${name}`);
    },
  },
  {
    path: ["aks", "get-credentials"],
    summary: "Get access credentials for a managed Kubernetes cluster.",
    args: [
      ...rgAndName,
      { name: "admin", short: "a", help: "Get cluster administrator credentials.", flag: true },
      { name: "file", short: "f", help: "Kubernetes configuration file to update. Use \"-\" to print YAML to stdout instead.", defaultValue: "~/.kube/config" },
      { name: "overwrite-existing", help: "Overwrite any existing cluster entry with the same name.", flag: true },
      { name: "context", help: "If specified, overwrite the default context name." },
    ],
    async run(ctx, args) {
      const action = args["admin"] ? "listClusterAdminCredential" : "listClusterUserCredential";
      const res = await ctx.client().call<CredentialResults>("POST", `${clusterPath(ctx, must(args, "resource-group"), must(args, "name"))}/${action}`, { apiVersion: AKS_API });
      const kubeconfig = Buffer.from(String(res.body.kubeconfigs[0]?.value), "base64").toString("utf8");
      const file = must(args, "file");
      if (file === "-") {
        ctx.stdout(kubeconfig);
        return undefined;
      }
      const path = file.replace(/^~(?=$|\/)/, ctx.env["HOME"] ?? homedir());
      const context = mergeKubeconfig({ path: resolve(ctx.cwd, path), incoming: kubeconfig, overwrite: Boolean(args["overwrite-existing"]), ...(str(args, "context") ? { context: str(args, "context")! } : {}) });
      ctx.warn(`Merged "${context}" as current context in ${path}`);
      return undefined;
    },
  },
  {
    path: ["aks", "get-upgrades"],
    summary: "Get the upgrade versions available for a managed Kubernetes cluster.",
    args: rgAndName,
    table: (result) => {
      const p = result as FlatUpgradeProfile;
      return [{ Name: p.name, ResourceGroup: p.resourceGroup, MasterVersion: p.controlPlaneProfile?.kubernetesVersion, Upgrades: (p.controlPlaneProfile?.upgrades ?? []).map((u) => u.kubernetesVersion).join(", ") || "None available" }];
    },
    async run(ctx, args) {
      const res = await ctx.client().call("GET", `${clusterPath(ctx, must(args, "resource-group"), must(args, "name"))}/upgradeProfiles/default`, { apiVersion: AKS_API });
      return flatten(res.body);
    },
  },
  {
    path: ["aks", "get-versions"],
    summary: "Get the versions available for creating a managed Kubernetes cluster.",
    args: [{ name: "location", short: "l", help: "Location.", required: true }],
    table: (r) =>
      (r as KubernetesVersionList).values.flatMap((v) =>
        Object.entries(v.patchVersions ?? {}).map(([patch, info]) => ({ KubernetesVersion: patch, Upgrades: (info.upgrades ?? []).join(", ") || "None available", SupportPlan: (v.capabilities?.supportPlan ?? []).join(", "), IsPreview: v.isPreview ? "True" : "" })),
      ).reverse(),
    async run(ctx, args) {
      return (await ctx.client().call("GET", `/subscriptions/${ctx.subscription()}/providers/Microsoft.ContainerService/locations/${must(args, "location")}/kubernetesVersions`, { apiVersion: AKS_API })).body;
    },
  },
  {
    path: ["aks", "operation-abort"],
    summary: "Abort last running operation on managed cluster.",
    longRunning: true,
    args: rgAndName,
    async run(ctx, args) {
      await longRunning(ctx, args, "POST", `${clusterPath(ctx, must(args, "resource-group"), must(args, "name"))}/abort`, { label: "Aborting" });
      return undefined;
    },
  },
  {
    path: ["aks", "wait"],
    summary: "Wait for a managed Kubernetes cluster to reach a desired state.",
    args: [
      ...rgAndName,
      { name: "created", help: "Wait until created with 'provisioningState' at 'Succeeded'.", flag: true },
      { name: "updated", help: "Wait until updated with provisioningState at 'Succeeded'.", flag: true },
      { name: "deleted", help: "Wait until deleted.", flag: true },
      { name: "exists", help: "Wait until the resource exists.", flag: true },
      { name: "custom", help: "Wait until the condition satisfies a custom JMESPath query, e.g. provisioningState!='InProgress'." },
      { name: "interval", help: "Polling interval in seconds.", defaultValue: "30" },
      { name: "timeout", help: "Maximum wait in seconds.", defaultValue: "3600" },
    ],
    async run(ctx, args) {
      const { default: jmespath } = await import("jmespath");
      const deadline = systemNow() + Number(must(args, "timeout")) * 1000;
      for (;;) {
        const res = await ctx.client().call("GET", clusterPath(ctx, must(args, "resource-group"), must(args, "name")), { apiVersion: AKS_API, allowStatus: [404] });
        const c = res.status === 404 ? undefined : (flatten(res.body) as Record<string, unknown> | undefined);
        const done = args["deleted"] ? !c : args["exists"] ? Boolean(c) : str(args, "custom") ? Boolean(c && jmespath.search(c, str(args, "custom")!)) : c?.provisioningState === "Succeeded";
        if (done) return undefined;
        if (systemNow() > deadline) throw new CliError("client", "Wait operation timed-out after " + must(args, "timeout") + " seconds");
        await new Promise((r) => setTimeout(r, Number(must(args, "interval")) * 1000));
      }
    },
  },
  {
    path: ["aks", "operation", "show"],
    summary: "Show the details for a specific operation on a managed Kubernetes cluster.",
    args: [...rgAndName, { name: "operation-id", help: "The ID of the operation.", required: true }, { name: "nodepool-name", help: "Node pool name: show an agent pool operation." }],
    table: (o) => rows([o]).map(operationRow),
    async run(ctx, args) {
      return (await ctx.client().call("GET", `${operationsBase(ctx, args)}/${must(args, "operation-id")}`, { apiVersion: AKS_PREVIEW_API })).body;
    },
  },
  {
    path: ["aks", "operation", "show-latest"],
    summary: "Show the details for the latest operation on a managed Kubernetes cluster.",
    args: [...rgAndName, { name: "nodepool-name", help: "Node pool name: show the pool's latest operation." }],
    table: (o) => rows([o]).map(operationRow),
    async run(ctx, args) {
      return (await ctx.client().call("GET", `${operationsBase(ctx, args)}/latest`, { apiVersion: AKS_PREVIEW_API })).body;
    },
  },
  {
    path: ["aks", "operation", "list"],
    summary: "List the operations (the 50 newest) on a managed Kubernetes cluster.",
    args: [...rgAndName, { name: "nodepool-name", help: "Node pool name: list the pool's operations." }, { name: "active-only", help: "Only show operations still in progress.", flag: true }],
    table: (list) => rows(list).map(operationRow),
    async run(ctx, args) {
      const { value } = (await ctx.client().call<ListPage<Record<string, unknown>>>("GET", operationsBase(ctx, args), { apiVersion: AKS_PREVIEW_API })).body;
      return args["active-only"] ? value.filter((o) => o.status === "InProgress" || o.status === "Canceling") : value;
    },
  },
];

function operationsBase(ctx: Parameters<CommandSpec["run"]>[0], args: Record<string, unknown>): string {
  const rg = String(args["resource-group"]);
  const name = String(args["name"]);
  const pool = args["nodepool-name"];
  return `${typeof pool === "string" ? poolPath(ctx, rg, name, pool) : clusterPath(ctx, rg, name)}/operations`;
}

