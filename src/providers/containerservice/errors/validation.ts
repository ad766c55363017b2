// Microsoft.ContainerService's refusals of what a request asks for: its values (InvalidParameter,
// target = the parameter, and AKS's other 400s for sizes, zones, labels, taints, OS SKUs), and its
// NotFound for a missing agent pool or operation.
// Texts are real AKS texts (shared/design/ERROR-TEXTS.md, seed articles) byte for byte; where no
// real sample exists the entry says so and mirrors the nearest real form.
import { entry } from "../../../arm/catalog.js";

export const VALIDATION_ERRORS = {
  // Real AKS answers a missing agent pool / operation with NotFound from the RP.
  childNotFound: entry<{ what: string }>({ status: 404, code: "NotFound", envelope: "aks", message: (p) => p.what }),
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
} as const;
