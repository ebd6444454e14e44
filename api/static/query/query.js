// The query page: YASGUI (vendored) on this server's /sparql, the named questions as examples,
// CSV/JSON download and a shareable URL. Parameters of a question are bound by the endpoint
// ($name=<N-Triples term>), never pasted into the query text.
const ENDPOINT = new URL("/sparql", location.origin).toString();
// The link as opened, read before the editor starts: the editor redraws the results it saved in
// this browser on start, and the address bar must not be rewritten from them before the link's
// own question is in place (that was how a shared link ran the saved query instead).
const OPENED = new URL(location.href);
// Whether this browser had editor tabs saved before this visit (YASGUI's "yagui…" keys).
const SAVED_BEFORE = Object.keys(localStorage).some((k) => k.startsWith("yagui"));
let started = false;
const $ = (sel) => document.querySelector(sel);

// No request leaves this server: no LOV class/property lookups, no prefix.cc, no catalogue.
Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(
  (name) => name !== "class" && name !== "property");

// The editor keeps its tabs in the browser (YASGUI persistence), but a shared link is the URL's
// question alone: it opens in a tab of its own (populateFromUrl off: this page reads the URL), so
// the saved tabs never replace it, and they stay as they were.
const yasgui = new Yasgui($("#yasgui"), {
  requestConfig: { endpoint: ENDPOINT, method: "POST" },
  copyEndpointOnNewTab: false,
  populateFromUrl: false,
  endpointCatalogueOptions: { getData: () => [{ endpoint: ENDPOINT }], keys: [] },
  yasqe: { prefixCcApi: null, resizeable: true, editorHeight: "320px" },
});

let bound = {};          // variable -> N-Triples term, for the current query
let boundQuestion = null; // {name, params} when a named question is loaded
let maxRows = null;
let prefixes = {};        // the endpoint's predeclared prefixes (shown in the editor too)

function withPrologue(sparql) {
  const declared = Object.entries(prefixes).map(([p, ns]) => `PREFIX ${p}: <${ns}>`).join("\n");
  return declared ? `${declared}\n${sparql}` : sparql;
}

function tab() { return yasgui.getTab(); }

function setBindings(bindings, question) {
  bound = bindings;
  boundQuestion = question;
  tab().setRequestConfig({
    endpoint: ENDPOINT,
    args: Object.entries(bindings).map(([k, v]) => ({ name: "$" + k, value: v })),
  });
  const box = $("#bound");
  box.replaceChildren();
  if (Object.keys(bindings).length) {
    box.append("바인딩: ");
    for (const [k, v] of Object.entries(bindings)) {
      const code = document.createElement("code");
      code.textContent = `?${k} = ${v}`;
      box.append(code);
    }
  }
  if (question) {
    const a = document.createElement("a");
    a.href = `/answers/${encodeURIComponent(question.name)}?${new URLSearchParams(question.params)}`;
    a.textContent = "답 페이지에서 보기 (문장·합계·그래프·출처) →";
    a.className = "answer-link";
    box.append(" ", a);
  }
  box.hidden = !Object.keys(bindings).length;
}

function shareUrl() {
  const url = new URL("/query", location.origin);
  if (boundQuestion) {
    url.searchParams.set("question", boundQuestion.name);
    for (const [k, v] of Object.entries(boundQuestion.params)) url.searchParams.set(k, v);
  } else {
    url.searchParams.set("query", tab().getQuery());
    for (const [k, v] of Object.entries(bound)) url.searchParams.set("$" + k, v);
  }
  return url.toString();
}

function status(text, warn = false) {
  $("#status").textContent = text;
  $("#status").classList.toggle("warn", warn);
}

async function loadQuestion(question, values, run) {
  const params = new URLSearchParams(values);
  const r = await fetch(`/query/bindings/${encodeURIComponent(question.name)}?${params}`);
  const body = await r.json();
  if (!r.ok) { status(body.error.message, true); return false; }
  tab().setQuery(withPrologue(question.sparql));
  setBindings(body, { name: question.name, params: values });
  history.replaceState(null, "", shareUrl());
  if (run) tab().query();
  return true;
}

// A shared link: its query (and bindings) in a new tab, run at once; the tabs saved in this
// browser are left alone, and the page says so (a browser with nothing saved uses its one tab).
function openShared(name, query, bindings, question) {
  const saved = SAVED_BEFORE ? Object.keys(yasgui._tabs).length : 0;
  if (saved) {
    yasgui.addTab(true, {
      name,
      yasqe: { value: query },
      requestConfig: {
        endpoint: ENDPOINT,
        args: Object.entries(bindings).map(([k, v]) => ({ name: "$" + k, value: v })),
      },
    }, { avoidDuplicateTabs: true });
  }
  watch(tab());
  tab().setQuery(query);
  setBindings(bindings, question);
  history.replaceState(null, "", shareUrl());
  tab().query();
  const kept = saved ? ` 이 브라우저에 저장돼 있던 편집 내용(탭 ${saved}개)은 다른 탭에 그대로 있습니다.` : "";
  notice(`공유된 질문을 새 탭에서 실행했습니다.${kept}`,
         `The shared question runs in a tab of its own${saved ? `; the ${saved} tab(s) saved in this browser are kept as they were` : ""}.`);
}

function notice(ko, en) {
  const box = $("#shared");
  box.replaceChildren(ko, " ", Object.assign(document.createElement("span"), { lang: "en", textContent: en }));
  box.hidden = false;
}

function renderQuestion(question) {
  const card = document.createElement("div");
  card.className = "question";
  const h = document.createElement("h3");
  h.textContent = question.title_ko || question.title;
  const en = document.createElement("div");
  en.className = "en";
  en.lang = "en";
  en.textContent = question.title;
  const name = document.createElement("div");
  name.className = "name";
  name.textContent = question.name;
  const p = document.createElement("p");
  p.textContent = question.description_ko || question.description;
  const pen = document.createElement("details");
  pen.className = "en";
  pen.innerHTML = "<summary lang=\"en\">In English</summary>";
  pen.append(Object.assign(document.createElement("p"), { lang: "en", textContent: question.description }));
  card.append(h, en, name, p, pen);
  const inputs = {};
  for (const param of question.params) {
    const label = document.createElement("label");
    const span = document.createElement("span");
    span.textContent = (param.label_ko || param.name) + (param.required ? " *" : "");
    span.title = `${param.name}: ${param.description_ko || ""} · ${param.description}`;
    const input = document.createElement("input");
    input.name = param.name;
    input.placeholder = param.default ?? param.description ?? "";
    input.title = `${param.type}: ${param.description}`;
    if (param.default) input.value = param.default;
    inputs[param.name] = input;
    label.append(span, input);
    card.append(label);
  }
  const values = () => Object.fromEntries(
    Object.entries(inputs).filter(([, i]) => i.value.trim()).map(([k, i]) => [k, i.value.trim()]));
  const buttons = document.createElement("div");
  buttons.className = "buttons";
  const show = document.createElement("button");
  show.textContent = "불러오기";
  show.onclick = () => loadQuestion(question, values(), false);
  const run = document.createElement("button");
  run.className = "primary";
  run.textContent = "실행";
  run.onclick = () => loadQuestion(question, values(), true);
  const page = document.createElement("a");
  page.className = "answer-link";
  page.textContent = "답 페이지 →";
  page.title = "문장·그래프·출처로 보기 · the answer page";
  page.href = `/answers/${encodeURIComponent(question.name)}`;
  page.onclick = () => { page.href = `/answers/${encodeURIComponent(question.name)}?${new URLSearchParams(values())}`; };
  buttons.append(show, run, page);
  card.append(buttons);
  card.dataset.name = question.name;
  card.fill = (given) => { for (const [k, v] of Object.entries(given)) if (inputs[k]) inputs[k].value = v; };
  return card;
}

async function download(format) {
  const form = new URLSearchParams({ query: tab().getQuery(), format });
  for (const [k, v] of Object.entries(bound)) form.append("$" + k, v);
  const r = await fetch(ENDPOINT, { method: "POST", body: form });
  if (!r.ok) { status((await r.json()).error.message, true); return; }
  if (r.headers.get("X-Result-Truncated")) {
    status(`결과가 ${r.headers.get("X-Result-Row-Limit")}행에서 잘렸습니다`, true);
  }
  const blob = await r.blob();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `${boundQuestion ? boundQuestion.name : "query"}.${format}`;
  a.click();
  URL.revokeObjectURL(a.href);
}

$("#download-csv").onclick = () => download("csv");
$("#download-json").onclick = () => download("json");
$("#share").onclick = async () => {
  const url = shareUrl();
  history.replaceState(null, "", url);
  try { await navigator.clipboard.writeText(url); status("링크를 복사했습니다"); }
  catch { status(url); }
};

yasgui.on("query", () => status("실행 중…"));
function report(t) {
  const results = t.getYasr().results;
  const bindings = results && results.getBindings ? results.getBindings() : null;
  const rows = bindings ? bindings.length : null;
  if (maxRows !== null && rows === maxRows) status(`결과가 ${maxRows}행에서 잘렸습니다 (행 제한)`, true);
  else status(rows === null ? "완료" : `${rows}행`);
  if (started) history.replaceState(null, "", shareUrl());
}
function watch(t) {
  if (!t || t.watched) return;
  t.watched = true;
  t.getYasr().on("drawn", () => report(t));
}
watch(tab());
yasgui.on("tabSelect", (_, id) => setTimeout(() => watch(yasgui.getTab(id))));
// Editing the text by hand leaves the named question (its bindings stay until cleared).
tab().getYasqe().on("change", () => { boundQuestion = null; });

async function main() {
  const r = await fetch("/query/questions.json");
  const data = await r.json();
  maxRows = data.max_rows;
  prefixes = data.prefixes;
  const list = $("#question-list");
  list.replaceChildren(...data.questions.map(renderQuestion));
  if (!data.questions.length) list.textContent = "질문이 없습니다";
  const url = OPENED;
  const name = url.searchParams.get("question");
  if (name) {
    const question = data.questions.find((q) => q.name === name);
    if (!question) { status(`질문 ${name} 없음`, true); return; }
    const given = Object.fromEntries([...url.searchParams].filter(([k]) => k !== "question"));
    list.querySelector(`[data-name="${CSS.escape(name)}"]`).fill(given);
    const r = await fetch(`/query/bindings/${encodeURIComponent(name)}?${new URLSearchParams(given)}`);
    const body = await r.json();
    if (!r.ok) { status(body.error.message, true); return; }
    openShared(question.title_ko || question.name, withPrologue(question.sparql), body,
               { name, params: given });
  } else if (url.searchParams.get("query")) {
    const bindings = Object.fromEntries([...url.searchParams].filter(([k]) => k.startsWith("$"))
      .map(([k, v]) => [k.slice(1), v]));
    openShared("공유된 질의", url.searchParams.get("query"), bindings, null);
  }
  started = true;
}
main();
