// The graph page: search, focus, expand, filters, side panel, path and impact modes,
// with the view's state mirrored into the URL.

import * as api from "./api.js";
import { Panel, el } from "./panel.js";
import { readState, writeState } from "./state.js";
import { relationName, shareColor, shown, typeInfo } from "./types.js";
import { GraphView } from "./view.js";

const CAP = 12; // neighbours loaded per expansion; the rest behind "+N 더 보기"

const $ = sel => document.querySelector(sel);
const state = readState();
const expanded = new Map(); // id → {offset, total}
const picks = { from: null, to: null, program: null };
let armed = null; // which pick slot a click on the graph fills
let busy = 0;

const view = new GraphView($("#graph"), {
  onClick: id => nodeClicked(id),
  onDoubleClick: id => { if (!id.startsWith("more:")) expand(id); },
  onStabilised: () => markIdle(),
});

const panel = new Panel($("#panel"), $("#panel-body"), {
  onPick: id => pickEntity(id),
  onExpand: id => expand(id),
  onFocus: id => focusOn(id),
  onUse: (slot, node) => setPick(slot, node),
});

// ---- busy / status -------------------------------------------------------------------------

function markBusy() { busy += 1; document.body.dataset.busy = "1"; }
function markIdle() {
  if (busy > 0) busy -= 1;
  if (busy === 0 && !view.settling) document.body.dataset.busy = "0";
}
async function task(label, fn) {
  markBusy();
  status(label ? `${label}…` : "");
  try {
    const out = await fn();
    status("");
    return out;
  } catch (err) {
    status(err instanceof api.ApiError ? `${label}: ${err.message}` : `${label}: ${err}`, true);
    if (!(err instanceof api.ApiError)) console.warn(err);
    return null;
  } finally {
    markIdle();
  }
}
function status(text, error = false) {
  const s = $("#status");
  s.textContent = text;
  s.classList.toggle("error", error);
}

// ---- graph growth -----------------------------------------------------------------------------

function settle() {
  if (!view.settling) markBusy();
  view.settle();
  refreshSide();
}

async function expand(id, { quiet = false } = {}) {
  const seen = expanded.get(id) || { next: 0, total: null };
  if (seen.total !== null && seen.next >= seen.total) return;
  const page = await task(quiet ? "" : "이웃 불러오는 중", () => api.neighbors(id, { limit: CAP, offset: seen.next }));
  if (!page) return;
  view.addNodes(page.nodes, id);
  view.addEdges(page.edges);
  expanded.set(id, { next: page.next, total: page.total });
  view.setMore(id, page.hasMore ? page.total - page.next : 0);
  // Every expansion is recorded in order (a node twice: two pages), except the focus's first page.
  if (id !== state.focus || seen.next > 0) state.expand.push(id);
  writeState(state);
  if (!quiet) settle();
}

async function ensureNode(id) {
  if (view.has(id)) return true;
  const e = await task("불러오는 중", () => api.entity(id));
  if (!e) return false;
  view.addNodes([e]);
  return true;
}

async function focusOn(id) {
  view.clear();
  expanded.clear();
  state.focus = id;
  state.expand = [];
  state.sel = id;
  $("#empty-hint").hidden = true;
  if (!(await ensureNode(id))) return;
  view.setFocus(id);
  await expand(id);
  view.select(id);
  showEntity(id);
}

function nodeClicked(id) {
  if (id.startsWith("more:")) { expand(id.slice(5)); return; }
  const node = view.nodes.get(id)?.data;
  if (armed && node) {
    if (armed !== "program" || ["Program", "SubProject"].includes(node.type)) { setPick(armed, node); }
  }
  showEntity(id);
  if (state.mode === "explore" && !expanded.has(id)) expand(id);
}

async function pickEntity(id) {
  if (!(await ensureNode(id))) return;
  if (state.mode === "explore" && !expanded.has(id)) await expand(id);
  view.select(id);
  showEntity(id);
}

async function showEntity(id) {
  state.sel = id;
  writeState(state);
  panel.loading(view.nodes.get(id)?.data?.label || id);
  const e = await task("상세 정보", () => api.entity(id));
  const seen = expanded.get(id);
  const shown = !seen ? false : (seen.next >= seen.total ? "all" : true);
  if (e && state.sel === id) panel.entity(e, { expanded: shown, mode: state.mode });
  else if (!e) panel.error("상세 정보를 불러오지 못했습니다.");
}

// ---- filters and legend ------------------------------------------------------------------

function refreshSide() {
  const { byType, byRel, nodes, edges } = view.counts();
  const types = [...new Set([...byType.keys(), ...state.hideTypes])].sort();
  $("#legend").replaceChildren(...types.map(t => {
    const info = typeInfo(t);
    return el("li", { class: state.hideTypes.includes(t) ? "off" : "", "data-type": t, title: t,
                      onclick: () => toggle("hideTypes", t) },
      el("span", { class: "swatch", style: `background:${info.color}` }), info.ko,
      el("span", { class: "n" }, byType.get(t) || 0));
  }));
  const rels = [...new Set([...byRel.keys(), ...state.hideRels])].sort();
  $("#relations").replaceChildren(...rels.map(r =>
    el("li", { class: state.hideRels.includes(r) ? "off" : "", "data-relation": r, title: r,
               onclick: () => toggle("hideRels", r) },
       el("input", { type: "checkbox", checked: !state.hideRels.includes(r), tabindex: -1 }),
       relationName(r), el("span", { class: "n" }, byRel.get(r) || 0))));
  $("#counts").textContent = `노드 ${nodes}개 · 연결 ${edges}개`;
}

function toggle(key, value) {
  const list = state[key];
  const i = list.indexOf(value);
  if (i >= 0) list.splice(i, 1); else list.push(value);
  view.setFilters(state.hideTypes, state.hideRels);
  writeState(state);
  refreshSide();
}

// ---- search ----------------------------------------------------------------------------------

let searchSeq = 0;
let results = [];
let cursor = -1;

async function runSearch(q) {
  const seq = ++searchSeq;
  if (!q.trim()) { closeResults(); return; }
  const rows = await task("검색", () => api.search(q));
  if (seq !== searchSeq || rows === null) return;
  results = rows;
  cursor = rows.length ? 0 : -1;
  renderResults();
}

function renderResults() {
  const ul = $("#search-results");
  ul.hidden = false;
  if (!results.length) { ul.replaceChildren(el("li", { class: "none" }, "결과 없음")); return; }
  ul.replaceChildren(...results.map((r, i) => el("li", {
    role: "option", "aria-selected": i === cursor ? "true" : "false", "data-id": r.id,
    onmousedown: ev => { ev.preventDefault(); choose(r); },
  }, el("span", { class: "swatch", style: `background:${typeInfo(r.type).color}` }),
     r.code ? el("span", { class: "code" }, r.code) : null, el("span", {}, r.label || r.id),
     el("span", { class: "type" }, typeInfo(r.type).ko))));
}

function closeResults() { $("#search-results").hidden = true; results = []; cursor = -1; }

function choose(r) {
  closeResults();
  $("#search").blur();
  if (state.mode === "path") {
    setPick(armed === "to" || (picks.from && !picks.to) ? "to" : "from", r);
    ensureNode(r.id).then(() => { refreshSide(); settle(); });
  } else if (state.mode === "impact") {
    setPick("program", r);
  } else {
    focusOn(r.id);
  }
}

let debounce = null;
$("#search").addEventListener("input", ev => {
  clearTimeout(debounce);
  debounce = setTimeout(() => runSearch(ev.target.value), 180);
});
$("#search").addEventListener("keydown", ev => {
  if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
    if (!results.length) return;
    cursor = (cursor + (ev.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
    renderResults();
    ev.preventDefault();
  } else if (ev.key === "Enter") {
    ev.preventDefault();
    if (results[cursor]) choose(results[cursor]);
    else runSearch(ev.target.value).then(() => results[0] && choose(results[0]));
  } else if (ev.key === "Escape") {
    closeResults();
  }
});
$("#search").addEventListener("blur", () => setTimeout(closeResults, 150));
for (const a of document.querySelectorAll("#empty-hint a[data-q]")) {
  a.addEventListener("click", ev => {
    ev.preventDefault();
    $("#search").value = a.dataset.q;
    runSearch(a.dataset.q);
    $("#search").focus();
  });
}

// ---- modes ----------------------------------------------------------------------------------

function setMode(mode) {
  state.mode = mode;
  for (const b of document.querySelectorAll("#modes button")) {
    b.setAttribute("aria-selected", b.dataset.mode === mode ? "true" : "false");
  }
  $("#path-form").hidden = mode !== "path";
  $("#impact-form").hidden = mode !== "impact";
  armed = mode === "path" ? (picks.from ? (picks.to ? null : "to") : "from") : (mode === "impact" ? "program" : null);
  renderPicks();
  if (mode === "explore") { view.setHighlight(null); view.resetEdgeMarks(); }
  writeState(state);
}

function setPick(slot, node) {
  picks[slot] = node;
  state[slot] = node ? node.id : undefined;
  if (slot === "from" && !picks.to) armed = "to";
  else if (state.mode === "path" && slot === "to") armed = null;
  renderPicks();
  writeState(state);
}

function renderPicks() {
  for (const [slot, sel] of [["from", "#path-from"], ["to", "#path-to"], ["program", "#impact-program"]]) {
    const span = $(sel);
    const node = picks[slot];
    span.textContent = node ? shown([node.code, node.label].filter(Boolean).join(" ")) || node.id : span.dataset.empty;
    span.classList.toggle("set", !!node);
    span.classList.toggle("armed", armed === slot);
  }
}

for (const b of document.querySelectorAll("#modes button")) b.addEventListener("click", () => setMode(b.dataset.mode));
for (const [slot, sel] of [["from", "#path-from"], ["to", "#path-to"], ["program", "#impact-program"]]) {
  $(sel).addEventListener("click", () => { armed = slot; renderPicks(); $("#search").focus(); });
}
$("#path-swap").addEventListener("click", () => {
  const { from, to } = picks;
  setPick("from", to);
  setPick("to", from);
});

$("#path-form").addEventListener("submit", async ev => {
  ev.preventDefault();
  await runPath();
});

async function runPath() {
  const { from, to } = picks;
  if (!from || !to) { status("출발과 도착 노드를 고르세요", true); return; }
  $("#empty-hint").hidden = true;
  const result = await task("경로 찾는 중", () => api.path(from.id, to.id));
  if (!result) return;
  view.addNodes(result.nodes, from.id);
  view.addEdges(result.edges);
  const onPath = new Map();
  for (const p of result.paths) for (const id of p) onPath.set(id, "#ffd54f");
  view.resetEdgeMarks();
  view.setHighlight(onPath);
  const pathEdges = result.paths.flatMap(p => p.slice(1).map((id, i) => [p[i], id]));
  const ids = view.edges.get().filter(e => pathEdges.some(([a, b]) => (e.from === a && e.to === b) || (e.from === b && e.to === a)))
    .map(e => e.id);
  view.markEdges(ids, "#e0a100");
  panel.pathResult(result, from, to);
  settle();
}

$("#impact-form").addEventListener("submit", async ev => {
  ev.preventDefault();
  await runImpact();
});

async function runImpact() {
  const program = picks.program;
  if (!program) { status("사업을 고르세요", true); return; }
  $("#empty-hint").hidden = true;
  const cut = Number($("#impact-cut").value) || 30;
  const year = Number($("#impact-year").value) || 2024;
  state.cut = String(cut);
  state.year = String(year);
  writeState(state);
  const result = await task("영향 분석 중", () => api.budgetCut(program.id, cut / 100, year));
  if (!result) return;
  if (!view.has(program.id)) view.addNodes([program]);
  view.addNodes(result.nodes, program.id);
  // The cut applies to the program and its sub-projects (the "units" of the answer).
  const units = result.units.filter(u => u !== program.id)
    .map(u => ({ id: `${program.id}|sub-project|${u}`, from: program.id, to: u, relation: "sub-project" }));
  view.addEdges([...result.edges, ...units]);
  // Colour by the share of its identified funding a node loses, relative to the cut itself:
  // the darkest red loses the whole cut (it depends on this program alone).
  const scale = a => shareColor(a.lostShare / (cut / 100));
  const colours = new Map(result.affected.map(a => [a.id, scale(a)]));
  for (const u of [program.id, ...result.units]) colours.set(u, shareColor(1));
  view.setHighlight(colours);
  panel.impactResult(result, { program, cut, year });
  settle();
}

// ---- toolbar buttons ------------------------------------------------------------------------

$("#fit").addEventListener("click", () => view.fit());
$("#relayout").addEventListener("click", () => settle());
$("#clear").addEventListener("click", () => {
  view.clear();
  expanded.clear();
  Object.assign(state, { focus: undefined, sel: undefined, expand: [] });
  panel.close();
  writeState(state);
  refreshSide();
  $("#empty-hint").hidden = false;
});
$("#panel-close").addEventListener("click", () => { panel.close(); state.sel = undefined; writeState(state); });

// ---- start: restore the view named by the URL -------------------------------------------------

async function restore() {
  markBusy();
  // A shared view draws a graph: the empty-state hint must not sit over it.
  if (state.focus || state.from || state.to || state.program) $("#empty-hint").hidden = true;
  try {
    view.setFilters(state.hideTypes, state.hideRels);
    $("#impact-cut").value = state.cut || 30;
    $("#impact-year").value = state.year || 2024;
    const wanted = [...state.expand];
    const sel = state.sel;
    if (state.focus) {
      await focusOn(state.focus);
      for (const id of wanted) if (view.has(id)) await expand(id, { quiet: true });
    }
    for (const slot of ["from", "to", "program"]) {
      if (state[slot]) {
        const e = await task("불러오는 중", () => api.entity(state[slot]));
        if (e) picks[slot] = e;
      }
    }
    setMode(state.mode);
    if (state.mode === "path" && picks.from && picks.to) await runPath();
    else if (state.mode === "impact" && picks.program) await runImpact();
    else if (sel && view.has(sel)) { view.select(sel); showEntity(sel); }
    if (state.focus) settle();
    refreshSide();
  } finally {
    markIdle();
  }
}

// For the browser tests and the console: the view and the main actions.
window.policykgExplorer = { view, state, expand, focusOn, setMode, showEntity };
restore();
