// The question box (#ask in a form action="/ask"): as the person types, how the question is
// understood (/api/interpret) shows under the box, with the answer page to go to or, when
// nothing is understood, what search finds. Submitting goes to /ask, which the server answers
// with the answer page (or search results) — the box works without this script too.

(() => {

  const input = document.querySelector("form.ask input[name=q]");

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  if (input) {
    const form = input.form;
    const box = el("div", { class: "ask-preview", role: "status", "aria-live": "polite", hidden: "" });
    form.append(box);
    let timer = null, seq = 0;

    async function preview() {
      const q = input.value.trim();
      const mine = ++seq;
      if (!q) { box.hidden = true; return; }
      const res = await fetch(`/api/interpret?q=${encodeURIComponent(q)}`, { headers: { Accept: "application/json" } });
      if (mine !== seq || !res.ok) return;
      const got = await res.json();
      const parts = [];
      if (got.question) {
        const url = `${got.url}&asked=${encodeURIComponent(q)}`;
        parts.push(el("p", {}, "이렇게 이해합니다: ", el("a", { href: url, class: "go" }, got.understood)),
                   el("p", { class: "en", lang: "en" }, got.understood_en));
      } else {
        parts.push(el("p", {}, got.understood));
        const hits = (got.search || []).slice(0, 6);
        if (hits.length) parts.push(el("ul", {}, hits.map(h => el("li", {},
          el("a", { href: `/?focus=${h.iri.split("/id/")[1] || h.iri}` }, [h.code, h.label].filter(Boolean).join(" "))))));
      }
      box.replaceChildren(...parts);
      box.hidden = false;
      box.dataset.question = got.question || "";
    }
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(preview, 250); });
    input.addEventListener("keydown", ev => { if (ev.key === "Escape") box.hidden = true; });
    document.addEventListener("click", ev => { if (!form.contains(ev.target)) box.hidden = true; });
  }
})();
