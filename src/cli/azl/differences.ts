// Where azl deliberately prints something else than the real az 2.45 (Debian's azure-cli, the
// version test/az runs through proxy mode), for docs/cli.md. Everything not listed here, test/az
// compares byte for byte: exit codes, error blocks, warnings, tables and the commands' effects.

export type Difference = { what: string; az: string; azl: string };

export const AZ_VERSION_COMPARED = "2.45.0";

export const DIFFERENCES: readonly Difference[] = [
  {
    what: "`aks operation-abort`, `aks nodepool operation-abort`",
    az: "Not in 2.45 (added in 2.47): `ERROR: 'operation-abort' is misspelled or not recognized by the system.`, exit 2. Abort with `az rest --method post --url https://management.azure.com<cluster id>[/agentPools/<pool>]/abort?api-version=...` instead.",
    azl: "Has both (seed 001's commands), as newer az does.",
  },
  {
    what: "`aks operation show|show-latest|list`",
    az: "Not in az (the aks-preview extension's commands).",
    azl: "Has them.",
  },
  {
    what: "A resource printed as JSON (`aks show`, `aks create`, `nodepool show`, `resource update`, ...)",
    az: "Its SDK model for the api-version it speaks (2022-11-01 for aks): every attribute of the model, null when unset, only fields that api-version knows; names re-cased from Python (`enableRbac`, `osDiskSizeGb`, `enableFips`, `dnsServiceIp`, a pool's `typePropertiesType`); times as Python prints them (`2026-12-02T21:08:17.108000+00:00`).",
    azl: "The resource as the API returns it (api-version 2026-04-01), `properties` flattened, plus `resourceGroup`. `-o table`, `-o tsv` and `--query` on fields spelled alike print the same; a `--query` on a re-cased name (`osDiskSizeGb`) finds nothing. `provider show` and `group` commands print az's models, nulls included.",
  },
  {
    what: "`login`, `account show|list`",
    az: "The cloud is `AzureCloud` (proxy mode answers as management.azure.com).",
    azl: "The cloud is `AzureKubernetesServiceEmulator`; everything else is the same.",
  },
  {
    what: "`aks nodepool upgrade -k` on a Succeeded or Failed pool",
    az: "2.45 crashes: `AttributeError: 'AgentPool' object has no attribute 'kubernetes_version'` (azure-cli#25530, against real AKS too; fixed in 2.46), exit 1.",
    azl: "Behaves as 2.46: asks (or takes `--yes`) and upgrades.",
  },
  {
    what: "`aks upgrade`, `aks nodepool upgrade`, `aks update` (no arguments) without `--yes` and without a terminal",
    az: "2.45 prints a `knack.prompting.NoTTYException` traceback, exit 1.",
    azl: "`ERROR: Unable to prompt for confirmation as no tty available. Use --yes.` (az's own text for this), exit 1. `aks delete` and `group delete` print what az prints: the warning, `ERROR: Operation cancelled.`, exit 1.",
  },
  {
    what: "`aks nodepool delete --yes`",
    az: "2.45 asks nothing and has no `--yes` (`unrecognized arguments`, exit 2).",
    azl: "Asks nothing either; accepts `--yes` and ignores it.",
  },
  {
    what: "`aks get-credentials`",
    az: "The kubeconfig's server is the cluster's API server name, https://{fqdn}:443, reached through proxy mode; its token names management.azure.com.",
    azl: "The server is the emulator's path for the cluster's API (https://127.0.0.1:{port}/_aksemu/kubernetes/{fqdn}) and the token names the direct endpoint. The file is otherwise written the same (PyYAML's layout, az's merge).",
  },
  {
    what: "`aks get-versions`",
    az: "2.45 reads the retired `locations/{location}/orchestrators` API, which aksemu does not serve: `(NotFound)`, exit 3.",
    azl: "Reads `locations/{location}/kubernetesVersions`, as newer az does.",
  },
  {
    what: "A call refused with `MissingSubscriptionRegistration` (an unregistered namespace, seed 002's provider-not-registered)",
    az: "Its pipeline registers the namespace for you first (`WARNING: Resource provider '<namespace>' used by this operation is not registered. We are registering for you.`, `POST .../register?api-version=2016-02-01`, polling every 10 s): aksemu's Microsoft.Resources does not list api-version 2016-02-01, so az goes on with `WARNING: Registration failed. Please register manually.` and then the error block.",
    azl: "Prints the error block alone and registers nothing: `provider register` is the remedy.",
  },
  {
    what: "`aks kollect`",
    az: "Needs a storage account (`--storage-account`, `--sas-token`, or the cluster's diagnostic settings), asks for confirmation, and deploys AKS Periscope into the cluster (`aks-periscope` DaemonSet in its own namespace) to collect node and pod logs, kube objects and network state, which it uploads to a blob container; it prints links to the storage account and the Diagnose and solve problems blade, and reads the result back later.",
    azl: "Deploys nothing and uploads nothing: over the ARM API only, it writes to a local directory (`--output-dir`, default `aks-kollect-<group>-<cluster>-<time>`) the cluster, its agent pools and operation history, the node resource group's scale sets with their instances (instance views), its standalone VMs and availability sets, the last day's activity log of the cluster and of its node resource group, and every detector's result (`{cluster}/detectors`), as JSON files plus `summary.md` (the Provisioning State Check, each detector's verdict, the causes with their remedies); it prints where it wrote them. No node or pod logs (the emulator runs no nodes); `--storage-account`, `--sas-token`, `--container-logs`, `--kube-objects` and `--node-logs` are not accepted.",
  },
];
