// ARM's limits on the tags of any tracked resource (resource groups, managed clusters, ...): at
// most 50 tags, names of 1-512 characters without < > % & \ ? / or control characters, values of
// at most 256 characters. ARM checks them before a resource provider sees the request, so every
// provider uses this one rule and these texts (Microsoft.Resources lists them in its catalog).
//
// Texts: as Microsoft's Az.Migrate PowerShell module raises them (Azure/azure-powershell,
// src/Migrate, New-/Set-AzMigrateServerReplication: "InvalidTags : Too many tags specified. ...",
// "InvalidTagNameCharacters : The tag names '...' have reserved characters '<,>,%,&,\,?,/' or
// control characters.", ...), which mirrors ARM's codes and messages; the InvalidTagNameCharacters
// text also appears as `az` output in the Azure CLI docs. No captured ARM response body was found,
// so the status (400) and the gateway envelope follow ARM's other request-validation errors.
import { entry, refusalsOf, type Refusal } from "./catalog.js";

export const TAG_LIMITS = { count: 50, nameLength: 512, valueLength: 256 } as const;

const quoted = (items: readonly string[]) => `'${items.join(", ")}'`;

export const TAG_ERRORS = {
  // A tag value that is not a string (null included): as ARM words a body it cannot deserialize.
  tagValueNotString: entry({
    status: 400, code: "InvalidRequestContent", envelope: "gateway",
    message: () => "The request content was invalid and could not be deserialized: 'tags must be an object whose values are strings.'.",
  }),
  tooManyTags: entry<{ count: number }>({
    status: 400, code: "InvalidTags", envelope: "gateway",
    message: (p) => `Too many tags specified. Requested tag count - '${p.count}'. Maximum number of tags allowed - '50'.`,
  }),
  emptyTagName: entry({
    status: 400, code: "InvalidTagName", envelope: "gateway",
    message: () => "The tag name must be non-null, non-empty and non-whitespace only. Please provide an actual value.",
  }),
  tagNameCharacters: entry<{ names: readonly string[] }>({
    status: 400, code: "InvalidTagNameCharacters", envelope: "gateway",
    message: (p) => `The tag names ${quoted(p.names)} have reserved characters '<,>,%,&,\\,?,/' or control characters.`,
  }),
  tagNameTooLong: entry<{ names: readonly string[] }>({
    status: 400, code: "InvalidTagName", envelope: "gateway",
    message: (p) => `Tag key too large. Following tag name ${quoted(p.names)} exceeded the maximum length. Maximum allowed length for tag name - '512' characters.`,
  }),
  tagValueTooLong: entry<{ values: readonly string[] }>({
    status: 400, code: "InvalidTagValueLength", envelope: "gateway",
    message: (p) => `Tag value too large. Following tag value ${quoted(p.values)} exceeded the maximum length. Maximum allowed length for tag value - '256' characters.`,
  }),
} as const;

export type TagRefusal = Refusal<typeof TAG_ERRORS>;
const refuse = refusalsOf<typeof TAG_ERRORS>();

// .NET's char.IsControl: C0, DEL and C1.
// eslint-disable-next-line no-control-regex
const RESERVED = /[<>%&\\?/\u0000-\u001f\u007f-\u009f]/;

/** The first rule `tags` break, in ARM's order (types, count, empty name, characters, name length, value length). */
export function checkTags(tags: Readonly<Record<string, unknown>> | undefined): TagRefusal | undefined {
  if (tags === undefined) return undefined;
  if (Object.values(tags).some((v) => typeof v !== "string")) return refuse("tagValueNotString");
  const entries = Object.entries(tags as Record<string, string>);
  if (entries.length > TAG_LIMITS.count) return refuse("tooManyTags", { count: entries.length });
  if (entries.some(([name]) => name.trim() === "")) return refuse("emptyTagName");
  const reserved = entries.filter(([name]) => RESERVED.test(name)).map(([name]) => name);
  if (reserved.length > 0) return refuse("tagNameCharacters", { names: reserved });
  const longNames = entries.filter(([name]) => name.length > TAG_LIMITS.nameLength).map(([name]) => name);
  if (longNames.length > 0) return refuse("tagNameTooLong", { names: longNames });
  const longValues = entries.filter(([, value]) => value.length > TAG_LIMITS.valueLength).map(([, value]) => value);
  if (longValues.length > 0) return refuse("tagValueTooLong", { values: longValues });
  return undefined;
}
