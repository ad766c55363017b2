// Display names of the locations aksemu serves (arm/locations.ts): ARM's providers API lists a
// resource type's locations by display name ("East US"), as `az account list-locations` shows them.
const DISPLAY: Readonly<Record<string, string>> = {
  eastus: "East US", eastus2: "East US 2", westus: "West US", westus2: "West US 2", westus3: "West US 3", centralus: "Central US",
  northcentralus: "North Central US", southcentralus: "South Central US", westcentralus: "West Central US", canadacentral: "Canada Central",
  brazilsouth: "Brazil South", northeurope: "North Europe", westeurope: "West Europe", uksouth: "UK South", ukwest: "UK West",
  francecentral: "France Central", germanywestcentral: "Germany West Central", swedencentral: "Sweden Central", switzerlandnorth: "Switzerland North",
  norwayeast: "Norway East", eastasia: "East Asia", southeastasia: "Southeast Asia", japaneast: "Japan East", japanwest: "Japan West",
  koreacentral: "Korea Central", australiaeast: "Australia East", centralindia: "Central India", southafricanorth: "South Africa North", uaenorth: "UAE North",
};

/** "eastus" → "East US"; a name without a known display name stays as it is. */
export const locationDisplayName = (name: string): string => DISPLAY[name] ?? name;
