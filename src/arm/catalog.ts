// The shape of an error catalog, and of a refusal: what a pure domain returns instead of throwing.
// No runtime dependencies, so domain code may import it.
//
// Envelopes, as Azure really sends them:
// - "gateway": ARM front door, `{"error":{code,message}}` plus `x-ms-failure-cause: gateway`.
// - "arm": wrapped `{"error":{...}}` from a resource provider (ARM-style RPs, resource groups).
// - "aks": the AKS resource provider's bare body `{"code","details","message","subcode"[,"target"]}`.
// - "bare": `{"code","message"}`, the ErrorResponse of RPs whose spec defines it so (Microsoft.Insights 2015-04-01).
export type Envelope = "gateway" | "arm" | "aks" | "bare";

export type Entry<P> = { status: number; code: string; envelope: Envelope; message: (p: P) => string };

export const entry = <P = Record<string, never>>(e: Entry<P>) => e;

/** A provider's (or the front door's) errors by key. */
export type Catalog = Record<string, Entry<never>>;

export type ParamsOf<C extends Catalog, K extends keyof C> = Parameters<C[K]["message"]>[0];

/** Parameters as call arguments: none for an entry without parameters. */
export type ParamArgs<C extends Catalog, K extends keyof C> = ParamsOf<C, K> extends Record<string, never> ? [] : [ParamsOf<C, K>];

/** A decision not taken: which catalog entry explains why, with its parameters (`target` included). */
export type Refusal<C extends Catalog> = { [K in keyof C & string]: { refused: K; params: ParamsOf<C, K> } }[keyof C & string];

/** A typed refusal constructor for one catalog. */
export function refusalsOf<C extends Catalog>() {
  return <K extends keyof C & string>(key: K, ...args: ParamArgs<C, K>): Refusal<C> => ({ refused: key, params: (args[0] ?? {}) as ParamsOf<C, K> }) as Refusal<C>;
}

export function isRefusal(v: unknown): v is { refused: string; params: unknown } {
  return typeof v === "object" && v !== null && "refused" in v;
}
