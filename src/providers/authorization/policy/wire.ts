// Policy records as the wire shows them (the spec's examples and az's recordings: properties
// first, then id, type, name).
import { ASSIGNMENT_TYPE, DEFINITION_TYPE, EXEMPTION_TYPE, type PolicyAssignment, type PolicyDefinition, type PolicyExemption } from "./domain/records.js";

export const renderDefinition = (d: PolicyDefinition) => ({ properties: d.properties, id: d.id, type: DEFINITION_TYPE, name: d.name });

export const renderAssignment = (a: PolicyAssignment) => ({
  properties: a.properties,
  ...(a.location !== undefined ? { location: a.location } : {}),
  ...(a.identity !== undefined ? { identity: a.identity } : {}),
  id: a.id,
  type: ASSIGNMENT_TYPE,
  name: a.name,
});

export const renderExemption = (e: PolicyExemption) => ({ properties: e.properties, systemData: e.systemData, id: e.id, type: EXEMPTION_TYPE, name: e.name });
