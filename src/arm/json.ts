// Reading untyped JSON bodies.
export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A non-blank string, trimmed; anything else is undefined. */
export const nonEmpty = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** What a pure decision over a control body answers when it refuses: the message of the emulator's 400. */
export type Bad = { bad: string };
export const isBad = (v: unknown): v is Bad => isObject(v) && typeof v["bad"] === "string";
