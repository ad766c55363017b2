// Request bodies in Kubernetes' protobuf encoding (`application/vnd.kubernetes.protobuf`), read
// into the JSON form the API works on. client-go's typed clients send it for built-in types when
// asked to (helm's release storage writes its Secrets and ConfigMaps so); the answer stays JSON,
// which every client accepts. The envelope is runtime.Unknown behind the magic "k8s\0"; only the
// kinds below are read, by the field numbers of k8s.io/api's generated.proto. Another kind is
// refused with the apiserver's 415 text (the emulator's limit, not the apiserver's).
type Json = Record<string, unknown>;
type Field = { no: number; wire: number; value: bigint | Uint8Array };

const MAGIC = [0x6b, 0x38, 0x73, 0x00];
export const PROTOBUF = "application/vnd.kubernetes.protobuf";

function* fields(buf: Uint8Array): Generator<Field> {
  let i = 0;
  const varint = (): bigint => {
    let out = 0n;
    let shift = 0n;
    for (;;) {
      if (i >= buf.length) throw new Error("truncated varint");
      const b = buf[i++]!;
      out |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return out;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) yield { no, wire, value: varint() };
    else if (wire === 2) {
      const len = Number(varint());
      if (i + len > buf.length) throw new Error("truncated field");
      yield { no, wire, value: buf.subarray(i, (i += len)) };
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = (v: Field["value"]) => new TextDecoder().decode(v as Uint8Array);
const bytes = (v: Field["value"]) => v as Uint8Array;
const int = (v: Field["value"]) => Number(BigInt.asIntN(64, v as bigint));

/** A map<string, V> entry: key 1, value 2. */
function entry(buf: Uint8Array, value: (v: Field["value"]) => unknown): [string, unknown] {
  let k = "";
  let v: unknown = "";
  for (const f of fields(buf)) {
    if (f.no === 1) k = text(f.value);
    else if (f.no === 2) v = value(f.value);
  }
  return [k, v];
}

function time(buf: Uint8Array): string {
  let seconds = 0;
  for (const f of fields(buf)) if (f.no === 1) seconds = int(f.value);
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

function ownerReference(buf: Uint8Array): Json {
  const o: Json = {};
  for (const f of fields(buf)) {
    if (f.no === 1) o["kind"] = text(f.value);
    else if (f.no === 3) o["name"] = text(f.value);
    else if (f.no === 4) o["uid"] = text(f.value);
    else if (f.no === 5) o["apiVersion"] = text(f.value);
    else if (f.no === 6) o["controller"] = f.value !== 0n;
    else if (f.no === 7) o["blockOwnerDeletion"] = f.value !== 0n;
  }
  return o;
}

function objectMeta(buf: Uint8Array): Json {
  const m: Json = {};
  const put = (key: string, [k, v]: [string, unknown]) => void (m[key] = { ...((m[key] as Json | undefined) ?? {}), [k]: v });
  const push = (key: string, v: unknown) => void (m[key] = [...((m[key] as unknown[] | undefined) ?? []), v]);
  const strings = ["name", "generateName", "namespace", "selfLink", "uid", "resourceVersion"];
  for (const f of fields(buf)) {
    if (f.no >= 1 && f.no <= 6) m[strings[f.no - 1]!] = text(f.value);
    else if (f.no === 7) m["generation"] = int(f.value);
    else if (f.no === 8) m["creationTimestamp"] = time(bytes(f.value));
    else if (f.no === 9) m["deletionTimestamp"] = time(bytes(f.value));
    else if (f.no === 10) m["deletionGracePeriodSeconds"] = int(f.value);
    else if (f.no === 11) put("labels", entry(bytes(f.value), text));
    else if (f.no === 12) put("annotations", entry(bytes(f.value), text));
    else if (f.no === 13) push("ownerReferences", ownerReference(bytes(f.value)));
    else if (f.no === 14) push("finalizers", text(f.value));
    // 17, managedFields: the server keeps its own.
  }
  return m;
}

const base64 = (v: Field["value"]) => Buffer.from(bytes(v)).toString("base64");

/** Field number → [JSON name, how to read it, map or scalar] for the kinds read here. */
type Reader = [string, (v: Field["value"]) => unknown, "map" | "list" | "one"];
const KINDS: Record<string, Record<number, Reader>> = {
  Secret: { 2: ["data", base64, "map"], 3: ["type", text, "one"], 4: ["stringData", text, "map"], 5: ["immutable", (v) => v !== 0n, "one"] },
  ConfigMap: { 2: ["data", text, "map"], 3: ["binaryData", base64, "map"], 4: ["immutable", (v) => v !== 0n, "one"] },
  // A delete's options (helm's uninstall sends them so); field 1 is no metadata here.
  DeleteOptions: { 1: ["gracePeriodSeconds", int, "one"], 2: ["preconditions", (v) => preconditions(bytes(v)), "one"], 3: ["orphanDependents", (v) => v !== 0n, "one"], 4: ["propagationPolicy", text, "one"], 5: ["dryRun", text, "list"] },
};

function preconditions(buf: Uint8Array): Json {
  const o: Json = {};
  for (const f of fields(buf)) {
    if (f.no === 1) o["uid"] = text(f.value);
    else if (f.no === 2) o["resourceVersion"] = text(f.value);
  }
  return o;
}

/** The JSON object a protobuf body encodes, or why it cannot be read (a 415's message). */
export function decodeProtobuf(body: Uint8Array): Json | { unsupported: string } {
  const unsupported = { unsupported: `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, ${PROTOBUF} (aksemu reads ${Object.keys(KINDS).join(", ")} in protobuf)` };
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b)) return unsupported;
  let apiVersion = "";
  let kind = "";
  let raw: Uint8Array | undefined;
  try {
    for (const f of fields(body.subarray(4))) {
      if (f.no === 1) {
        for (const t of fields(bytes(f.value))) {
          if (t.no === 1) apiVersion = text(t.value);
          else if (t.no === 2) kind = text(t.value);
        }
      }
      else if (f.no === 2) raw = bytes(f.value);
    }
    const schema = KINDS[kind];
    if (!schema || !raw) return unsupported;
    const obj: Json = { apiVersion, kind };
    for (const f of fields(raw)) {
      const reader = schema[f.no];
      if (!reader) {
        if (f.no === 1) obj["metadata"] = objectMeta(bytes(f.value));
        continue;
      }
      const [name, read, shape] = reader;
      if (shape === "one") obj[name] = read(f.value);
      else if (shape === "list") obj[name] = [...((obj[name] as unknown[] | undefined) ?? []), read(f.value)];
      else {
        const [k, v] = entry(bytes(f.value), read);
        obj[name] = { ...((obj[name] as Json | undefined) ?? {}), [k]: v };
      }
    }
    return obj;
  } catch (err) {
    return { unsupported: `unable to decode the protobuf body: ${(err as Error).message}` };
  }
}
