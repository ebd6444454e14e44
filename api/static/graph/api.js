// The graph API (/api/..., api/routers/graph.py) as the page uses it: every answer is turned
// into the same small shapes here, so the rest of the page never looks at raw JSON.
//   node:  {id, iri, label, code, type}
//   edge:  {id, from, to, relation}
// `id` is the IRI relative to https://w3id.org/policykg/id/ ("program/motie/3231"); the API takes
// it wherever it takes an IRI.

export const ID_BASE = "https://w3id.org/policykg/id/";

// Most specific first, as the projection orders them (policykg.projection.TYPE_ORDER).
const TYPE_ORDER = ["ManagementTask", "PerformanceGoal", "StrategicGoal", "NationalAgendaTask",
  "LivelihoodTask", "WorkplanItem", "PerformanceIndicator", "SubProject", "Program", "BudgetItem",
  "CooperationItem", "Agency", "OrgUnit", "PerformancePlan", "Document"];

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function getJSON(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = body?.error;
    const msg = (typeof err === "object" ? err?.message : err) || body?.message
      || (typeof body?.detail === "string" ? body.detail : null) || `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, msg);
  }
  return body;
}

// "https://w3id.org/policykg/id/program/motie/3231" → "program/motie/3231" (percent-escapes
// decoded; the API re-encodes a path the same way the IRIs were minted).
export function shortId(iri) {
  const s = String(iri || "");
  if (!s.startsWith(ID_BASE)) return s;
  try { return decodeURIComponent(s.slice(ID_BASE.length)); } catch (e) { return s.slice(ID_BASE.length); }
}

// A graph node has `type` ("ManagementTask"); an entity has `types` ("pk:ManagementTask", ...).
function typeOf(o) {
  if (o.type) return String(o.type).replace(/^pk:/, "");
  const pk = (o.types || []).filter(t => String(t).startsWith("pk:")).map(t => t.slice(3));
  return TYPE_ORDER.find(t => pk.includes(t)) || pk[0] || "Other";
}

export function normNode(o) {
  return { id: shortId(o.iri), iri: o.iri, label: o.label || "",
           code: o.code || o.properties?.["pk:code"]?.[0] || "", type: typeOf(o) };
}

function normEdge(e) {
  const from = shortId(e.source);
  const to = shortId(e.target);
  return { id: `${from}|${e.relation}|${to}`, from, to, relation: e.relation };
}

function graphPart(body) {
  return { nodes: (body.nodes || []).map(normNode), edges: (body.edges || []).map(normEdge) };
}

// A source span: the document's file stem and the line range, with the quoted text if given.
function span(p) {
  return { document: shortId(p.document).replace(/^doc\//, ""), startLine: p.start, endLine: p.end,
           quote: p.quote || "" };
}

export async function search(q, limit = 12) {
  const body = await getJSON("/api/search", { q, limit });
  return body.rows.map(r => ({ ...normNode(r), score: r.score, matched: r.matched }));
}

// One page of a node's neighbours: {nodes, edges, total, next, hasMore}.
export async function neighbors(id, { limit = 12, offset = 0 } = {}) {
  const body = await getJSON("/api/neighbors", { id, limit, offset });
  const next = body.offset + body.rows.length;
  return { ...graphPart(body), total: body.total, next, hasMore: body.has_more };
}

// Everything the side panel shows about one entity.
export async function entity(id) {
  const body = await getJSON(`/api/entity/${shortId(id).split("/").map(encodeURIComponent).join("/")}`);
  const groups = [];
  // {"pk:partOf": [...], "^pk:partOf": [...]}: "^" marks links pointing at this entity.
  for (const [relation, items] of Object.entries(body.neighbours || {})) {
    const shown = items.filter(i => i.type || i.label); // not spans, fundings, budget rows
    if (!shown.length) continue;
    groups.push({ relation, direction: relation.startsWith("^") ? "in" : "out",
                  items: shown.map(i => ({ ...normNode(i), sources: (i.sources || []).map(span) })) });
  }
  // A funding row names both sides: the task, and the program, sub-project or item line it
  // draws on (with its code and name, so no hash is shown); amounts come as the API gives them.
  const figures = (body.fundings || []).map(f => ({
    year: f.year, amount: f.amount, printed: f.amountText || "", account: f.account || "",
    task: f.task ? shortId(f.task) : null, taskCode: f.taskCode || "",
    program: f.program ? shortId(f.program) : null, programCode: f.programCode || "",
    programLabel: f.programLabel || "", level: f.level || "program",
    ofProgram: f.ofProgram ? shortId(f.ofProgram) : null, ofProgramCode: f.ofProgramCode || "",
  }));
  // Yearly totals computed by the server (policykg.analysis.budget_totals): never re-summed here.
  const budget = (body.budget || []).map(b => ({ ...b }));
  const properties = Object.fromEntries(Object.entries(body.properties || {}).filter(([k]) => k !== "pk:code"));
  return { ...normNode(body), types: body.types, altLabels: body.alt_labels || [], groups,
           sources: (body.provenance || []).map(span), figures, budget, properties,
           findings: body.findings || [] };
}

// Shortest paths (edges in either direction): {nodes, edges, paths: [[id, ...], ...]}.
export async function path(source, target, max = 5) {
  const body = await getJSON("/api/path", { source, target, max });
  return { ...graphPart(body), paths: body.paths.map(p => p.map(shortId)) };
}

// Cut a program by `cut` (a fraction) in `year`: every affected node with its lost share.
export async function budgetCut(program, cut, year) {
  const body = await getJSON("/api/impact/budget-cut", { program, cut, year });
  const affected = body.rows.map(a => ({
    ...normNode(a), lostShare: a.share ?? 0, lost: a.lost_krw, funding: a.funding_krw,
    pathText: a.path_text_ko || a.path_text || "", depth: a.depth,
  }));
  return { ...graphPart(body), affected, units: (body.units || []).map(shortId), lost: body.lost_krw,
           program: shortId(body.program) };
}
