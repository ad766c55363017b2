// A request's body as the API reads it, pure: JSON or YAML into an object, the three patch types
// applied to the current object, and a scalable object's Scale view.
import { createRequire } from "node:module";
import type { KubeRequest } from "./api.js";
import { at, isObj, meta, type Obj } from "./objects.js";
import { jsonPatch, mergePatch, strategicMergePatch } from "./patch.js";
import type { ResourceDef } from "./registry.js";
import { selectorFromObject } from "./selectors.js";
import { badRequest, unsupportedMediaType } from "./status.js";

// The YAML parser is loaded by the first YAML body (kubectl and the SDKs send JSON): evaluated at
// start-up it cost every cold start 1.5 ms (issue 12).
let yamlParse: ((text: string) => unknown) | undefined;
const parseYaml = (raw: string) => (yamlParse ??= (createRequire(import.meta.url)("yaml") as typeof import("yaml")).parse)(raw);

export function parseBody(raw: string, yaml = false): Obj {
  let v: unknown;
  try {
    v = yaml ? parseYaml(raw) : JSON.parse(raw);
  } catch (err) {
    throw badRequest(`${yaml ? "error converting YAML to JSON" : "couldn't get version/kind; json parse error"}: ${(err as Error).message}`);
  }
  if (!isObj(v)) throw badRequest("the body of the request was in an unknown format - it is not a JSON object");
  return v;
}

export function patchType(req: Pick<KubeRequest, "contentType">): string {
  return req.contentType.split(";")[0]!.trim().toLowerCase();
}

/** The patched form of `current` (for status and scale, of the view the subresource shows). */
export function applyPatch(def: Pick<ResourceDef, "custom">, req: Pick<KubeRequest, "contentType" | "body">, current: Obj): Obj {
  const type = patchType(req);
  switch (type) {
    case "application/merge-patch+json":
      return mergePatch(current, parseBody(req.body)) as Obj;
    case "application/strategic-merge-patch+json":
      if (def.custom) throw unsupportedMediaType(["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]);
      return strategicMergePatch(current, parseBody(req.body)) as Obj;
    case "application/json-patch+json": {
      let ops: unknown;
      try {
        ops = JSON.parse(req.body);
      } catch (err) {
        throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
      }
      const out = jsonPatch(current, ops);
      if (!isObj(out)) throw badRequest("the patched object is not a JSON object");
      return out;
    }
    default:
      throw unsupportedMediaType();
  }
}

export function scaleOf(o: Obj): Obj {
  const m = meta(o);
  const sel = selectorFromObject(at(o, "spec.selector")) ? selectorText(at(o, "spec.selector")) : "";
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name: m["name"], namespace: m["namespace"], uid: m["uid"], resourceVersion: m["resourceVersion"], creationTimestamp: m["creationTimestamp"] },
    spec: { replicas: Number(at(o, "spec.replicas") ?? 0) },
    status: { replicas: Number(at(o, "status.replicas") ?? 0), ...(sel ? { selector: sel } : {}) },
  };
}

function selectorText(sel: unknown): string {
  if (!isObj(sel)) return "";
  const parts: string[] = [];
  if (isObj(sel["matchLabels"])) for (const [k, v] of Object.entries(sel["matchLabels"])) parts.push(`${k}=${String(v)}`);
  return parts.join(",");
}
