// The graph API (/api/...) as the page uses it: every answer is turned into the same small
// shapes here, so the rest of the page never looks at raw JSON.
//   node:  {id, iri, label, code, type}
//   edge:  {id, from, to, relation, relationLabel}
// `id` is the IRI relative to https://w3id.org/policykg/id/ (e.g. "program/motie/3231").

export const ID_BASE = "https://w3id.org/policykg/id/";
const ONTOLOGY = "https://w3id.org/policykg/ontology#";

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function getJSON(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    const msg = (body && (body.detail?.message || body.message || body.error?.message
      || (typeof body.detail === "string" ? body.detail : null))) || `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, msg);
  }
  return body;
}

export function shortId(idOrIri) {
  if (!idOrIri) return "";
  const s = String(idOrIri);
  return s.startsWith(ID_BASE) ? s.slice(ID_BASE.length) : s;
}

function localName(iri) {
  if (!iri) return "";
  const s = String(iri);
  const cut = Math.max(s.lastIndexOf("#"), s.lastIndexOf("/"));
  return cut >= 0 ? s.slice(cut + 1) : s;
}

function text(v) {
  if (v === undefined || v === null) return "";
  if (typeof v === "object") return v.value ?? v.ko ?? v.label ?? "";
  return String(v);
}

// The most specific type name of a node: "ManagementTask", "Program", ...
function typeOf(o) {
  const t = o.type ?? o.kind ?? (Array.isArray(o.types) ? o.types[0] : o.types);
  if (Array.isArray(o.types) && o.types.length > 1) {
    const pk = o.types.map(x => (typeof x === "object" ? x.iri || x.id || x.name : x))
      .filter(x => String(x).startsWith(ONTOLOGY) || !String(x).includes(":"));
    if (pk.length) return localName(pk[0]);
  }
  return localName(typeof t === "object" && t ? (t.name || t.iri || t.id) : t) || "Other";
}

export function normNode(o) {
  if (typeof o === "string") return { id: shortId(o), iri: ID_BASE + shortId(o), label: "", code: "", type: "Other" };
  const iri = o.iri || o.uri || (o.id && String(o.id).startsWith("http") ? o.id : ID_BASE + o.id);
  return {
    id: shortId(o.id || iri),
    iri,
    label: text(o.label ?? o.title ?? o.name),
    code: text(o.code),
    type: typeOf(o),
  };
}

export function normEdge(e) {
  const from = shortId(e.source ?? e.from ?? e.subject ?? e.s);
  const to = shortId(e.target ?? e.to ?? e.object ?? e.o);
  const relIri = e.relation_iri ?? e.predicate ?? e.property ?? e.relation ?? e.p ?? "";
  const relation = localName(e.relation ?? relIri);
  return { id: `${from}|${relation}|${to}`, from, to, relation,
           relationLabel: text(e.relation_label ?? e.label) || relation };
}

function nodesAndEdges(body) {
  const nodes = (body.nodes || []).map(normNode);
  const edges = (body.edges || body.links || []).map(normEdge);
  return { nodes, edges };
}

export async function search(q, limit = 12) {
  const body = await getJSON("/api/search", { q, limit });
  const rows = Array.isArray(body) ? body : (body.results || body.items || body.hits || []);
  return rows.map(r => ({ ...normNode(r), score: r.score }));
}

// Neighbours of one node, one page at a time. Returns {nodes, edges, total, hasMore}.
export async function neighbors(id, { limit = 12, offset = 0 } = {}) {
  const body = await getJSON("/api/neighbors", { id, limit, offset });
  const { nodes, edges } = nodesAndEdges(body);
  const total = body.total ?? body.count ?? nodes.length;
  const hasMore = body.has_more ?? body.truncated ?? (offset + nodes.length < total);
  return { nodes, edges, total, hasMore };
}

// Everything the side panel shows about one entity.
export async function entity(id) {
  const body = await getJSON(`/api/entity/${encodePath(id)}`);
  const node = normNode(body);
  const groups = [];
  const raw = body.neighbors ?? body.neighbours ?? body.relations ?? {};
  if (Array.isArray(raw)) {
    for (const g of raw) {
      groups.push({ relation: localName(g.relation), label: text(g.label ?? g.relation_label) || localName(g.relation),
                    direction: g.direction || "out", items: (g.items || g.nodes || []).map(normNode) });
    }
  } else {
    for (const [rel, items] of Object.entries(raw)) {
      groups.push({ relation: localName(rel), label: localName(rel), direction: "out",
                    items: (items || []).map(normNode) });
    }
  }
  const sources = (body.provenance ?? body.sources ?? []).map(p => ({
    document: text(p.document_title ?? p.document ?? p.doc),
    startLine: p.start_line ?? p.startLine ?? p.start,
    endLine: p.end_line ?? p.endLine ?? p.end,
    quote: text(p.quote ?? p.text ?? (Array.isArray(p.lines) ? p.lines.join("\n") : "")),
    about: text(p.about ?? p.relation ?? ""),
  }));
  const figures = (body.budgets ?? body.figures ?? []).map(b => ({
    year: b.year ?? b.fiscal_year ?? b.fiscalYear, amount: b.amount_krw ?? b.amountKRW ?? b.amount,
    account: text(b.account), label: text(b.label ?? b.printed ?? ""), task: b.task ? normNode(b.task) : null,
  }));
  const properties = body.properties ?? {};
  return { ...node, types: body.types || [node.type], groups, sources, figures, properties, raw: body };
}

export async function path(source, target, max = 5) {
  const body = await getJSON("/api/path", { source, target, max });
  const { nodes, edges } = nodesAndEdges(body);
  const paths = (body.paths || []).map(p => (Array.isArray(p) ? p : (p.nodes || [])).map(x => shortId(x.id ?? x)));
  return { nodes, edges, paths };
}

export async function budgetCut(program, cut, year) {
  const body = await getJSON("/api/impact/budget-cut", { program, cut, year });
  const { nodes, edges } = nodesAndEdges(body);
  const affected = (body.affected || body.results || []).map(a => ({
    ...normNode(a.node ?? a),
    lostShare: a.lost_share ?? a.lostShare ?? a.share ?? 0,
    lost: a.lost_krw ?? a.lost ?? null,
    path: (a.path || []).map(x => shortId(typeof x === "object" ? x.id ?? x.iri : x)),
  }));
  return { nodes, edges, affected, program: body.program ? normNode(body.program) : null };
}

function encodePath(id) {
  return shortId(id).split("/").map(encodeURIComponent).join("/");
}
