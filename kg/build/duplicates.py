"""Likely duplicates among the laws and strategies of a store, for a person to confirm.

Loaders join two spellings of one name by its key (spacing, middle dots, quotes, a 제 before an
ordinal ignored) and by curated aliases (``data/reference/laws.json``, ``strategies.json``). What
remains are names the rules cannot join safely; :func:`likely_duplicates` lists pairs that are
probably one thing:

* two strategies whose names share two or more words and that are dated the same month
  (``국가첨단전략산업 기본계획 (23.5)`` and ``첨단전략산업 기본계획 ('23.5월)``);
* a strategy whose name is another's with a word in front (``AI 자율 제조 기술 로드맵`` and
  ``자율 제조 기술로드맵``);
* a law whose name abbreviates another's: the same first two letters, the same jurisdiction,
  the short name's letters in order in the long one (``분산법`` and ``분산에너지활성화특별법``),
  or another's with a word in front (``자원안보특별법`` and ``국가자원안보특별법``);
* a law or strategy with several labels (two documents print it with different spacing): a
  curated name makes one of them the label.

A person confirms a pair by adding the alias, with its justification and source, to the curated
file; ``policykg validate`` prints the list.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from policykg.model.text import name_key

_NAMES = """
SELECT ?e ?cls ?name ?main WHERE {
  VALUES ?cls { pk:Law pk:Strategy }
  ?e a ?cls .
  { ?e rdfs:label ?name . BIND(true AS ?main) }
  UNION { ?e skos:altLabel ?name . BIND(false AS ?main) }
}"""
_DATES = """
SELECT DISTINCT ?e ?date WHERE {
  VALUES ?cls { pk:Law pk:Strategy } ?e a ?cls . ?ev pk:concerns ?e ; pk:date ?date .
}"""
_PLACES = """
SELECT ?e ?doc ?line WHERE {
  VALUES ?cls { pk:Law pk:Strategy } ?e a ?cls .
  ?m pk:mentionOf ?e ; prov:wasDerivedFrom ?s . ?s pk:document ?d ; pk:startLine ?line .
  BIND(REPLACE(STR(?d), "^.*/doc/", "") AS ?doc)
}"""
_PLAN_WORDS = {"전략", "방안", "대책", "계획", "로드맵", "마스터플랜", "추진방향", "정책방향"}
# words many names share: two names sharing only these are not alike
_COMMON_WORDS = {
    "산업", "경쟁력", "강화", "혁신", "육성", "지원", "추진", "발전", "활성화", "종합", "기본",
    "국가", "정부", "신산업", "첨단", "글로벌", "확보", "대응", "개선", "구축", "조성",
}  # fmt: skip
_ORDINAL = re.compile(r"^제?\d+차$")
_JURISDICTION = re.compile(r"^(美|EU|中|日|英|미국|유럽|중국|일본)\s")
_LAW_KIND = re.compile(r"(특별법|법률|법)$")


@dataclass
class Named:
    """A law or strategy of the store with its names, dates and places."""

    iri: str
    kind: str
    labels: list[str] = field(default_factory=list)
    alt: list[str] = field(default_factory=list)
    months: set[str] = field(default_factory=set)
    places: list[tuple[str, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return min(self.labels or self.alt)

    def where(self, limit: int = 3) -> str:
        places = sorted(set(self.places))
        shown = ", ".join(f"{d}:{n}" for d, n in places[:limit])
        return shown + (f" (+{len(places) - limit})" if len(places) > limit else "")


@dataclass(frozen=True)
class LikelyDuplicate:
    """Two entities (or one entity's labels) a person should look at."""

    kind: str
    first: Named
    second: Named | None
    reason: str


def likely_duplicates(store) -> list[LikelyDuplicate]:
    """The likely duplicates among the store's laws and strategies, most certain first."""
    entities = _named(store)
    out: list[LikelyDuplicate] = []
    for e in entities:
        if len(set(e.labels)) > 1:
            labels = " / ".join(sorted(set(e.labels)))
            out.append(LikelyDuplicate(e.kind, e, None, f"several labels: {labels}"))
    for kind in ("strategy", "law"):
        group = sorted((e for e in entities if e.kind == kind), key=lambda e: e.iri)
        candidates = _strategy_candidates(group) if kind == "strategy" else _law_candidates(group)
        for i, j in sorted(candidates):
            a, b = group[i], group[j]
            reason = _strategy_pair(a, b) if kind == "strategy" else _law_pair(a, b)
            if reason:
                out.append(LikelyDuplicate(kind, a, b, reason))
    return out


# The pairs to look at are found through indexes of the names, not by comparing every entity
# with every other (a store of many plans holds tens of thousands of laws and strategies): each
# pair the rules below may accept is among them, and the rules decide.


def _names(group: list[Named]) -> dict[str, set[int]]:
    """Each name printed, with the entities (their places in ``group``) that bear it."""
    out: dict[str, set[int]] = defaultdict(set)
    for i, e in enumerate(group):
        for name in e.labels + e.alt:
            out[name].add(i)
    return out


def _pairs(first: set[int], second: set[int]) -> Iterator[tuple[int, int]]:
    return ((min(i, j), max(i, j)) for i in first for j in second if i != j)


def _strategy_candidates(group: list[Named]) -> set[tuple[int, int]]:
    """Pairs of strategies one of whose names is the other's with a word in front, or that share
    a month and a word of their names."""
    names = _names(group)
    by_key: dict[str, set[int]] = defaultdict(set)
    for name, bearers in names.items():
        by_key[name_key(name)] |= bearers
    out: set[tuple[int, int]] = set()
    for name, bearers in names.items():
        if " " in name:
            key, head = name_key(name), name_key(name.split()[0])
            if key.startswith(head):
                out.update(_pairs(bearers, by_key.get(key[len(head) :], set())))
    by_word: dict[tuple[str, str], set[int]] = defaultdict(set)
    for i, e in enumerate(group):
        words = {w for name in e.labels + e.alt for w in _words(name)}
        for month in e.months:
            for word in words:
                by_word[month, word].add(i)
    for bearers in by_word.values():
        out.update(_pairs(bearers, bearers))
    return out


def _law_candidates(group: list[Named]) -> set[tuple[int, int]]:
    """Pairs of laws one of whose names abbreviates the other's (:func:`_abbreviates`: the same
    first two letters of their keys, or one key the end of the other)."""
    names = _names(group)
    keys: dict[str, list[str]] = defaultdict(list)
    for name in names:
        keys[name_key(name)].append(name)
    alike: dict[str, set[str]] = defaultdict(set)  # by the first two letters of the key
    for name in names:
        alike[name_key(name)[:2]].add(name)
    out: set[tuple[int, int]] = set()
    for name in names:
        key = name_key(name)
        others = alike[key[:2]] | {n for s in range(1, len(key) - 4) for n in keys.get(key[s:], [])}
        for other in others - {name}:
            if _abbreviates(name, other) or _abbreviates(other, name):
                out.update(_pairs(names[name], names[other]))
    return out


def _named(store) -> list[Named]:
    by: dict[str, Named] = {}
    for r in store.select(_NAMES):
        iri = r["e"].value
        kind = "law" if r["cls"].value.endswith("#Law") else "strategy"
        e = by.setdefault(iri, Named(iri, kind))
        (e.labels if r["main"].value == "true" else e.alt).append(r["name"].value)
    for r in store.select(_DATES):
        if r["e"].value in by:
            by[r["e"].value].months.add(r["date"].value[:7])
    for r in store.select(_PLACES):
        if r["e"].value in by:
            by[r["e"].value].places.append((r["doc"].value, int(r["line"].value)))
    return sorted(by.values(), key=lambda e: e.iri)


def _words(name: str) -> set[str]:
    words = {w.casefold() for w in re.split(r"[\s·‧ㆍ]+", name) if len(w) > 1}
    return {w for w in words if w not in _PLAN_WORDS and w not in _COMMON_WORDS}


def _strategy_pair(a: Named, b: Named) -> str | None:
    names_a, names_b = set(a.labels + a.alt), set(b.labels + b.alt)
    for x in names_a:
        for y in names_b:
            short, long = sorted((x, y), key=lambda n: len(name_key(n)))
            head = long.split()[0] if " " in long else ""
            if (
                head
                and not _ORDINAL.match(head)  # an edition (제11차) of a series is not the series
                and name_key(long) == name_key(head) + name_key(short)
            ):
                return f"'{long}' is '{short}' with '{head}' in front"
    shared_months = a.months & b.months
    if shared_months:
        for x in names_a:
            for y in names_b:
                shared = _words(x) & _words(y)
                if len(shared) >= 2:
                    return (
                        f"shared words {', '.join(sorted(shared))} and the same date "
                        f"{', '.join(sorted(shared_months))}"
                    )
    return None


def _law_pair(a: Named, b: Named) -> str | None:
    for x in set(a.labels + a.alt):
        for y in set(b.labels + b.alt):
            reason = _abbreviates(x, y) or _abbreviates(y, x)
            if reason:
                return reason
    return None


def _abbreviates(short: str, long: str) -> str | None:
    js, jl = _JURISDICTION.match(short), _JURISDICTION.match(long)
    if (js and js.group(1)) != (jl and jl.group(1)):
        return None
    ks, kl = name_key(short), name_key(long)
    if len(ks) < 3 or len(ks) >= len(kl) or not _LAW_KIND.search(ks) or not _LAW_KIND.search(kl):
        return None
    if len(ks) >= 5 and kl.endswith(ks):
        return f"'{long}' is '{short}' with '{long[: len(long) - len(short)].strip()}' in front"
    if ks[:2] != kl[:2]:
        return None
    it = iter(kl)
    if all(ch in it for ch in ks):
        return f"'{short}' abbreviates '{long}'"
    return None
