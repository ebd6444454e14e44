// Answer and data-quality pages: value autocompletion through /api/search (with titles),
// the share and print buttons. The page's state is its URL; nothing is stored in the browser.

import "./ask.js";

const $ = (sel, root = document) => root.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

const ID = "https://w3id.org/policykg/id/";
const path = iri => (iri.startsWith(ID) ? iri.slice(ID.length) : iri);

// The value a parameter takes from a search hit: a code, an agency's acronym, a name, a path.
function valueOf(input, hit) {
  const type = input.dataset.type || "";
  if (type === "agency") return path(hit.iri).split("/").pop();
  if (type === "string") return hit.label || hit.code || path(hit.iri);
  if (type === "program-code" && hit.type === "SubProject") return path(hit.iri);
  if (type.endsWith("code")) return hit.code || path(hit.iri).split("/").pop();
  return path(hit.iri);
}

function autocomplete(input) {
  const list = input.parentElement.querySelector(".suggest");
  const form = input.form;
  const title = form && $(`[data-title-for="${CSS.escape(input.name)}"]`, form);
  let hits = [], cursor = -1, seq = 0, timer = null;

  function close() { list.hidden = true; list.replaceChildren(); hits = []; cursor = -1; }
  function render() {
    list.replaceChildren(...hits.map((h, i) => el("li", {
      role: "option", "aria-selected": i === cursor ? "true" : "false", "data-iri": h.iri,
    }, h.code ? el("b", {}, h.code) : null, " ", h.label || path(h.iri), el("small", {}, h.type))));
    list.hidden = !hits.length;
    [...list.children].forEach((li, i) => li.addEventListener("mousedown", ev => { ev.preventDefault(); choose(hits[i]); }));
  }
  function choose(hit) {
    input.value = valueOf(input, hit);
    if (title) title.textContent = [hit.code, hit.label].filter(Boolean).join(" ");
    // An agenda item names its list: fill the list field too.
    const scheme = form && form.elements.namedItem("scheme");
    const m = path(hit.iri).match(/^agenda\/(\d{4})\//);
    if (m && scheme && input.dataset.type === "agenda-code") scheme.value = m[1];
    close();
  }
  async function search() {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) { close(); return; }
    const url = new URL("/api/search", location.origin);
    url.searchParams.set("q", q);
    url.searchParams.set("limit", "8");
    for (const t of (input.dataset.search || "").split(",").filter(Boolean)) url.searchParams.append("type", t);
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    if (mine !== seq || !res.ok) return;
    hits = (await res.json()).rows;
    cursor = hits.length ? 0 : -1;
    render();
  }
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 180); });
  input.addEventListener("keydown", ev => {
    if (list.hidden) return;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      cursor = (cursor + (ev.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
      render(); ev.preventDefault();
    } else if (ev.key === "Enter" && hits[cursor]) { choose(hits[cursor]); ev.preventDefault(); }
    else if (ev.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

for (const input of document.querySelectorAll("input[data-search]")) autocomplete(input);

// A source control opens its quote beside the figure, inside the window; one at a time, and
// scrolling closes it.
function openSources() { return document.querySelectorAll("details.src[open]"); }
for (const d of document.querySelectorAll("details.src")) {
  d.addEventListener("toggle", () => {
    if (!d.open) return;
    for (const other of openSources()) if (other !== d) other.open = false;
    const pop = d.querySelector(".pop");
    const at = d.querySelector("summary").getBoundingClientRect();
    const width = pop.offsetWidth;
    pop.style.left = `${Math.max(8, Math.min(at.right - width, window.innerWidth - width - 8))}px`;
    const below = at.bottom + 4;
    pop.style.top = below + pop.offsetHeight < window.innerHeight ? `${below}px`
      : `${Math.max(8, at.top - pop.offsetHeight - 4)}px`;
  });
}
window.addEventListener("scroll", () => { for (const d of openSources()) d.open = false; }, { passive: true });
document.addEventListener("keydown", ev => { if (ev.key === "Escape") for (const d of openSources()) d.open = false; });

const copy = $("#share-copy");
if (copy) {
  copy.addEventListener("click", async () => {
    const box = $("#share-url");
    try { await navigator.clipboard.writeText(box.value); copy.textContent = "복사했습니다 copied"; }
    catch { box.select(); document.execCommand("copy"); copy.textContent = "복사했습니다 copied"; }
  });
}
const printButton = $("#print");
if (printButton) printButton.addEventListener("click", () => window.print());
document.body.dataset.ready = "1";
