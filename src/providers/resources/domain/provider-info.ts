// ARM's Provider body (Providers_Get / Providers_List, resources 2025-04-01: GetProvider.json,
// GetProviders.json) for a namespace the emulator serves, pure.
import type { ServedNamespace } from "../../provider.js";
import { locationDisplayName } from "./location-names.js";
import { providerId, type RegistrationState } from "./registration.js";

/** The served namespace `name` names, compared case-insensitively as ARM does. */
export const findNamespace = (catalog: readonly ServedNamespace[], name: string): ServedNamespace | undefined => catalog.find((s) => s.namespace.toLowerCase() === name.toLowerCase());

/** Newest first, as ARM lists a type's api-versions (az takes the first stable one for generic commands). */
export const newestFirst = (versions: readonly string[]): string[] => [...versions].sort().reverse();

/**
 * One provider: every type it serves (children such as managedClusters/agentPools too: az resolves
 * a child's api-version from this list) with the locations by display name. Microsoft.Resources (as
 * GetProviders.json shows it) and Microsoft.Authorization are RegistrationFree (`Provider.registrationFree`);
 * every other namespace RegistrationRequired.
 */
export function renderProvider(input: { sub: string; served: ServedNamespace; state: RegistrationState; locations: readonly string[] }) {
  const { served } = input;
  const locations = input.locations.map(locationDisplayName);
  return {
    id: providerId(input.sub, served.namespace),
    namespace: served.namespace,
    registrationPolicy: served.registrationFree ? "RegistrationFree" : "RegistrationRequired",
    registrationState: input.state,
    resourceTypes: Object.entries(served.types).map(([resourceType, versions]) => ({ resourceType, locations, apiVersions: newestFirst(versions) })),
  };
}
