// The side panel: one entity's details, or the list of a path / impact answer.
// Everything is built with DOM calls (no innerHTML from data), so titles cannot inject markup;
// text goes through `shown` (middle dots the fonts lack are drawn as "·").

import { relationName, shareColor, shown, typeInfo } from "./types.js";

// An IRI as a person reads it: its %-escapes (a Korean name) decoded; the IRI itself in the title.
function readableIri(iri) {
  try { return decodeURI(iri); } catch (e) { return iri; }
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "style") node.style.cssText = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(shown(c)));
  }
  return node;
}

const WON = new Intl.NumberFormat("ko-KR");

// One amount in won → 억원 exactly as policykg.analysis.money.eok writes it (no rounding:
// 1,141,045,000,000 → "11,410.45억원", 444,066,900,000 → "4,440.669억원"). Only a single amount
// is formatted here; totals come from the server (the panel never adds rows).
export function formatWon(amount) {
  if (amount === null || amount === undefined || amount === "") return "";
  let n;
  try { n = BigInt(amount); } catch { return String(amount); }
  const sign = n < 0n ? "-" : "";
  if (n < 0n) n = -n;
  const whole = WON.format(n / 100000000n);
  const frac = (n % 100000000n).toString().padStart(8, "0").replace(/0+$/, "");
  return `${sign}${whole}${frac ? "." + frac : ""}억원`;
}

const LEVEL = { "program": "단위사업", "sub-project": "세부사업", "item": "내역" };

function entLink(node, onPick) {
  const text = [node.code, node.label].filter(Boolean).join(" ") || node.id;
  return el("a", { class: "ent", href: `?focus=${node.id}`, "data-id": node.id,
                   onclick: ev => { ev.preventDefault(); onPick(node.id); } }, text);
}

// "motie-2024-performance-plan 5216–5230행"
function lineRef(s) {
  const lines = s.startLine === s.endLine ? `${s.startLine}행` : `${s.startLine}–${s.endLine}행`;
  return `${s.document} ${lines}`;
}

function badge(type) {
  const info = typeInfo(type);
  return el("span", { class: "badge", style: `background:${info.color}` }, info.ko);
}

export class Panel {
  constructor(root, body, { onPick, onExpand, onFocus, onUse }) {
    this.root = root;
    this.body = body;
    this.onPick = onPick;
    this.onExpand = onExpand;
    this.onFocus = onFocus;
    this.onUse = onUse;
  }

  close() { this.root.hidden = true; this.body.replaceChildren(); }
  _show(...children) { this.body.replaceChildren(...children); this.root.hidden = false; this.root.scrollTop = 0; }

  loading(label) { this._show(el("p", { class: "path-text" }, `${label} 불러오는 중…`)); }
  error(message) { this._show(el("p", { class: "path-text", role: "alert" }, message)); }

  entity(e, { expanded, mode }) {
    const out = [];
    out.push(el("div", { class: "meta" }, badge(e.type), e.code ? el("span", { class: "code-chip" }, e.code) : null));
    out.push(el("h1", { id: "panel-title" }, e.label || e.id));
    if (e.altLabels.length) out.push(el("div", { class: "path-text" }, `다른 이름: ${e.altLabels.join(", ")}`));
    out.push(el("div", { class: "iri", title: e.iri }, readableIri(e.iri)));
    const actions = el("div", { class: "panel-actions" },
      expanded === "all" ? null : el("button", { type: "button", id: "panel-expand", onclick: () => this.onExpand(e.id) },
         expanded ? "이웃 더 보기" : "이웃 펼치기"),
      el("button", { type: "button", onclick: () => this.onFocus(e.id) }, "중심으로"));
    if (mode === "path") {
      actions.append(el("button", { type: "button", onclick: () => this.onUse("from", e) }, "출발로"),
                     el("button", { type: "button", onclick: () => this.onUse("to", e) }, "도착으로"));
    }
    if (mode === "impact" && ["Program", "SubProject"].includes(e.type)) {
      actions.append(el("button", { type: "button", onclick: () => this.onUse("program", e) }, "이 사업으로 영향 분석"));
    }
    out.push(actions);

    if (e.figures.length || e.budget.length) out.push(...this._figures(e));
    out.push(...this._findings(e));

    out.push(el("h2", {}, "출처"));
    if (!e.sources.length) out.push(el("p", { class: "path-text" }, "출처 줄 정보가 없습니다."));
    for (const s of e.sources) {
      out.push(el("blockquote", { class: "source" }, el("cite", {}, lineRef(s)), s.quote));
    }
    const literals = Object.entries(e.properties || {}).filter(([, v]) => v !== null && v !== "" &&
      !(Array.isArray(v) && !v.length));
    if (literals.length) {
      out.push(el("h2", {}, "속성"));
      out.push(el("table", { id: "panel-properties" }, literals.map(([k, v]) =>
        el("tr", {}, el("th", {}, k), el("td", {}, (Array.isArray(v) ? v : [v]).map(x =>
          typeof x === "object" ? (x.label ?? x.value ?? JSON.stringify(x)) : x).join(", "))))));
    }

    if (e.groups.length) {
      out.push(el("h2", {}, "관계별 이웃"));
      for (const g of e.groups) {
        const arrow = g.direction === "in" ? "←" : "→";
        out.push(el("h3", {}, `${arrow} ${relationName(g.relation)} (${g.items.length})`));
        out.push(el("ul", { class: "links" }, g.items.map(n =>
          el("li", {}, el("span", { class: "swatch", style: `display:inline-block;background:${typeInfo(n.type).color}` }),
             " ", entLink(n, this.onPick),
             n.sources.length ? el("span", { class: "path-text" }, " · ", n.sources.map(lineRef).join(", ")) : null))));
      }
    }

    this._show(...out);
  }

  // Budgets by year: the yearly totals the server computes (the same code as the API's
  // summaries: each program counted once), then each funding row with what it draws on.
  _figures(e) {
    const rows = e.figures.slice().sort((a, b) => String(a.year).localeCompare(String(b.year)));
    const isProgram = e.type === "Program" || e.type === "SubProject";
    const out = [el("h2", {}, "주요 수치 — 연도별 예산")];
    if (e.budget.length) {
      out.push(el("table", { id: "panel-budget-years" },
        el("tr", {}, el("th", {}, "연도"), el("th", { class: "num" }, "재원 배분 합계"),
           isProgram ? el("th", { class: "num" }, "과제별 합") : null),
        e.budget.map(b => el("tr", { "data-year": b.year },
          el("td", {}, b.year),
          el("td", { class: "num", title: `${WON.format(b.counted_once_krw)}원 · 사업마다 한 번 셈` },
             b.counted_once, el("div", { class: "path-text" }, b.korean)),
          isProgram ? el("td", { class: "num", title: `${WON.format(b.gross_krw)}원` }, b.gross) : null))));
      const page = isProgram
        ? `/answers/program-uses?program=${encodeURIComponent(e.code)}`
        : `/answers/task-budget?task=${encodeURIComponent(e.code)}`;
      out.push(el("p", { class: "path-text" }, "단위사업마다 한 번 센 합계입니다. ",
        el("a", { href: page, id: "panel-answer-link" }, "예산 답 페이지에서 보기 →")));
    }
    out.push(el("h3", {}, "재원 배분"));
    const name = f => (isProgram
      ? { id: f.task, code: f.taskCode, label: "" }
      : { id: f.program, label: f.programLabel,
          code: f.level === "program" ? f.programCode
            : (f.level === "sub-project" ? `${f.ofProgramCode}-${f.programCode}` : f.ofProgramCode) });
    out.push(el("table", { id: "panel-figures" },
      el("colgroup", {}, el("col", { class: "c-year" }), el("col", { class: "c-name" }),
         el("col", { class: "c-account" }), el("col", { class: "c-amount" })),
      el("tr", {}, el("th", {}, "연도"), el("th", {}, isProgram ? "관리과제" : "사업"),
         el("th", {}, "회계"), el("th", { class: "num" }, "금액")),
      rows.map(f => el("tr", { class: `level-${f.level}` },
        el("td", {}, f.year ?? ""),
        el("td", { class: "name" }, name(f).id ? entLink(name(f), this.onPick) : "",
           isProgram ? null : el("span", { class: "level" }, LEVEL[f.level] || "")),
        el("td", { class: "account" }, f.account),
        el("td", { class: "num", title: `${f.printed} · ${WON.format(f.amount)}원` }, formatWon(f.amount))))));
    return out;
  }

  _findings(e) {
    if (!e.findings.length) return [];
    const all = `/data-quality?entity=${encodeURIComponent(e.id)}`;
    return [el("h2", {}, `데이터 품질 확인 ${e.findings.length}건`),
      el("ul", { class: "links", id: "panel-findings" }, e.findings.map(f => el("li", {},
        el("a", { href: `${all}#finding-${f.id}`, title: f.message }, `${f.severity_ko} · ${f.kind_ko}`),
        el("span", { class: "path-text" }, ` ${f.document} ${f.line ?? ""}행`)))),
      el("p", { class: "path-text" }, el("a", { href: all }, "모두 보기 →"))];
  }

  pathResult(result, from, to) {
    const out = [el("h1", {}, "최단 경로"),
                 el("p", { class: "path-text" }, `${from.label || from.id} → ${to.label || to.id}`)];
    if (!result.paths.length) out.push(el("p", {}, "연결 경로가 없습니다."));
    const byId = new Map(result.nodes.map(n => [n.id, n]));
    result.paths.forEach((p, i) => {
      out.push(el("h2", {}, `경로 ${i + 1} (${p.length - 1}단계)`));
      out.push(el("ol", { class: "links" }, p.map(id => el("li", {}, entLink(byId.get(id) || { id }, this.onPick)))));
    });
    this._show(...out);
  }

  impactResult(result, { program, cut, year }) {
    const out = [el("h1", {}, "예산 삭감 영향"),
                 el("p", { class: "path-text" },
                    `${program.code || ""} ${program.label || program.id} · ${cut}% 삭감 · ${year}년`)];
    const rows = result.affected.slice().sort((a, b) => b.lostShare - a.lostShare);
    out.push(el("p", {}, `영향받는 항목 ${rows.length}개`,
      result.lost !== null && result.lost !== undefined ? ` · 삭감액 ${formatWon(result.lost)}` : ""),
      el("p", { class: "path-text" }, el("a", {
        href: `/answers/budget-cut?program=${encodeURIComponent(program.code || program.id)}&cut=${cut / 100}&year=${year}`,
      }, "답 페이지에서 보기 (표·그래프·출처) →")));
    out.push(el("div", { class: "share-legend", id: "impact-legend" },
      el("span", {}, "손실 비율 0%"),
      el("span", { class: "ramp", style: `background:linear-gradient(to right, ${shareColor(0)}, ${shareColor(0.5)}, ${shareColor(1)})` }),
      el("span", {}, `${cut}% (삭감 전부)`)));
    out.push(el("table", { id: "impact-list" },
      el("tr", {}, el("th", {}, "항목"), el("th", {}, "유형"), el("th", {}, "손실 비율")),
      rows.map(r => el("tr", {},
        el("td", {}, entLink(r, this.onPick), r.pathText ? el("div", { class: "path-text" }, r.pathText) : null),
        el("td", {}, typeInfo(r.type).ko),
        el("td", { class: "num" },
           el("span", { class: "share-bar", style: `width:${Math.round(40 * r.lostShare / (cut / 100))}px;background:${shareColor(r.lostShare / (cut / 100))}` }),
           `${(100 * r.lostShare).toFixed(1)}%`)))));
    this._show(...out);
  }
}
