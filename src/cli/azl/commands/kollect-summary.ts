// summary.md of `azl aks kollect`: what a support engineer reads first. The Provisioning State
// Check (seed 002) and the detectors' verdicts come from the detectors' own answers (AppLens's
// insight tables: Status, Message, Data.Name, Data.Value, Expanded, Solutions), so the bundle and
// Diagnose and solve problems never disagree; the JSON files hold everything in full.

export type Json = Record<string, unknown>;

/** A nested field of parsed JSON (undefined where the path leaves the document). */
export function at(v: unknown, ...path: (string | number)[]): unknown {
  let x = v;
  for (const k of path) {
    if (x === null || typeof x !== "object") return undefined;
    x = (x as Record<string | number, unknown>)[k];
  }
  return x;
}

export type BundleFile = { name: string; what: string; error?: { code: string; message: string } };

export type BundleFacts = {
  cluster: Json;
  collectedAt: string;
  window: { start: string; end: string };
  endpoint: string;
  detectors: readonly Json[];
  nodes: { scaleSets: number; instances: number; vms: number; failed: readonly string[] };
  events: { cluster: number; nodeResourceGroup: number; failed: number };
  files: readonly BundleFile[];
};

const STATUS = ["Critical", "Warning", "Info", "Success", "None"];
const cell = (v: unknown, max = 160) => {
  const s = String(v ?? "").replace(/\s+/g, " ").replace(/\|/g, "\\|");
  return s === "" ? "—" : s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

/** A detector's insights: each dataset of type 7 as its status, message and Data rows. */
function insights(d: Json): { status: string; message: string; data: Map<string, string>; solutions: Json[] }[] {
  return ((at(d, "properties", "dataset") ?? []) as Json[])
    .filter((x) => at(x, "renderingProperties", "type") === 7)
    .map((x) => {
      const rows = (at(x, "table", "rows") ?? []) as string[][];
      let solutions: Json[] = [];
      try {
        solutions = (JSON.parse(rows[0]?.[5] ?? "null") as Json[] | null) ?? [];
      } catch {
        solutions = [];
      }
      return { status: rows[0]?.[0] ?? "", message: rows[0]?.[1] ?? "", data: new Map(rows.filter((r) => r[2]).map((r) => [r[2]!, r[3] ?? ""])), solutions };
    });
}

const statusOf = (d: Json) => STATUS[at(d, "properties", "status", "statusId") as number] ?? "None";
const nameOf = (d: Json) => String(at(d, "properties", "metadata", "name") ?? d["name"]);

export function renderSummary(f: BundleFacts): string {
  const c = f.cluster;
  const p = (c["properties"] ?? {}) as Json;
  const out: string[] = [
    `# Diagnostics bundle: managed cluster ${String(c["name"])}`,
    "",
    `Collected by \`azl aks kollect\` from ${f.endpoint} at ${f.collectedAt} (the emulator's time). The activity log and the detectors cover ${f.window.start} to ${f.window.end} (UTC).`,
    "",
    `- Cluster: \`${String(c["id"])}\` (${String(c["location"])}), Kubernetes ${String(p["currentKubernetesVersion"] ?? p["kubernetesVersion"])}, provisioning state **${String(p["provisioningState"])}**, power state ${String(at(p, "powerState", "code") ?? "—")}`,
    `- Node resource group \`${String(p["nodeResourceGroup"])}\`: ${f.nodes.scaleSets} scale set(s) with ${f.nodes.instances} instance(s), ${f.nodes.vms} standalone VM(s); Failed: ${f.nodes.failed.length > 0 ? f.nodes.failed.map((n) => `\`${n}\``).join(", ") : "none"}`,
    `- Activity log: ${f.events.cluster} event(s) on the cluster, ${f.events.nodeResourceGroup} in the node resource group, ${f.events.failed} Failed`,
    "",
  ];
  const psc = f.detectors.find((d) => d["name"] === "provisioning-state-check");
  if (psc) {
    out.push("## Provisioning State Check", "", "| Resource | Provisioning state | Power state | Last failed operation | Error |", "|---|---|---|---|---|");
    for (const i of insights(psc)) {
      const id = i.data.get("Resource") ?? "";
      const name = /\/agentPools\/([^/]+)$/i.exec(id) ? `agent pool ${id.split("/").pop()}` : `managed cluster ${id.split("/").pop()}`;
      const error = i.data.has("Error code") ? `${i.data.get("Error code")}: ${i.data.get("Error message")}` : "";
      out.push(`| ${cell(name)} | ${cell(i.data.get("Provisioning state"))} | ${cell(i.data.get("Power state"))} | ${cell(i.data.get("Last failed operation"))} | ${cell(error)} |`);
    }
    out.push("");
  }
  out.push("## Detectors", "", "| Detector | Status | Finding |", "|---|---|---|");
  for (const d of f.detectors) {
    const first = insights(d).find((i) => i.status === statusOf(d)) ?? insights(d)[0];
    out.push(`| ${cell(nameOf(d))} (\`${String(d["name"])}\`) | ${statusOf(d)} | ${cell(at(d, "properties", "status", "message") ?? first?.message, 240)} |`);
  }
  out.push("");
  // The causes and remedies (the Provisioning State Check's are in its table above).
  for (const d of f.detectors.filter((x) => x["name"] !== "provisioning-state-check" && ["Critical", "Warning"].includes(statusOf(x)))) {
    for (const i of insights(d).filter((x) => x.status === "Critical" || x.status === "Warning")) {
      out.push(`### ${i.status}: ${nameOf(d)}`, "", i.message, "");
      if (i.data.has("Cause")) out.push(`Cause (seed 002): ${i.data.get("Cause")}`, "");
      for (const s of i.solutions) {
        out.push(`Remedy: ${String(s["Title"])}. ${String(s["Description"] ?? "").split("\n\n```")[0]}`, "");
        const commands = (at(s, "ActionArgs", "commands") ?? []) as string[];
        if (commands.length > 0) out.push("```", ...commands, "```", "");
      }
    }
  }
  out.push("## Files", "");
  for (const file of f.files) out.push(`- \`${file.name}\`: ${file.what}${file.error ? ` (not collected: ${file.error.code}: ${cell(file.error.message, 200)})` : ""}`);
  return `${out.join("\n")}\n`;
}
