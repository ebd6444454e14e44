// Colours, Korean names and node labels by entity type (the pk: class local name).

// One palette for the page and the pyvis export (api/pyvis_export.py reads the same file).
const PALETTE = await (await fetch("/static/graph/palette.json")).json();
export const TYPES = PALETTE.types;
export const RELATIONS = PALETTE.relations;
const SPARE = PALETTE.spare;

export function typeInfo(type) {
  if (TYPES[type]) return TYPES[type];
  let h = 0;
  for (const ch of String(type)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return { ko: type, color: SPARE[h % SPARE.length] };
}

// Lost share 0..1 → a colour from pale yellow to dark red.
export function shareColor(share) {
  const s = Math.max(0, Math.min(1, Number(share) || 0));
  const stops = [[255, 237, 160], [253, 141, 60], [189, 0, 38]];
  const [a, b, t] = s < 0.5 ? [stops[0], stops[1], s / 0.5] : [stops[1], stops[2], (s - 0.5) / 0.5];
  const mix = a.map((v, i) => Math.round(v + (b[i] - v) * t));
  return `rgb(${mix.join(",")})`;
}

function wrap(text, width, maxLines) {
  const lines = [];
  let rest = text.trim();
  while (rest && lines.length < maxLines) {
    if (rest.length <= width) { lines.push(rest); rest = ""; break; }
    let cut = rest.lastIndexOf(" ", width);
    if (cut < width / 2) cut = width;
    lines.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) lines[lines.length - 1] = lines[lines.length - 1].replace(/.$/, "…");
  return lines.join("\n");
}

// Text as drawn: the documents print some middle dots as U+FF65 (halfwidth katakana) or U+30FB,
// which Korean fonts lack; they are drawn as "·" so that no box appears. The data is unchanged.
export function shown(text) {
  return String(text ?? "").replace(/[\uFF65\u30FB]/g, "·");
}

// "I-2-1\n탄소중립 산업 …": the code first, then the Korean title cut to two short lines.
export function nodeLabel(node) {
  const title = shown(node.label) || node.id.split("/").pop();
  const code = node.code && !title.startsWith(node.code) ? node.code : "";
  const body = wrap(title, 14, code ? 2 : 3);
  return code ? `${code}\n${body}` : body;
}

export function nodeTitle(node) {
  const t = typeInfo(node.type).ko;
  return shown([node.code, node.label].filter(Boolean).join(" ")) + `\n${t} · ${node.id}`;
}


// A relation's Korean name: "pk:partOf", "^pk:partOf" (incoming) and "part-of" all work.
export function relationKey(rel) {
  return String(rel || "").replace(/^\^/, "").replace(/^[a-z]+:/, "");
}

export function relationName(rel, given) {
  const name = RELATIONS[relationKey(rel)] || (given && given !== rel ? given : relationKey(rel));
  return String(rel || "").startsWith("^") ? `${name} (역방향)` : name;
}
