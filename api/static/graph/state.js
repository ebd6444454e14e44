// The view's state, kept in the page URL so that a view can be shared:
//   /?focus=agenda/2022/20&expand=agenda/2022/20-1,plan/motie-2024/task/I-2-1
//     &hideTypes=Funding&hideRels=partOf&mode=impact&program=program/motie/3231&cut=30&year=2024
//     &from=...&to=...&sel=...

const LISTS = ["expand", "hideTypes", "hideRels"];
const SCALARS = ["focus", "sel", "mode", "from", "to", "program", "cut", "year"];

export function readState(search = window.location.search) {
  const p = new URLSearchParams(search);
  const state = { mode: "explore" };
  for (const k of SCALARS) if (p.get(k)) state[k] = p.get(k);
  for (const k of LISTS) state[k] = p.get(k) ? p.get(k).split(",").filter(Boolean) : [];
  if (!["explore", "path", "impact"].includes(state.mode)) state.mode = "explore";
  return state;
}

export function writeState(state) {
  const p = new URLSearchParams();
  for (const k of SCALARS) {
    if (state[k] !== undefined && state[k] !== null && state[k] !== "" && !(k === "mode" && state[k] === "explore")) {
      p.set(k, state[k]);
    }
  }
  for (const k of LISTS) if (state[k] && state[k].length) p.set(k, [...state[k]].join(","));
  // Keep the separators readable in the address bar.
  const qs = p.toString().replaceAll("%2F", "/").replaceAll("%2C", ",");
  const url = `${window.location.pathname}${qs ? "?" + qs : ""}`;
  if (url !== window.location.pathname + window.location.search) history.replaceState(null, "", url);
}
