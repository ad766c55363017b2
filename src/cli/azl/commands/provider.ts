// azl provider show: a resource provider's registration and resource types, as az prints them.
import type { CommandSpec, GroupSpec } from "../spec.js";
import { must } from "./shared.js";

export const PROVIDER_GROUPS: GroupSpec[] = [{ path: ["provider"], summary: "Manage resource providers." }];

/** The api-version az's resource module reads providers with. */
const PROVIDERS_API = "2022-09-01";

type Json = Record<string, unknown>;

// az prints the SDK's Provider and ProviderResourceType models: an attribute the service left out is null.
const TYPE_FIELDS = ["aliases", "apiProfiles", "apiVersions", "capabilities", "defaultApiVersion", "locationMappings", "locations", "properties", "resourceType", "zoneMappings"];
const nulls = (fields: readonly string[]): Json => Object.fromEntries(fields.map((f) => [f, null]));

function providerView(p: unknown): unknown {
  if (!p || typeof p !== "object") return p;
  const provider = p as Json;
  const types = Array.isArray(provider["resourceTypes"]) ? (provider["resourceTypes"] as Json[]).map((t) => ({ ...nulls(TYPE_FIELDS), ...t })) : null;
  return { ...nulls(["id", "namespace", "providerAuthorizationConsentState", "registrationPolicy", "registrationState"]), ...provider, resourceTypes: types };
}

export const PROVIDER_COMMANDS: CommandSpec[] = [
  {
    path: ["provider", "show"],
    summary: "Gets the specified resource provider.",
    args: [{ name: "namespace", short: "n", help: "The resource provider namespace.", required: true }],
    async run(ctx, args) {
      const ns = must(args, "namespace");
      return providerView((await ctx.client().call("GET", `/subscriptions/${ctx.subscription()}/providers/${ns}`, { apiVersion: PROVIDERS_API })).body);
    },
  },
];
