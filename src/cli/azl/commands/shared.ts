// Paths, api-versions and the resource shape az prints (SDK models flattened, plus resourceGroup).
import { CliError } from "../errors.js";
import type { Args, CommandContext } from "../spec.js";

export const AKS_API = "2026-04-01";
export const AKS_PREVIEW_API = "2026-10-02-preview";
export const RESOURCES_API = "2021-04-01";

export const str = (args: Args, name: string): string | undefined => (typeof args[name] === "string" ? (args[name] as string) : undefined);
export const must = (args: Args, name: string): string => str(args, name)!;

export const groupPath = (ctx: CommandContext, rg: string) => `/subscriptions/${ctx.subscription()}/resourceGroups/${rg}`;
export const clusterPath = (ctx: CommandContext, rg: string, name: string) => `${groupPath(ctx, rg)}/providers/Microsoft.ContainerService/managedClusters/${name}`;
export const poolPath = (ctx: CommandContext, rg: string, cluster: string, pool: string) => `${clusterPath(ctx, rg, cluster)}/agentPools/${pool}`;

const resourceGroupOf = (id: unknown) => (typeof id === "string" ? /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] : undefined);

/** What az prints for an AKS resource: the SDK model as a dict, `properties` flattened, plus resourceGroup. */
export function flatten(resource: unknown): unknown {
  if (!resource || typeof resource !== "object") return resource;
  const { properties, ...rest } = resource as { properties?: Record<string, unknown> };
  const out: Record<string, unknown> = { ...rest, ...(properties ?? {}) };
  const rg = resourceGroupOf(out["id"]);
  if (rg) out["resourceGroup"] = rg;
  return out;
}

/** az's confirmation prompt; without a terminal and without --yes it refuses, as az does. */
export async function confirm(ctx: CommandContext, args: Args, question: string): Promise<void> {
  if (args["yes"]) return;
  if (!ctx.prompt) throw new CliError("usage", "Unable to prompt for confirmation as no tty available. Use --yes.");
  const answer = await ctx.prompt(question);
  if (!/^y(es)?$/i.test(answer.trim())) throw new CliError("client", "Operation cancelled.");
}

/** Starts a long-running operation and, unless --no-wait, follows it to the end. */
export async function longRunning(ctx: CommandContext, args: Args, method: string, path: string, opts: { body?: unknown; apiVersion?: string; label: string }): Promise<{ waited: boolean; initial: unknown }> {
  const client = ctx.client();
  const initial = await client.call(method, path, { apiVersion: opts.apiVersion ?? AKS_API, ...(opts.body !== undefined ? { body: opts.body } : {}) });
  if (args["no-wait"]) return { waited: false, initial: initial.body };
  if (initial.status === 200 && !initial.headers["azure-asyncoperation"] && !initial.headers["location"]) return { waited: true, initial: initial.body };
  if (initial.status === 204) return { waited: true, initial: undefined };
  await client.wait(initial, opts.label);
  return { waited: true, initial: initial.body };
}

/** az's tag syntax: "a=1 b=2 c" (a bare key has an empty value; '' clears). */
export function parseTags(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(/\s+/).filter((p) => p && p !== "''" && p !== '""')) {
    const i = part.indexOf("=");
    out[i < 0 ? part : part.slice(0, i)] = i < 0 ? "" : part.slice(i + 1);
  }
  return out;
}
