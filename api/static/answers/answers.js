// Answer and data-quality pages: value autocompletion through /api/search (with titles),
// the share and print buttons. The page's state is its URL; nothing is stored in the browser.

(() => {

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

  // A figure's source control (button.src) shows its quotes, documents and lines beside it, inside
  // the window; one at a time; a press elsewhere, Escape or scrolling away closes it. The quotes come
  // once for the whole page as JSON (script#sources).
  const SOURCES = JSON.parse(document.getElementById("sources")?.textContent || "[]");
  let open = null;
  function closeSource() { if (open) { open.pop.remove(); open.button.setAttribute("aria-expanded", "false"); open = null; } }
  function showSource(button) {
    const entries = SOURCES[Number(button.dataset.src)] || [];
    const pop = el("div", { class: "src-pop", role: "note" }, entries.map(e => e.note
      ? el("p", { class: "note" }, e.note)
      : el("blockquote", {}, el("cite", {}, e.where),
           e.quote || "(이 줄의 글은 그래프에 인용되어 있지 않습니다 · not quoted in the graph)")));
    document.body.append(pop);
    const at = button.getBoundingClientRect();
    const width = pop.offsetWidth;
    pop.style.left = `${Math.max(8, Math.min(at.right - width, window.innerWidth - width - 8))}px`;
    const below = at.bottom + 4;
    pop.style.top = below + pop.offsetHeight < window.innerHeight ? `${below}px`
      : `${Math.max(8, at.top - pop.offsetHeight - 4)}px`;
    button.setAttribute("aria-expanded", "true");
    open = { button, pop, scrolled: window.scrollY };
  }
  document.addEventListener("click", ev => {
    const button = ev.target.closest && ev.target.closest("button.src");
    if (button) {
      const same = open && open.button === button;
      closeSource();
      if (!same) showSource(button);
    } else if (!(open && open.pop.contains(ev.target))) {
      closeSource();
    }
  });
  // scrolling the page away from the figure closes it (a scroll into view as it opens does not)
  window.addEventListener("scroll", () => {
    if (open && Math.abs(window.scrollY - open.scrolled) > 60) closeSource();
  }, { passive: true });
  document.addEventListener("keydown", ev => { if (ev.key === "Escape") closeSource(); });

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
})();
