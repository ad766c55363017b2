// Detectors on the wire: `Microsoft.ContainerService/managedClusters/detectors`, the AppLens
// response the portal's Diagnose and solve problems reads. No REST spec defines it; the shape is
// AKS's real answers as Azure/vscode-aks-tools keeps them (webview-ui/src/manualTest/detectorData:
// aks-category-crud.json, ProvisioningStatusNodePool.json, aks-cluster-put-failures.json; its types
// in src/webview-contract/webviewDefinitions/detector.ts) and AppLens's own model
// (Diagnostics.ModelsAndUtils: Insight, InsightStatus, Solution). A detector's findings are insight
// datasets (rendering type 7): columns Status, Message, Data.Name, Data.Value, Expanded, Solutions,
// one row per evidence pair (AddInsights repeats status and message on each); a category's
// overview detector is one dataset of type 10 naming its detectors. status.statusId is
// InsightStatus's index (Critical 0, Warning 1, Info 2, Success 3, None 4).
import { DETECTOR_CATEGORIES, DETECTOR_STATUSES, worstStatus, type Detector, type DetectorCategory, type DetectorStatus, type Finding, type Remedy } from "../../detector.js";
import type { Json } from "../domain/records.js";

export const DETECTOR_TYPE = "Microsoft.ContainerService/managedClusters/detectors";

const INSIGHTS = 7;
const DETECTOR_LIST = 10;
const COLUMNS = ["Status", "Message", "Data.Name", "Data.Value", "Expanded", "Solutions"].map((columnName) => ({ columnName, columnType: null, dataType: "String" }));

/** Where a detector is served: the cluster's id (caller's casing) and location. */
export type DetectorHome = { clusterId: string; location: string };

/** A stable GUID for a detector's typeId (AppLens gives each detector one). */
function typeIdOf(id: string): string {
  const h = (basis: number) => {
    let x = basis >>> 0;
    for (const ch of id) x = Math.imul(x ^ ch.charCodeAt(0), 16777619) >>> 0;
    return x.toString(16).padStart(8, "0");
  };
  const hex = [2166136261, 84696351, 3735928559, 305419896].map(h).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const statusOf = (status: DetectorStatus, message: string | null) => ({ message, statusId: DETECTOR_STATUSES.indexOf(status) });

function metadata(m: { id: string; name: string; category: DetectorCategory; description: string }, type: "Detector" | "CategoryOverview"): Json {
  return { analysisType: "", analysisTypes: null, author: "", category: m.category, description: m.description, id: m.id, name: m.name, score: 0, supportTopicList: [], type, typeId: typeIdOf(m.id) };
}

function resource(home: DetectorHome, name: string, properties: Json): Json {
  return { id: `${home.clusterId}/detectors/${name}`, name, type: DETECTOR_TYPE, location: home.location, properties: { appFilter: null, dataProvidersMetadata: null, ...properties, suggestedUtterances: null } };
}

/**
 * A remedy as AppLens's Solution (serialized into the Solutions column): the seed's text as the
 * markdown Description with the commands in a code block, and the commands as ActionArgs (the
 * model's free-form arguments) for a client that runs or copies them.
 */
function solutionsOf(remedy: Remedy | undefined, home: DetectorHome): string {
  if (!remedy) return "null";
  const description = remedy.commands.length > 0 ? `${remedy.text}\n\n\`\`\`\n${remedy.commands.join("\n")}\n\`\`\`` : remedy.text;
  return JSON.stringify([{ Title: remedy.title, Description: description, ActionName: remedy.title, RequiresConfirmation: false, ResourceUri: home.clusterId, IsInternal: false, InternalInstructions: null, DetectorLink: null, ActionArgs: { commands: remedy.commands } }]);
}

/** One finding as an insight dataset: its cause first, then its evidence, one row each. */
function insight(f: Finding, home: DetectorHome): Json {
  const data: (readonly [string, string])[] = [...(f.cause ? [["Cause", `${f.cause.symptom}: ${f.cause.text}`] as const] : []), ...(f.evidence ?? [])];
  // As AKS's own: expanded when the insight has rows to show (ProvisioningStatusNodePool's Success rows are).
  const expanded = data.length > 0 ? "True" : "False";
  const solutions = solutionsOf(f.remedy, home);
  const rows = (data.length > 0 ? data : [["", ""] as const]).map(([name, value]) => [f.status, f.message, name, value, expanded, solutions]);
  return { renderingProperties: { description: null, isVisible: true, title: null, type: INSIGHTS }, table: { columns: COLUMNS, rows, tableName: "" } };
}

/** An evaluated detector: one insight per finding (a Success one when it found nothing); its status the worst of them. */
export function renderDetector(home: DetectorHome, d: Detector, found: readonly Finding[]): Json {
  const findings = found.length > 0 ? found : [{ status: "Success" as const, message: d.healthy }];
  const status = worstStatus(findings);
  const headline = status === "Success" ? null : findings.find((f) => f.status === status)!.message;
  return resource(home, d.id, { dataset: findings.map((f) => insight(f, home)), metadata: metadata(d, "Detector"), status: statusOf(status, headline) });
}

/** A category's overview detector: the ids of its detectors, nothing evaluated (status None). */
export function renderCategory(home: DetectorHome, category: DetectorCategory, detectors: readonly Detector[]): Json {
  const c = DETECTOR_CATEGORIES[category];
  const rendering = { additionalParams: "", description: null, detectorIds: detectors.map((d) => d.id), isVisible: true, messageIfCritical: null, resourceUri: "", title: null, type: DETECTOR_LIST };
  return resource(home, c.overview, { dataset: [{ renderingProperties: rendering, table: { columns: [], rows: [], tableName: "" } }], metadata: metadata({ id: c.overview, name: category, category, description: c.description }, "CategoryOverview"), status: statusOf("None", null) });
}

/** A detector as the list shows it: its metadata, not evaluated (no dataset, status None). */
export function renderListed(home: DetectorHome, d: Detector): Json {
  return resource(home, d.id, { dataset: [], metadata: metadata(d, "Detector"), status: statusOf("None", null) });
}

/** A category's overview as the list shows it. */
export function renderListedCategory(home: DetectorHome, category: DetectorCategory): Json {
  const c = DETECTOR_CATEGORIES[category];
  return resource(home, c.overview, { dataset: [], metadata: metadata({ id: c.overview, name: category, category, description: c.description }, "CategoryOverview"), status: statusOf("None", null) });
}
