// The Azure locations aksemu answers for.
export const LOCATIONS: readonly string[] = [
  "eastus", "eastus2", "westus", "westus2", "westus3", "centralus", "northcentralus", "southcentralus", "westcentralus", "canadacentral",
  "brazilsouth", "northeurope", "westeurope", "uksouth", "ukwest", "francecentral", "germanywestcentral", "swedencentral", "switzerlandnorth",
  "norwayeast", "eastasia", "southeastasia", "japaneast", "japanwest", "koreacentral", "australiaeast", "centralindia", "southafricanorth", "uaenorth",
];

/** ARM normalises "East US" and "eastus" to the same location name. */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, "").toLowerCase();
}
