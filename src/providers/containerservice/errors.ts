// Microsoft.ContainerService's errors as data: validation, admission (seed 000), abort (seed 001).
// Texts are real AKS texts (shared/design/ERROR-TEXTS.md, seed articles) byte for byte; where no
// real sample exists the entry says so and mirrors the nearest real form.
import { entry, refusalsOf, type Refusal } from "../../arm/catalog.js";

const PENDING = "please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details";
const SUPPORTED_VERSIONS_LINK = "Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list";

export const AKS_ERRORS = {
  // Real AKS answers a missing agent pool / operation with NotFound from the RP.
  childNotFound: entry<{ what: string }>({ status: 404, code: "NotFound", envelope: "aks", message: (p) => p.what }),
  // --- AKS validation ---
  invalidParameter: entry<{ message: string; target: string }>({ status: 400, code: "InvalidParameter", envelope: "aks", message: (p) => p.message }),
  // AKS's one form for a value it refuses, target = the parameter: real for name and
  // agentPoolProfile.name (ERROR-TEXTS §2), agentPoolProfile.count (Azure/azure-cli#22442) and
  // agentPoolProfile.minCount (Azure/AKS#2670). For dnsPrefix, agentPoolProfile.maxPods,
  // agentPoolProfile.maxCount and agentPoolProfile.osType no real sample was found; they use it too.
  invalidParameterValue: entry<{ target: string }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `The value of parameter ${p.target} is invalid. Please see https://aka.ms/aks-naming-rules for more details.`,
  }),
  // Real (rancher/dashboard#3412: agentPoolProfile.minCount with enableAutoScaling; pulumi/pulumi-kubernetes#2704: properties.count).
  requiredParameterMissing: entry<{ target: string }>({ status: 400, code: "InvalidParameter", envelope: "aks", message: (p) => `Required parameter ${p.target} is missing (null).` }),
  // Real (ERROR-TEXTS §2; kubernetes-sigs/cluster-api-provider-azure#5947). With the autoscaler on,
  // the bounds are the pool's minCount and maxCount (the sample prints the allowed range the same way).
  invalidNodeCount: entry<{ path: string; count: number; min: number; max: number }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `${p.path} was ${p.count}. It must be greater or equal to minCount:${p.min} and less than or equal to maxCount:${p.max}. If allowedMinCount was expected to be 0 but is 1: 1) The nodepool is a VMAS pool. 2) api Version is less than 2020-03-01. 3) The node is a system pool.`,
  }),
  // Real (pulumi/pulumi-azure-native#663: "The OSDiskSize for Agent pool1 cannot be less than 30GB
  // or larger than 2048GB.", code InvalidParameter, no target printed).
  osDiskSizeOutOfRange: entry<{ pool: string }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `The OSDiskSize for Agent ${p.pool} cannot be less than 30GB or larger than 2048GB.`,
  }),
  // Real (ERROR-TEXTS §2, target vmSize). The sample elides the list ("are: ... Find out more");
  // Compute's same text joins it with "," (Azure/azure-quickstart-templates#7147); the ". " after
  // the list is assumed.
  vmSizeNotAvailable: entry<{ vmSize: string; available: readonly string[]; target: string }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `The requested VM size ${p.vmSize} is not available in the current region. The sizes available in the current region are: ${p.available.join(",")}. Find out more on the available VM sizes in each region at <https://aka.ms/azureregions>.`,
  }),
  // Real (Azure/terraform quickstart/201-k8s-cluster-with-tf-and-aks/TestRecord.md, Jan 2026: 400
  // {"code":"BadRequest","message":"The VM size of Standard_D2_v2 is not allowed in your
  // subscription in location 'eastus'. The available VM sizes are 'standard_b16pls_v2,...' For more
  // details, please visit https://aka.ms/aks/quotas-skus-regions"}; hashicorp-education/
  // learn-terraform-provision-aks-cluster#15 the same for Standard_B2s). The list is lower case and
  // sorted, no period after its closing quote; no target. For a size the location does not offer;
  // `available` comes as AKS lists it (lower case, sorted).
  vmSizeNotAllowedInLocation: entry<{ vmSize: string; location: string; available: readonly string[] }>({
    status: 400, code: "BadRequest", envelope: "aks",
    message: (p) => `The VM size of ${p.vmSize} is not allowed in your subscription in location '${p.location}'. The available VM sizes are '${p.available.join(",")}' For more details, please visit https://aka.ms/aks/quotas-skus-regions`,
  }),
  // Real (AKS support TSG "AvailabilityZoneNotSupported": "The zone(s) '2' for resource 'test' is
  // not supported. The supported zones for location 'centralus' are '1,3'"; MicrosoftDocs/
  // SupportArticles-docs availabilityzonenotsupported-error.md, 2025, the same quoted form). A region
  // without zones lists none: "are ''" (users' notes for westus and southindia). The older unquoted
  // form ("are (empty).", ERROR-TEXTS §5) is no longer sent. The target is aksemu's (none printed).
  availabilityZoneNotSupported: entry<{ zones: readonly string[]; pool: string; location: string; supported: readonly string[]; target: string }>({
    status: 400, code: "AvailabilityZoneNotSupported", envelope: "aks",
    message: (p) => `The zone(s) '${p.zones.join(",")}' for resource '${p.pool}' is not supported. The supported zones for location '${p.location}' are '${p.supported.join(",")}'`,
  }),
  // Real (Azure/AKS#2635 az output "(VMCacheSizeTooSmall) The virtual machine size
  // Standard_NC4as_T4_v3 has a cache size of 154619000000 bytes, but the OS disk requires
  // 193273528320 bytes. ..."; the same text in rancher/rancher#33679, Azure/AKS#2672 (StatusCode=400)
  // and MicrosoftDocs/azure-docs#73585). No target.
  vmCacheSizeTooSmall: entry<{ vmSize: string; cacheBytes: number; requiredBytes: number }>({
    status: 400, code: "VMCacheSizeTooSmall", envelope: "aks",
    message: (p) => `The virtual machine size ${p.vmSize} has a cache size of ${p.cacheBytes} bytes, but the OS disk requires ${p.requiredBytes} bytes. Use a VM size with larger cache or disable ephemeral OS.`,
  }),
  // Real, target = the property: 'dnsPrefix' (Azure/terraform-azurerm-avm-res-containerservice-managedcluster#166),
  // 'enableRBAC' (Azure/AKS#575), 'networkProfile.networkPlugin' (Azure/AKS#409),
  // 'agentPoolProfile.enableNodePublicIP' (hashicorp/terraform-provider-azurerm#10951),
  // 'networkProfile.ebpfDataplane' (Azure/AKS#3369). For networkProfile.podCidr, podCidrs,
  // serviceCidr, serviceCidrs, dnsServiceIP and networkPluginMode no sample was found; they use it too.
  propertyChangeNotAllowed: entry<{ target: string }>({ status: 400, code: "PropertyChangeNotAllowed", envelope: "aks", message: (p) => `Changing property '${p.target}' is not allowed.` }),
  // Real (MicrosoftDocs/azure-dev-docs#216 and #213: StatusCode=400, Code="SystemPoolSkuTooLow",
  // for Standard_DS1_v2; jamesbannan/pluralsight#12 the same text). No target printed. AKS means
  // "at least": Standard_DS2_v2 (2 vCPUs) and Standard_B2s (2 vCPUs, 4 GiB) are accepted.
  systemPoolSkuTooLow: entry<{ pool: string }>({
    status: 400, code: "SystemPoolSkuTooLow", envelope: "aks",
    message: (p) => `System node pool must use VM sku with more than 2 cores and 4GB memory. Nodepool name: ${p.pool}.`,
  }),
  // Real (ams0/aks-nvme-ssd-provisioner#5, az output "(BadRequest) Invalid node label key
  // kubernetes.azure.com/aks-local-ssd. The 'kubernetes.azure.com' prefix is preserved by aks
  // system labels"; no final period, no target printed).
  nodeLabelReserved: entry<{ key: string }>({
    status: 400, code: "BadRequest", envelope: "aks",
    message: (p) => `Invalid node label key ${p.key}. The 'kubernetes.azure.com' prefix is preserved by aks system labels`,
  }),
  // Real (Azure/AKS#1538: "Node label 'example.company.com/label-name: ' does not meet syntax and
  // character specifications. ...", code BadRequest; the label is printed as 'key: value'). No
  // target in the sample.
  nodeLabelSyntax: entry<{ key: string; value: string }>({
    status: 400, code: "BadRequest", envelope: "aks",
    message: (p) => `Node label '${p.key}: ${p.value}' does not meet syntax and character specifications. Please see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/ for more details.`,
  }),
  // Real (Azure/AKS#4613 az output, 2024; the same text in Azure/AKS#2866 and
  // hashicorp/terraform-provider-azurerm#18567): code BadRequest, target 'key=value'
  // ("node-role.kubernetes.io/eos=" for an empty value). 2020 bodies (Azure/AKS#1937) also listed
  // an allowed set (kubernetes.io/os, ...); AKS now reserves those labels for itself and no longer
  // lists them.
  nodeLabelKubernetesNamespace: entry<{ target: string }>({
    status: 400, code: "BadRequest", envelope: "aks",
    message: () => "For Kubernetes version greater than or equal to 1.16, node label keys in the 'kubernetes.io' or 'k8s.io' namespace must begin with an allowed prefix (kubelet.kubernetes.io, node.kubernetes.io). For more information, please check https://aka.ms/aks-node-labels-116.",
  }),
  // No real AKS body found: hashicorp/terraform-provider-azurerm#32269 reports only that Azure
  // answers "invalid taint spec" (Kubernetes' own wording) and points to https://aka.ms/node-taints.
  // Mirrors AKS's InvalidParameter form with that fragment and link.
  invalidNodeTaint: entry<{ taint: string; target: string }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `The value of parameter ${p.target} is invalid: invalid taint spec: '${p.taint}'. Please see https://aka.ms/node-taints for more details.`,
  }),
  // No real AKS body found: Azure/AKS#1412 (fixed) shows only the old outcome (NodesNotReady).
  // The rule is Kubernetes' ("taints must be unique by key and effect pair", the API server's
  // refusal of such a node); mirrors invalidNodeTaint's form with that wording.
  duplicateNodeTaint: entry<{ taint: string; target: string }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `The value of parameter ${p.target} is invalid: taints must be unique by key and effect pair: '${p.taint}'. Please see https://aka.ms/node-taints for more details.`,
  }),
  // Real form (Azure/azure-cli#24966: "OSSKU='Windows2019' is invalid, details: Unrecognized
  // OSSKU", code InvalidOSSKU, for Windows2019 on a Linux pool; the same form in
  // hashicorp/terraform-provider-azurerm#30575 and Azure/AKS#4819). Used both ways: the only sample
  // of a Linux SKU on a Windows pool (terraform-provider-azurerm#13306, 2021: "details: Windows does
  // not allow OSSKU selection") predates Windows SKUs, so that detail is no longer true. No target.
  invalidOsSku: entry<{ osSku: string }>({
    status: 400, code: "InvalidOSSKU", envelope: "aks",
    message: (p) => `OSSKU='${p.osSku}' is invalid, details: Unrecognized OSSKU`,
  }),
  // No real AKS body found (az refuses it client-side: "--dns-name-prefix and --fqdn-subdomain
  // cannot be used at same time", azure-cli's acs decorator). Mirrors AKS's real "Error details"
  // form, double period included (ERROR-TEXTS §2 reserved names; pulumi/pulumi-azure-native#571).
  dnsPrefixWithFqdnSubdomain: entry<{ target: string }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `The value of parameter ${p.target} is invalid. Error details: dnsPrefix and fqdnSubdomain cannot be used at same time.. Please see https://aka.ms/aks-naming-rules for more details.`,
  }),
  k8sVersionNotSupported: entry<{ name: string; version: string }>({
    status: 400, code: "K8sVersionNotSupported", envelope: "aks",
    message: (p) => `Managed cluster ${p.name} is on version ${p.version} which is not supported in this region. ${SUPPORTED_VERSIONS_LINK}`,
  }),
  agentPoolK8sVersionNotSupported: entry<{ version: string }>({
    status: 400, code: "AgentPoolK8sVersionNotSupported", envelope: "aks",
    message: (p) => `Version ${p.version} is not supported in this region. ${SUPPORTED_VERSIONS_LINK}`,
  }),
  upgradeSkipsMinor: entry<{ from: string; to: string; available: readonly string[] }>({
    status: 400, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Upgrading Kubernetes version ${p.from} to ${p.to} is not allowed. Available upgrades: [${p.available.join(" ")}]. Please see https://aka.ms/aks-supported-k8s-ver for version details.`,
  }),
  downgradeNotAllowed: entry<{ from: string; to: string; available: readonly string[] }>({
    status: 400, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Downgrading Kubernetes version ${p.from} to ${p.to} is not allowed. Available upgrades: [${p.available.join(" ")}]. Please see https://aka.ms/aks-supported-k8s-ver for version details.`,
  }),
  nodePoolVersionIncompatible: entry<{ pool: string; control: string; poolMinor: number; controlMinor: number }>({
    status: 400, code: "NodePoolMcVersionIncompatible", envelope: "aks",
    message: (p) => `Node pool version ${p.pool} and control plane version ${p.control} is incompatible. Minor version of node pool cannot be more than 3 versions less than control plane's version. Minor version of node pool is ${p.poolMinor} and control plane is ${p.controlMinor}. For more information, see [AKS upgrade version skew policy](https://aka.ms/aks/UpgradeVersionRules).`,
  }),
  notAllAgentPoolOrchestratorVersions: entry({
    status: 400, code: "NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged", envelope: "aks",
    message: () => "Using managed cluster api, all Agent pools' OrchestratorVersion must be all specified or all unspecified. If all specified, they must be stay unchanged or the same with control plane. For agent pool specific change, please use per agent pool operations: https://aka.ms/agent-pool-rest-api",
  }),
  poolVersionAboveControlPlane: entry<{ pool: string; control: string }>({
    // No real sample found; mirrors the NodePoolMcVersionIncompatible form.
    status: 400, code: "NodePoolMcVersionIncompatible", envelope: "aks",
    message: (p) => `Node pool version ${p.pool} and control plane version ${p.control} is incompatible. Node pool version cannot be greater than control plane version. For more information, see [AKS upgrade version skew policy](https://aka.ms/aks/UpgradeVersionRules).`,
  }),
  powerStateWithOtherChanges: entry<{ properties: readonly string[] }>({
    // No real sample found; mirrors the InvalidParameter form of the powerState rule above.
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `The value of parameter agentPoolProfile.powerState is invalid: the power state cannot be changed together with other properties (${p.properties.join(", ")}). Start or stop the agent pool first, then update it.`,
  }),
  systemPoolRequired: entry({
    // No real sample found; the rule (a cluster keeps at least one System pool) is documented by AKS.
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: () => "The value of parameter agentPoolProfile.mode is invalid. A managed cluster must have at least one agent pool in System mode. Please see https://aka.ms/aks/nodepool/mode for more details.",
  }),
  cannotDeleteLastSystemPool: entry<{ pool: string }>({
    // No real sample found; mirrors AKS's wording for system pool rules.
    status: 400, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Cannot delete agent pool '${p.pool}': it is the last System mode agent pool of the managed cluster. Please see https://aka.ms/aks/nodepool/mode for more details.`,
  }),

  // --- admission (seed 000) ---
  anotherOperationInProgress: entry<{ operation: string }>({ status: 409, code: "OperationNotAllowed", envelope: "aks", message: (p) => `Operation is not allowed: Another operation (${p.operation}) is in progress, ${PENDING}` }),
  anotherAgentPoolOperationInProgress: entry<{ operation: string }>({ status: 409, code: "OperationNotAllowed", envelope: "aks", message: (p) => `Operation is not allowed: Another agentpool operation (${p.operation}) is in progress, ${PENDING}` }),
  clusterOperationBlockedByAgentPool: entry<{ operation: string; pool: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Managed Cluster operation is not allowed: Another operation (${p.operation}) is in progress on agent pool (${p.pool}), ${PENDING}`,
  }),
  // The seed prints no space after "performed" before "The previous operation": kept byte for byte.
  powerActionNotAllowed: entry<{ provisioningState: string; powerState: string; action: "starting" | "stopping"; startedAt: string; elapsed: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `managed cluster is in Provisioning State(${p.provisioningState}) and Power State(${p.powerState}), ${p.action} cannot be performed The previous operation started at '${p.startedAt}' and elapsed time is: '${p.elapsed}' (RFC3339 format)`,
  }),
  stopOnStoppedCluster: entry<{ startedAt: string; elapsed: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `managed cluster is not currently running, stopping cannot be performed; The stop operation started at '${p.startedAt}' and elapsed time is: '${p.elapsed}' (RFC3339 format)`,
  }),
  // No real sample for start on a running cluster: mirrors the stop form above.
  startOnRunningCluster: entry<{ startedAt: string; elapsed: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `managed cluster is already running, starting cannot be performed; The start operation started at '${p.startedAt}' and elapsed time is: '${p.elapsed}' (RFC3339 format)`,
  }),
  clusterStopped: entry<{ subscriptionId: string; resourceGroup: string }>({
    status: 400, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `An error has occurred in subscription ${p.subscriptionId}, resourceGroup: ${p.resourceGroup} request: Managed Cluster is in stopped state, no operations except for start are allowed.`,
  }),
  deletionIssued: entry<{ operation: string; name: string; startedAt: string; elapsed: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Unable to perform '${p.operation}' operation on '${p.name}' since deletion was issued on '${p.name}'. The only allowed operation is deletion once deletion has started. The delete operation started at '${p.startedAt}' and elapsed time is: '${p.elapsed}' (RFC3339 format)`,
  }),

  // --- abort (seed 001). The REST doc says only "a 409 error code is returned"; no real body text
  // was found, so these mirror the admission texts above. ---
  nothingToAbort: entry<{ resource: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Unable to abort operation on '${p.resource}': there is no operation in progress. Only a running operation can be aborted.`,
  }),
  alreadyAborting: entry<{ resource: string; operationId: string }>({
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Unable to abort operation on '${p.resource}': operation ${p.operationId} is already being canceled.`,
  }),

  // --- dependencies (seed 002, SubscriptionNotRegistered) ---
  // AKS creates and scales nodes through Microsoft.Compute and Microsoft.Network; when the
  // subscription has one of them unregistered, that provider's SubscriptionNotRegistered comes back
  // through AKS. No AKS body was found (ARM's own form, Azure/CloudShell#487 in ERROR-TEXTS §9,
  // prints "[N/A]" placeholders); these are the dependencies' real texts as AKS passes them on, 409:
  // Compute's from an AKS node pool scale, Azure/AKS#3385 ("Failed to scale node pool 'xxx' in
  // Kubernetes service 'xxx'. Error: autorest/azure: Service returned an error. Status=409
  // Code="SubscriptionNotRegistered" Message="Subscription is not registered."").
  computeNotRegistered: entry({
    status: 409, code: "SubscriptionNotRegistered", envelope: "aks",
    message: () => 'autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered" Message="Subscription is not registered."',
  }),
  // Network's (NRP), real from a SecurityGroupsClient call (docker-machine on Azure: "Original Error:
  // autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered"
  // Message="Subscription <guid> is not registered with NRP." Details=[]"), in the same form.
  networkNotRegistered: entry<{ subscriptionId: string }>({
    status: 409, code: "SubscriptionNotRegistered", envelope: "aks",
    message: (p) => `autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered" Message="Subscription ${p.subscriptionId} is not registered with NRP." Details=[]`,
  }),

  // --- infrastructure (seed 002, "Infrastructure issues": reconcile each pool and the cluster) ---
  // Real (Azure/AKS#4975, ERROR-TEXTS §12): an operation failing with ReconcileVMSSAgentPoolFailed,
  // "Internal server error". An operation's error (faults, the infrastructure-transient scenario),
  // never a synchronous answer; the status is aksemu's.
  reconcileVmssAgentPoolFailed: entry({ status: 500, code: "ReconcileVMSSAgentPoolFailed", envelope: "aks", message: () => "Internal server error" }),
  // Real (ERROR-TEXTS §12, the Azure/AKS#1380 variant, 2020): the monitoring addon's workspace is
  // gone. As an API client gets it: without the portal's "Failed to save Kubernetes service '…'.
  // Error: " prefix, with the code and the lower-cased id of hashicorp/terraform-azurerm-aks#90
  // (2021, same message). The 2020-21 era is the one with a complete real sample (the newer
  // "Unable to retrieve log analytics workspace. If resource is intentionally deleted…" form of
  // §12 is only known in part). `code`/`message`: the 404 Microsoft.OperationalInsights answers
  // for the workspace (ResourceNotFound; ResourceGroupNotFound when its group is gone), quoted. An
  // operation's error (a cluster PUT's first step), never a synchronous answer.
  getLogAnalyticsWorkspaceError: entry<{ workspaceId: string; code: string; message: string }>({
    status: 400, code: "GetLogAnalyticsWorkspaceError", envelope: "aks",
    message: (p) => `Unable to get log analytics workspace info. Resource ID: ${p.workspaceId}. Details: autorest/azure: Service returned an error. Status=404 Code="${p.code}" Message="${p.message}". For more details about how to create and use log analytics workspace,  please refer to: https://aka.ms/new-log-analytics`,
  }),

  // --- AvailabilitySet pools and capacity reservation groups (domain/availability-set-pools.ts) ---
  // Real (MicrosoftDocs/azure-docs#24942, terraform's AgentPoolsClient#CreateOrUpdate on a cluster
  // with an AvailabilitySet pool, 400): the agent pool API on a cluster that is not all scale sets.
  agentPoolApisNotSupported: entry({
    status: 400, code: "AgentPoolAPIsNotSupported", envelope: "aks",
    message: () => "AgentPool APIs supported only for clusters with VMSS agentpools. For more information, please check https://aka.ms/multiagentpoollimitations",
  }),
  // No real text was found for a cluster PUT naming an AvailabilitySet pool among others (AKS docs:
  // multiple node pools need scale sets); modeled on the InvalidParameter form and the link above.
  availabilitySetSinglePool: entry<{ target: string }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: () => "The value of parameter properties.agentPoolProfiles is invalid: a cluster with an AvailabilitySet agent pool has that agent pool only; multiple agent pools need VirtualMachineScaleSets. For more information, please check https://aka.ms/multiagentpoollimitations",
  }),
  // No real text was found (searched issues, pages and code for AKS's answer to a missing or
  // foreign-region capacityReservationGroupID); both are modeled on AKS's InvalidParameter form,
  // target the property, and say what to fix.
  capacityReservationGroupNotFound: entry<{ id: string; target: string }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `The value of parameter ${p.target} is invalid: capacity reservation group '${p.id}' was not found. Please see https://aka.ms/aks/capacity-reservation-groups for more details.`,
  }),
  capacityReservationGroupLocation: entry<{ id: string; location: string; clusterLocation: string; target: string }>({
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `The value of parameter ${p.target} is invalid: capacity reservation group '${p.id}' is in location '${p.location}', not in the managed cluster's location '${p.clusterLocation}'. Please see https://aka.ms/aks/capacity-reservation-groups for more details.`,
  }),

  // Real (Azure/AKS-Construction#584, 2023: AKS's body inside a BadRequest; terraform in
  // sassoftware/viya4-iac-azure#163): a vnetSubnetID that names no subnet.
  subnetNotFound: entry<{ subnet: string; vnet: string; resourceGroup: string; subscriptionId: string }>({
    status: 400, code: "SubnetNotFound", envelope: "aks",
    message: (p) => `Could not find subnet ${p.subnet} in vnet ${p.vnet} from resource group ${p.resourceGroup} of subscription ${p.subscriptionId}.`,
  }),
  noUpgradeToComplete: entry<{ pool: string }>({
    // No real sample found; mirrors the admission texts.
    status: 409, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Unable to complete upgrade on agent pool '${p.pool}': there is no upgrade waiting for manual completion.`,
  }),} as const;

export type AksRefusal = Refusal<typeof AKS_ERRORS>;

/** What a pure decision returns instead of throwing; the handlers turn it into the ARM error. */
export const refuse = refusalsOf<typeof AKS_ERRORS>();
