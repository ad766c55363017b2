// Microsoft.Network's errors as data. Network wraps its errors (`{"error":{code,message,details}}`,
// 400 for a bad request); texts are real Network texts byte for byte, from the samples each entry
// names. Where none was found the entry says so and mirrors the nearest real form.
import { entry, refusalsOf, type Refusal } from "../../arm/catalog.js";

export const NETWORK_ERRORS = {
  // Real (Azure/azure-cli#19761, Network's body inside a deployment error): a child resource, or the
  // parent of one (for a write too), or an operation id, that does not exist.
  networkNotFound: entry<{ id: string }>({ status: 404, code: "NotFound", envelope: "arm", message: (p) => `Resource ${p.id} not found.` }),
  // Real (terraform preflight output quoted by Azure/aztfpreflight's docs: target the vnet id).
  invalidAddressPrefixFormat: entry<{ prefix: string; id: string; target: string }>({
    status: 400, code: "InvalidAddressPrefixFormat", envelope: "arm",
    message: (p) => `Address prefix ${p.prefix} of resource ${p.id} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`,
  }),
  // No captured response; the code and text as another Azure mock words them (host bits set).
  invalidCidrNotation: entry<{ prefix: string; id: string; canonical: string }>({
    status: 400, code: "InvalidCIDRNotation", envelope: "arm",
    message: (p) => `The address prefix ${p.prefix} in resource ${p.id} has an invalid CIDR notation. For the given prefix length, the address prefix should be ${p.canonical}.`,
  }),
  // Real (MicrosoftDocs/azure-docs#123869, 2024, both Netcfg texts with their codes).
  subnetRangeOutsideVnet: entry<{ subnet: string; vnet: string }>({
    status: 400, code: "NetcfgSubnetRangeOutsideVnet", envelope: "arm",
    message: (p) => `Subnet '${p.subnet}' is not valid because its IP address range is outside the IP address range of virtual network '${p.vnet}'.`,
  }),
  subnetRangesOverlap: entry<{ subnet: string; vnet: string }>({
    status: 400, code: "NetcfgSubnetRangesOverlap", envelope: "arm",
    message: (p) => `Subnet '${p.subnet}' is not valid because its IP address range overlaps with that of an existing subnet in virtual network '${p.vnet}'.`,
  }),
  // Real text (Azure/azure-cli#10917); used for a subnet that names no address prefix at all (no
  // sample for that case was found).
  invalidSubnet: entry<{ subnet: string; vnet: string }>({
    status: 400, code: "NetcfgInvalidSubnet", envelope: "arm",
    message: (p) => `Subnet '${p.subnet}' is not valid in virtual network '${p.vnet}'.`,
  }),
  // Real (microsoft/nav-arm-templates#161, 2020; 400 in hashicorp/terraform#16093).
  inUseSubnetCannotBeDeleted: entry<{ subnet: string; by: string }>({
    status: 400, code: "InUseSubnetCannotBeDeleted", envelope: "arm",
    message: (p) => `Subnet ${p.subnet} is in use by ${p.by} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
  }),
  // The code is real (Network's error lists name it beside InUseSubnetCannotBeDeleted); no text was
  // found: the delete's form. A subnet whose NICs hold addresses keeps its prefixes.
  inUseSubnetCannotBeUpdated: entry<{ subnet: string; by: string }>({
    status: 400, code: "InUseSubnetCannotBeUpdated", envelope: "arm",
    message: (p) => `Subnet ${p.subnet} is in use by ${p.by} and cannot be updated. In order to change the address prefix of the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
  }),
  // Real (MicrosoftDocs/azure-docs#88211 and the SubnetIsFull troubleshooting article, ERROR-TEXTS.md §4).
  subnetIsFull: entry<{ subnet: string; prefix: string; count: number }>({
    status: 400, code: "SubnetIsFull", envelope: "arm",
    message: (p) => `Subnet ${p.subnet} with address prefix ${p.prefix} does not have enough capacity for ${p.count} IP addresses.`,
  }),
  // Real (Azure/azure-cli#8569 for a subnet referenced by a NIC; ERROR-TEXTS.md §12 for a scale set and a load balancer).
  invalidResourceReference: entry<{ ref: string; by: string }>({
    status: 400, code: "InvalidResourceReference", envelope: "arm",
    message: (p) => `Resource ${p.ref} referenced by resource ${p.by} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
  }),
  // Real (openshift/openshift-azure#2252, ERROR-TEXTS.md §10).
  publicIpCountLimitReached: entry<{ limit: number }>({
    status: 400, code: "PublicIPCountLimitReached", envelope: "arm",
    message: (p) => `Cannot create more than ${p.limit} public IP addresses for this subscription in this region.`,
  }),
  // Real (terraform outputs quoting Network, e.g. hashicorp/terraform-provider-azurerm issues).
  publicIpCannotBeDeleted: entry<{ id: string; by: string }>({
    status: 400, code: "PublicIPAddressCannotBeDeleted", envelope: "arm",
    message: (p) => `Public IP address ${p.id} can not be deleted since it is still allocated to resource ${p.by}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.  To learn how to do this, see aka.ms/deletepublicip.`,
  }),
  // Real (az output quoted in a public troubleshooting log).
  standardIpMustBeStatic: entry<{ id: string }>({
    status: 400, code: "StandardAndStandardV2SkuPublicIPAddressesMustBeStatic", envelope: "arm",
    message: (p) => `Standard sku publicIp ${p.id} must have AllocationMethod set to Static.`,
  }),
  // Real (az output quoted in a public blog: `az network public-ip update --sku Standard`).
  publicIpSkuChange: entry<{ from: string; to: string; id: string }>({
    status: 400, code: "PublicIPAddressSkuCannotBeChanged", envelope: "arm",
    message: (p) => `Sku property is set at creation time and cannot be changed from ${p.from} to ${p.to} on resource update for resource ${p.id}`,
  }),
  // Real (a .NET test fixture quoting Network's body, 2019).
  nsgInUse: entry<{ id: string; by: string }>({
    status: 400, code: "InUseNetworkSecurityGroupCannotBeDeleted", envelope: "arm",
    message: (p) => `Network security group ${p.id} cannot be deleted because it is in use by the following resources: ${p.by}.`,
  }),
  // The code is real (Network's SDK error lists); no text was found: the NSG form.
  routeTableInUse: entry<{ id: string; by: string }>({
    status: 400, code: "InUseRouteTableCannotBeDeleted", envelope: "arm",
    message: (p) => `Route table ${p.id} cannot be deleted because it is in use by the following resources: ${p.by}.`,
  }),
  // Real (az output quoted in public walkthroughs: SecurityRuleConflict, SecurityRuleInvalidPriority).
  securityRuleConflict: entry<{ rule: string; other: string }>({
    status: 400, code: "SecurityRuleConflict", envelope: "arm",
    message: (p) => `Security rule ${p.rule} conflicts with rule ${p.other}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.`,
  }),
  securityRuleInvalidPriority: entry<{ priority: string }>({
    status: 400, code: "SecurityRuleInvalidPriority", envelope: "arm",
    message: (p) => `Security rule has invalid Priority. Value provided: ${p.priority} Allowed range 100-4096.`,
  }),
  // No sample was found for a rule missing a required property or with an unknown value; Network's
  // form for a bad property value (InvalidRequestFormat "Cannot parse the request.") with the
  // property named, as its other validation texts name what they refuse.
  securityRuleInvalidProperty: entry<{ rule: string; property: string; value: string }>({
    status: 400, code: "SecurityRuleParameterInvalid", envelope: "arm",
    message: (p) => `Security rule parameter ${p.property} for rule with Id ${p.rule} is invalid. Value provided: ${p.value}.`,
  }),
  // No sample for a route's bad next hop; the security rule form.
  routeInvalidProperty: entry<{ route: string; property: string; value: string }>({
    status: 400, code: "InvalidRequestFormat", envelope: "arm",
    message: (p) => `Route parameter ${p.property} for route with Id ${p.route} is invalid. Value provided: ${p.value}.`,
  }),
  // No real sample for a malformed $skipToken on Network's lists; the text says what to do instead.
  networkInvalidSkipToken: entry<{ skipToken: string }>({ status: 400, code: "InvalidSkipToken", envelope: "arm", message: (p) => `The $skipToken '${p.skipToken}' is not one this list issued: follow the nextLink of the previous page.` }),
  // Not an error Azure answers: Network drops the packets. The emulator's probe of a node's required
  // egress reports which rule denied it; the plan's owner words it (AKS: OutboundConnFailVMExtensionError).
  outboundBlocked: entry<{ host: string; port: number; rule: string; nsg: string; subnet: string }>({
    status: 400, code: "OutboundBlocked", envelope: "arm",
    message: (p) => `Outbound TCP ${p.port} to ${p.host} from subnet ${p.subnet} is denied by security rule ${p.rule} of network security group ${p.nsg}.`,
  }),
  // Not Azure's either (modelled, as above): the subnet's route to the Internet drops the egress or
  // sends it to a firewall that does not allow it. Same code: the plan's owner words it the same.
  outboundBlockedByRoute: entry<{ host: string; port: number; route: string; hop: string; subnet: string }>({
    status: 400, code: "OutboundBlocked", envelope: "arm",
    message: (p) => `Outbound TCP ${p.port} to ${p.host} from subnet ${p.subnet} is ${p.hop} (route ${p.route}).`,
  }),
  // Modelled: the node's lookups through its vnet's DNS server fail (resolution.ts). The public
  // host's (the CSE's outbound check: exit 50) and the API server's (exit 52) are told apart by code.
  hostNameNotResolved: entry<{ host: string; server: string; vnet: string }>({
    status: 400, code: "HostNameNotResolved", envelope: "arm",
    message: (p) => `The name ${p.host} does not resolve through DNS server ${p.server} of virtual network ${p.vnet}: no DNS server listed answers.`,
  }),
  apiServerNameNotResolved: entry<{ server: string; vnet: string }>({
    status: 400, code: "ApiServerNameNotResolved", envelope: "arm",
    message: (p) => `The cluster's API server name does not resolve through DNS server ${p.server} of virtual network ${p.vnet}: it does not forward to Azure DNS (168.63.129.16).`,
  }),
} as const;

export type NetworkRefusal = Refusal<typeof NETWORK_ERRORS>;
export const refuse = refusalsOf<typeof NETWORK_ERRORS>();
