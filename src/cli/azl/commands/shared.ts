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

const NO_TTY = "Unable to prompt for confirmation as no tty available. Use --yes.";

/**
 * The confirmation of az's `confirmation=True` commands (aks delete, group delete), asked by knack
 * before the command runs: without a terminal it warns and cancels; "n" cancels (both exit 1).
 */
export async function confirmCommand(ctx: CommandContext, args: Args): Promise<void> {
  if (args["yes"]) return;
  if (!ctx.prompt) {
    ctx.warn(NO_TTY);
    throw new CliError("client", "Operation cancelled.");
  }
  const answer = await ctx.prompt("Are you sure you want to perform this operation? (y/n): ");
  if (!/^y(es)?$/i.test(answer.trim())) throw new CliError("client", "Operation cancelled.");
}

/**
 * A command's own question (aks upgrade, nodepool upgrade): false when the user answers "n" (az then
 * returns without output, exit 0). Without a terminal az's prompt_y_n raises NoTTYException; az
 * 2.45 prints its traceback (exit 1), azl the message of az's user_confirmation (exit 1).
 */
export async function promptYesNo(ctx: CommandContext, args: Args, question: string): Promise<boolean> {
  if (args["yes"]) return true;
  if (!ctx.prompt) throw new CliError("client", NO_TTY);
  return /^y(es)?$/i.test((await ctx.prompt(question)).trim());
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
