// The drawing: a vis-network over two DataSets, filtered through DataViews.
// Layout never runs forever: new nodes are placed in a ring around the node they came from,
// physics runs a bounded stabilisation, then it is switched off until the next change.

import { nodeLabel, nodeTitle, relationName, typeInfo } from "./types.js";

const STABILISE_MAX = 300;     // iterations for a small graph; fewer as it grows (see settle)
const EDGE_LABELS_UP_TO = 160; // more edges than this: relation names only on hover
const CURVES_UP_TO = 500;      // more edges than this: straight lines, cheaper to draw

export class GraphView {
  constructor(container, { onClick, onDoubleClick, onStabilised }) {
    this.nodes = new vis.DataSet();
    this.edges = new vis.DataSet();
    this.hiddenTypes = new Set();
    this.hiddenRels = new Set();
    this.focus = null;
    this.highlight = null; // Map id → colour, for path and impact modes
    this.nodeView = new vis.DataView(this.nodes, { filter: n => !this.hiddenTypes.has(n.ptype) });
    this.edgeView = new vis.DataView(this.edges, { filter: e => !this.hiddenRels.has(e.relation) });
    this.network = new vis.Network(container, { nodes: this.nodeView, edges: this.edgeView }, {
      autoResize: true,
      layout: { improvedLayout: false, randomSeed: 7 },
      nodes: {
        shape: "dot", size: 12, borderWidth: 1,
        font: { face: "'Nanum Gothic', 'Noto Sans CJK KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif",
                size: 13, color: "#1d232b", strokeWidth: 3, strokeColor: "#ffffff", multi: false },
      },
      edges: {
        // curvedCW is static (no support nodes), yet keeps a pair of opposite links apart.
        smooth: { enabled: true, type: "curvedCW", roundness: 0.12 }, width: 1, color: { color: "#aab4c2", highlight: "#1f5fbf", hover: "#1f5fbf" },
        arrows: { to: { enabled: true, scaleFactor: 0.5 } },
        font: { size: 10, color: "#5f6b7a", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      },
      physics: {
        enabled: true, solver: "barnesHut",
        barnesHut: { gravitationalConstant: -6000, centralGravity: 0.2, springLength: 150,
                     springConstant: 0.04, damping: 0.15, avoidOverlap: 0.5 },
        stabilization: { enabled: true, iterations: STABILISE_MAX, updateInterval: 50, fit: true },
      },
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: true, hideEdgesOnZoom: true,
                     navigationButtons: false, keyboard: false },
    });
    this.settling = false;
    this.onStabilised = onStabilised;
    this.network.on("stabilized", () => this._settled());
    this.network.on("stabilizationIterationsDone", () => this._settled());
    this.network.on("click", p => {
      if (p.nodes.length) onClick(p.nodes[0]);
    });
    this.network.on("doubleClick", p => {
      if (p.nodes.length) onDoubleClick(p.nodes[0]);
    });
  }

  _settled() {
    if (!this.settling) return;
    this.settling = false;
    clearTimeout(this.settleGuard);
    this.network.setOptions({ physics: { enabled: false } });
    this.onStabilised?.();
  }

  // Run a bounded stabilisation; physics is switched off again when it ends (or after a
  // time limit, should the engine not report the end).
  settle() {
    const n = this.nodes.length;
    const iterations = Math.round(Math.max(60, Math.min(STABILISE_MAX, 40000 / Math.max(n, 1))));
    this.settling = true;
    clearTimeout(this.settleGuard);
    this.settleGuard = setTimeout(() => this._settled(), 15000);
    this.network.setOptions({ physics: { enabled: true } });
    this.network.stabilize(iterations);
  }

  has(id) { return this.nodes.get(id) !== null; }

  _style(node) {
    const info = typeInfo(node.type);
    const hl = this.highlight?.get(node.id);
    const focus = node.id === this.focus;
    const bg = hl || info.color;
    return {
      id: node.id, ptype: node.type, data: node,
      label: nodeLabel(node), title: nodeTitle(node),
      color: { background: bg, border: focus ? "#111" : (hl ? "#7a0019" : "rgba(0,0,0,.35)"),
               highlight: { background: bg, border: "#111" }, hover: { background: bg, border: "#111" } },
      size: focus ? 22 : (hl ? 16 : 12), borderWidth: focus ? 3 : (hl ? 2 : 1),
      font: { bold: focus },
    };
  }

  // Add nodes; new ones start near `near`, fanned out on the side away from the rest of the
  // graph, so stabilisation has little to do and expansions do not fall onto other nodes.
  addNodes(list, near = null) {
    const fresh = list.filter(n => !this.has(n.id));
    const items = this._placed(fresh, near && this.has(near) ? near : null)
      .map(([n, x, y]) => ({ ...this._style(n), x, y }));
    // Known nodes may come back with a better label or type: refresh them in place.
    const known = list.filter(n => this.has(n.id) && !String(n.id).startsWith("more:"))
      .filter(n => n.label && !this.nodes.get(n.id).data.label).map(n => this._style(n));
    this.nodes.update([...items, ...known]);
    return fresh.length;
  }

  _placed(fresh, near) {
    const origin = near ? this.network.getPosition(near) : { x: 0, y: 0 };
    const others = near ? Object.values(this.network.getPositions()) : [];
    const cx = others.reduce((a, p) => a + p.x, 0) / Math.max(others.length, 1);
    const cy = others.reduce((a, p) => a + p.y, 0) / Math.max(others.length, 1);
    const away = Math.atan2(origin.y - cy, origin.x - cx);
    const outward = others.length > 1 && Math.hypot(origin.x - cx, origin.y - cy) > 1;
    const spread = outward ? Math.PI * 1.2 : Math.PI * 2;
    const start = outward ? away - spread / 2 : 0;
    const r = 150 + 6 * Math.min(fresh.length, 40);
    const step = spread / Math.max(outward ? fresh.length - 1 : fresh.length, 1);
    return fresh.map((n, i) => {
      const a = start + step * i;
      return [n, origin.x + r * Math.cos(a), origin.y + r * Math.sin(a)];
    });
  }

  addEdges(list) {
    const items = list.filter(e => this.has(e.from) && this.has(e.to)).map(e => ({
      id: e.id, from: e.from, to: e.to, relation: e.relation,
      title: relationName(e.relation, e.relationLabel),
      rlabel: relationName(e.relation, e.relationLabel),
      dashes: e.dashes || false,
      color: e.color ? { color: e.color, highlight: e.color } : undefined,
      width: e.width || 1,
    }));
    this.edges.update(items);
    this._edgeLabels();
  }

  // A "+N 더 보기" node hanging off `parent`; clicking it loads the next page.
  setMore(parent, remaining) {
    const id = `more:${parent}`;
    if (remaining <= 0) { this.nodes.remove(id); this.edges.remove(`${id}|more`); return; }
    const data = { id, type: "_more", parent };
    const item = { id, ptype: "_more", data, label: `+${remaining} 더 보기`, title: "이웃 더 불러오기",
                   shape: "box", color: { background: "#ffffff", border: "#1f5fbf" },
                   font: { color: "#1f5fbf", size: 12 }, borderWidth: 1, shapeProperties: { borderDashes: [4, 3] } };
    if (!this.has(id)) {
      const p = this.network.getPosition(parent);
      Object.assign(item, { x: p.x + 60, y: p.y - 60 });
    }
    this.nodes.update(item);
    this.edges.update({ id: `${id}|more`, from: parent, to: id, relation: "_more", dashes: true,
                        color: { color: "#1f5fbf" }, arrows: { to: { enabled: false } } });
  }

  _edgeLabels() {
    this.network.setOptions({ edges: { smooth: this.edges.length <= CURVES_UP_TO
      ? { enabled: true, type: "curvedCW", roundness: 0.12 } : false } });
    const show = this.edges.length <= EDGE_LABELS_UP_TO;
    this.edges.update(this.edges.get().filter(e => e.relation !== "_more")
      .map(e => ({ id: e.id, label: show ? e.rlabel : undefined })));
  }

  setFocus(id) {
    const old = this.focus;
    this.focus = id;
    this.restyle([old, id].filter(Boolean));
  }

  setHighlight(map) {
    const touched = new Set([...(this.highlight?.keys() || []), ...(map?.keys() || [])]);
    this.highlight = map;
    this.restyle([...touched]);
  }

  restyle(ids) {
    const items = ids.map(id => this.nodes.get(id)).filter(n => n && n.ptype !== "_more").map(n => this._style(n.data));
    this.nodes.update(items);
  }

  markEdges(ids, colour) {
    this.edges.update(this.edges.get(ids).filter(Boolean).map(e => ({ id: e.id, color: { color: colour, highlight: colour },
                                                                      width: colour ? 3 : 1 })));
  }

  resetEdgeMarks() {
    this.edges.update(this.edges.get().filter(e => e.relation !== "_more")
      .map(e => ({ id: e.id, color: { color: "#aab4c2", highlight: "#1f5fbf" }, width: 1 })));
  }

  setFilters(hiddenTypes, hiddenRels) {
    this.hiddenTypes = new Set(hiddenTypes);
    this.hiddenRels = new Set(hiddenRels);
    this.nodeView.refresh();
    this.edgeView.refresh();
  }

  select(id) { if (this.has(id)) this.network.selectNodes([id]); }
  fit() { this.network.fit({ animation: false }); }
  clear() { this.nodes.clear(); this.edges.clear(); this.focus = null; this.highlight = null; }

  counts() {
    const byType = new Map();
    for (const n of this.nodes.get()) {
      if (n.ptype === "_more") continue;
      byType.set(n.ptype, (byType.get(n.ptype) || 0) + 1);
    }
    const byRel = new Map();
    for (const e of this.edges.get()) {
      if (e.relation === "_more") continue;
      byRel.set(e.relation, (byRel.get(e.relation) || 0) + 1);
    }
    return { byType, byRel, nodes: [...byType.values()].reduce((a, b) => a + b, 0), edges: this.edges.length };
  }
}

