// Virtual networks and subnets, pure: what a PUT of a network (with its subnets inline) or of one
// subnet makes of the stored records, and what a delete may remove. A network PUT names its whole
// set of subnets, as Network reads it: one it leaves out is deleted (refused while in use).
import { isObject, type Json } from "../../../arm/json.js";
import { refuse, type NetworkRefusal } from "../errors.js";
import { ipConfigurationIds } from "./addresses.js";
import { checkSubnetPrefixes, parsePrefixes } from "./prefixes.js";
import { type SubnetRecord, type VirtualNetworkRecord } from "./records.js";
import { stableGuid } from "../../../arm/stable-ids.js";

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const idOf = (v: unknown): string | undefined => (isObject(v) && typeof v["id"] === "string" && v["id"] !== "" ? v["id"] : undefined);
const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** What the caller gives of a subnet (inline in a network or on its own). */
export type SubnetInput = {
  name: string;
  addressPrefixes: string[];
  prefixList: boolean;
  networkSecurityGroupId?: string;
  routeTableId?: string;
  natGatewayId?: string;
  serviceEndpoints: Json[];
  delegations: Json[];
  privateEndpointNetworkPolicies?: string;
  privateLinkServiceNetworkPolicies?: string;
  defaultOutboundAccess?: boolean;
};

export function readSubnet(name: string, body: unknown): SubnetInput {
  const p = isObject(body) && isObject(body["properties"]) ? body["properties"] : {};
  const list = strings(p["addressPrefixes"]);
  const single = typeof p["addressPrefix"] === "string" && p["addressPrefix"] !== "" ? [p["addressPrefix"]] : [];
  const nsg = idOf(p["networkSecurityGroup"]);
  const rt = idOf(p["routeTable"]);
  const nat = idOf(p["natGateway"]);
  return {
    name,
    addressPrefixes: single.length > 0 ? single : list,
    prefixList: single.length === 0 && list.length > 0,
    ...(nsg ? { networkSecurityGroupId: nsg } : {}),
    ...(rt ? { routeTableId: rt } : {}),
    ...(nat ? { natGatewayId: nat } : {}),
    serviceEndpoints: Array.isArray(p["serviceEndpoints"]) ? p["serviceEndpoints"].filter(isObject) : [],
    delegations: Array.isArray(p["delegations"]) ? p["delegations"].filter(isObject) : [],
    ...(typeof p["privateEndpointNetworkPolicies"] === "string" ? { privateEndpointNetworkPolicies: p["privateEndpointNetworkPolicies"] } : {}),
    ...(typeof p["privateLinkServiceNetworkPolicies"] === "string" ? { privateLinkServiceNetworkPolicies: p["privateLinkServiceNetworkPolicies"] } : {}),
    ...(typeof p["defaultOutboundAccess"] === "boolean" ? { defaultOutboundAccess: p["defaultOutboundAccess"] } : {}),
  };
}

/** The first ip configuration a subnet's NICs hold (what "in use by" names), if any. */
export const firstUser = (s: SubnetRecord): string | undefined => s.holders.flatMap(ipConfigurationIds)[0];

/** A subnet record from what the caller gave, keeping what the stored one holds (its NICs, its guid). */
function subnetRecord(vnet: { subscriptionId: string; resourceGroup: string; name: string; id: string }, given: SubnetInput, existing: SubnetRecord | undefined, state: SubnetRecord["provisioningState"]): SubnetRecord {
  const id = existing?.id ?? `${vnet.id}/subnets/${given.name}`;
  return {
    kind: "subnet",
    id,
    subscriptionId: vnet.subscriptionId,
    resourceGroup: vnet.resourceGroup,
    vnetName: vnet.name,
    name: existing?.name ?? given.name,
    addressPrefixes: given.addressPrefixes,
    prefixList: given.prefixList,
    ...(given.networkSecurityGroupId ? { networkSecurityGroupId: given.networkSecurityGroupId } : {}),
    ...(given.routeTableId ? { routeTableId: given.routeTableId } : {}),
    ...(given.natGatewayId ? { natGatewayId: given.natGatewayId } : {}),
    serviceEndpoints: given.serviceEndpoints,
    delegations: given.delegations,
    // Network's defaults for a new subnet (api-version 2023-09-01 and later).
    privateEndpointNetworkPolicies: given.privateEndpointNetworkPolicies ?? existing?.privateEndpointNetworkPolicies ?? "Disabled",
    privateLinkServiceNetworkPolicies: given.privateLinkServiceNetworkPolicies ?? existing?.privateLinkServiceNetworkPolicies ?? "Enabled",
    ...(given.defaultOutboundAccess !== undefined ? { defaultOutboundAccess: given.defaultOutboundAccess } : {}),
    holders: existing?.holders ?? [],
    provisioningState: state,
    resourceGuid: existing?.resourceGuid ?? stableGuid(id.toLowerCase()),
  };
}

/** A subnet's new prefixes may not leave out addresses its NICs hold (no sample: InUseSubnetCannotBeDeleted's sibling code). */
function checkInUseChange(existing: SubnetRecord | undefined, given: SubnetInput): NetworkRefusal | undefined {
  if (!existing || existing.holders.length === 0) return undefined;
  const same = existing.addressPrefixes.length === given.addressPrefixes.length && existing.addressPrefixes.every((p, i) => sameText(p, given.addressPrefixes[i]!));
  return same ? undefined : refuse("inUseSubnetCannotBeUpdated", { subnet: existing.name, by: firstUser(existing)! });
}

export type References = {
  /** Whether a referenced resource (an NSG, a route table) exists. */
  exists: (id: string) => boolean;
};

function checkReferences(subnetId: string, given: SubnetInput, refs: References): NetworkRefusal | undefined {
  for (const ref of [given.networkSecurityGroupId, given.routeTableId]) {
    if (ref !== undefined && !refs.exists(ref)) return refuse("invalidResourceReference", { ref, by: subnetId });
  }
  return undefined;
}

export type VnetPut = { vnet: VirtualNetworkRecord; subnets: SubnetRecord[]; removed: SubnetRecord[]; created: boolean };

/** A virtual network PUT: its address space, DNS servers and every subnet it names. */
export function decideVnetPut(input: {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  body: Json;
  existing: VirtualNetworkRecord | undefined;
  existingSubnets: readonly SubnetRecord[];
  refs: References;
}): VnetPut | NetworkRefusal {
  const id = input.existing?.id ?? input.id;
  const p = isObject(input.body["properties"]) ? input.body["properties"] : {};
  const space = strings(isObject(p["addressSpace"]) ? p["addressSpace"]["addressPrefixes"] : undefined);
  const parsed = parsePrefixes(space, id);
  if (!Array.isArray(parsed)) return parsed;
  const given = (Array.isArray(p["subnets"]) ? p["subnets"] : []).filter(isObject).map((s) => readSubnet(String(s["name"] ?? ""), s));
  const byName = (name: string) => input.existingSubnets.find((s) => sameText(s.name, name));
  const vnetIds = { subscriptionId: input.subscriptionId, resourceGroup: input.resourceGroup, name: input.existing?.name ?? input.name, id };
  const prefixCheck = checkSubnetPrefixes({ name: vnetIds.name, space: parsed }, given.map((g) => ({ name: g.name, id: `${id}/subnets/${g.name}`, prefixes: g.addressPrefixes })));
  if (prefixCheck) return prefixCheck;
  for (const g of given) {
    const bad = checkReferences(`${id}/subnets/${g.name}`, g, input.refs) ?? checkInUseChange(byName(g.name), g);
    if (bad) return bad;
  }
  const removed = input.existingSubnets.filter((s) => !given.some((g) => sameText(g.name, s.name)));
  const inUse = removed.find((s) => s.holders.length > 0);
  if (inUse) return refuse("inUseSubnetCannotBeDeleted", { subnet: inUse.name, by: firstUser(inUse)! });
  const dhcp = isObject(p["dhcpOptions"]) ? strings(p["dhcpOptions"]["dnsServers"]) : [];
  const vnet: VirtualNetworkRecord = {
    kind: "virtualNetwork",
    ...vnetIds,
    location: input.location,
    tags: input.tags,
    addressPrefixes: space,
    dnsServers: dhcp,
    enableDdosProtection: p["enableDdosProtection"] === true,
    provisioningState: "Updating",
    resourceGuid: input.existing?.resourceGuid ?? stableGuid(id.toLowerCase()),
  };
  return { vnet, subnets: given.map((g) => subnetRecord(vnetIds, g, byName(g.name), "Updating")), removed, created: !input.existing };
}

/** A subnet PUT: checked against its network's address space and its siblings. */
export function decideSubnetPut(input: { vnet: VirtualNetworkRecord; name: string; body: unknown; existing: SubnetRecord | undefined; siblings: readonly SubnetRecord[]; refs: References }): SubnetRecord | NetworkRefusal {
  const given = readSubnet(input.existing?.name ?? input.name, input.body);
  const space = parsePrefixes(input.vnet.addressPrefixes, input.vnet.id);
  if (!Array.isArray(space)) return space;
  const id = input.existing?.id ?? `${input.vnet.id}/subnets/${input.name}`;
  const others = input.siblings.filter((s) => !sameText(s.name, given.name)).map((s) => ({ name: s.name, id: s.id, prefixes: s.addressPrefixes }));
  // Siblings are stored valid: only the new one can be at fault, so it is checked after them.
  const bad = checkSubnetPrefixes({ name: input.vnet.name, space }, [...others, { name: given.name, id, prefixes: given.addressPrefixes }]) ?? checkReferences(id, given, input.refs) ?? checkInUseChange(input.existing, given);
  if (bad) return bad;
  return subnetRecord(input.vnet, given, input.existing, "Updating");
}

/** A subnet delete: refused while NICs hold addresses in it. */
export function decideSubnetDelete(s: SubnetRecord): NetworkRefusal | undefined {
  return s.holders.length > 0 ? refuse("inUseSubnetCannotBeDeleted", { subnet: s.name, by: firstUser(s)! }) : undefined;
}

/** A network delete takes its subnets with it: refused while one of them is in use. */
export function decideVnetDelete(subnets: readonly SubnetRecord[]): NetworkRefusal | undefined {
  const inUse = subnets.find((s) => s.holders.length > 0);
  return inUse ? refuse("inUseSubnetCannotBeDeleted", { subnet: inUse.name, by: firstUser(inUse)! }) : undefined;
}
