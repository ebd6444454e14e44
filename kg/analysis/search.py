"""Korean-aware search over the entities of the graph.

Matching compares :func:`~policykg.model.text.search_key` forms, so spacing, middle-dot variants
(``·``, ``‧``, ``ㆍ``) and case never matter, and any substring matches: two-syllable queries
such as ``환경`` or ``산업`` work without a tokenizer. Hits are ranked:

=====  ===============================================================================
score  match
=====  ===============================================================================
100    the exact code (``I-2-1``, ``3231``, ``Ⅰ-2-①``) or the end of the IRI
       (``3231/302``); among equal codes the more specific type first (a goal of the plan
       before an item of another document)
90/85  the whole label / a whole alias (``skos:altLabel``: 산업부 → MOTIE and MOTIR)
70/65  the beginning of the label / of an alias
60/55  inside the label / inside an alias
50     a code ending the query (``국정 20``, ``과제 I-2-1``)
45     an abbreviation the documents define, e.g. ``탄소국경조정제도(CBAM)``, whose
       expansion is in the label
40     an entity linked to a name hit above (a cooperation item and its related tasks)
20     the quoted source lines the entity was read from
=====  ===============================================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.analysis.projection import NOT_PROJECTED, TYPE_ORDER, primary_type
from policykg.model.errors import QueryError
from policykg.model.numbering import CIRCLED_DIGITS, CODE_CHAR, ROMAN_NUMERALS
from policykg.model.text import ascii_code, compare_key, search_key
from policykg.model.vocab import PK_NS

_ENTITIES = """
SELECT DISTINCT ?s ?type WHERE { ?s a ?type . FILTER(STRSTARTS(STR(?type), STR(pk:))) }"""
_NAMES = """
SELECT DISTINCT ?s ?p ?v WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel pk:code pk:printedCode skos:notation }
  ?s ?p ?v . FILTER(isLiteral(?v))
}"""
_QUOTES = """
SELECT ?s ?quote WHERE { ?s prov:wasDerivedFrom ?span . ?span pk:quote ?quote }"""
_LINK_QUOTES = """
SELECT ?s ?quote WHERE { ?st rdf:subject ?s ; prov:wasDerivedFrom ?span . ?span pk:quote ?quote }"""
_TEXTS = """
SELECT DISTINCT ?s ?text WHERE { ?s pk:goalText ?text }"""
_RELATED = """
SELECT DISTINCT ?a ?b WHERE { ?a pk:relatedTask ?b }"""

_ABBREVIATION = re.compile(r"([가-힣]{2,})\(([A-Za-z][A-Za-z0-9]{1,11})\)")
_NAME_KIND = {
    "label": "label",
    "prefLabel": "label",
    "altLabel": "alias",
    "code": "code",
    "printedCode": "code",
    "notation": "code",
}
SCORES = {
    ("label", "exact"): 90,
    ("alias", "exact"): 85,
    ("label", "prefix"): 70,
    ("alias", "prefix"): 65,
    ("label", "inside"): 60,
    ("alias", "inside"): 55,
}
CODE, TAIL_CODE, ABBREVIATION, RELATED, TEXT = 100, 50, 45, 40, 20
_CODE_WORD = re.compile(
    rf"(?=.*[0-9{ROMAN_NUMERALS}{CIRCLED_DIGITS}]){CODE_CHAR}+(?:-{CODE_CHAR}+)*"
)
# a code closing a query after a word, spaced or not: "국정 20", "국정20-1", "(국정과제 30)"
_TAIL_CODE = re.compile(r"[가-힣A-Za-z][\s(]*(" + _CODE_WORD.pattern + r")\)?\s*$")


@dataclass(frozen=True)
class Hit:
    """One search result: the entity, its score and what matched."""

    node: str
    type: str
    label: str | None
    code: str | None
    score: int
    matched: str
    text: str

    def row(self) -> dict[str, object]:
        return {
            "iri": self.node,
            "type": self.type,
            "code": self.code,
            "label": self.label,
            "score": self.score,
            "matched": self.matched,
            "text": self.text,
        }


@dataclass
class _Entry:
    node: str
    type: str
    label: str | None = None
    code: str | None = None
    names: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, text, key)
    quotes: list[tuple[str, str]] = field(default_factory=list)  # (text, key)


class SearchIndex:
    """The names, codes and quoted lines of every entity, keyed for search."""

    def __init__(
        self,
        entries: dict[str, _Entry],
        abbreviations: dict[str, set[str]],
        related: dict[str, set[str]],
    ) -> None:
        self.entries = entries
        self.abbreviations = abbreviations
        self.related = related

    @classmethod
    def from_store(cls, store) -> SearchIndex:
        types: dict[str, set[str]] = {}
        for row in store.select(_ENTITIES):
            types.setdefault(row["s"].value, set()).add(row["type"].value[len(PK_NS) :])
        entries = {n: _Entry(n, primary_type(t)) for n, t in types.items() if not t & NOT_PROJECTED}
        for row in store.select(_NAMES):
            entry = entries.get(row["s"].value)
            if entry is None:
                continue
            kind = _NAME_KIND[row["p"].value.rsplit("#", 1)[-1]]
            value = row["v"].value
            entry.names.append((kind, value, search_key(value)))
            if kind == "label" and (entry.label is None or row["v"].language == "ko"):
                entry.label = value
            if row["p"].value.endswith("#code"):
                entry.code = value
        abbreviations: dict[str, set[str]] = {}
        for query in (_QUOTES, _LINK_QUOTES, _TEXTS):
            for row in store.select(query):
                text = (row.get("quote") or row.get("text")).value
                for term, abbr in _ABBREVIATION.findall(compare_key(text)):
                    abbreviations.setdefault(abbr.casefold(), set()).add(search_key(term))
                entry = entries.get(row["s"].value)
                if entry is not None:
                    entry.quotes.append((text, search_key(text)))
        related: dict[str, set[str]] = {}
        for row in store.select(_RELATED):
            a, b = row["a"].value, row["b"].value
            related.setdefault(a, set()).add(b)
            related.setdefault(b, set()).add(a)
        return cls(entries, abbreviations, related)

    def search(
        self, text: str, *, limit: int = 20, types: tuple[str, ...] | None = None
    ) -> list[Hit]:
        """Entities matching ``text``, best first (see the module docstring for the ranking)."""
        key = search_key(text or "")
        if not key:
            raise QueryError("empty search text")
        code = ascii_code(text).casefold()
        m = _TAIL_CODE.search(text)
        tail = ascii_code(m.group(1)).casefold() if m and m.start(1) > 0 else None
        path = text.strip().strip("/") if "/" in text else None
        best: dict[str, Hit] = {}

        def offer(entry: _Entry, score: int, matched: str, shown: str) -> None:
            old = best.get(entry.node)
            if old is None or score > old.score:
                best[entry.node] = Hit(
                    entry.node, entry.type, entry.label, entry.code, score, matched, shown
                )

        expansions = self.abbreviations.get(key, set())
        for entry in self.entries.values():
            if path and entry.node.endswith("/" + path):
                offer(entry, CODE, "path", path)
            for kind, value, name_key in entry.names:
                if kind == "code":
                    if value.casefold() == code:
                        offer(entry, CODE, "code", value)
                    elif value.casefold() == tail:
                        offer(entry, TAIL_CODE, "code", value)
                    continue
                if name_key == key:
                    offer(entry, SCORES[kind, "exact"], kind, value)
                elif name_key.startswith(key):
                    offer(entry, SCORES[kind, "prefix"], kind, value)
                elif key in name_key:
                    offer(entry, SCORES[kind, "inside"], kind, value)
                elif any(x in name_key for x in expansions):
                    offer(entry, ABBREVIATION, "abbreviation", value)
            if entry.node not in best:
                quote = next((q for q, q_key in entry.quotes if key in q_key), None)
                if quote is not None:
                    offer(entry, TEXT, "text", _excerpt(quote, key))
        for hit in [h for h in best.values() if ABBREVIATION <= h.score < CODE]:
            for other in self.related.get(hit.node, ()):
                if other in self.entries:
                    offer(self.entries[other], RELATED, "related", hit.node)
        hits = [h for h in best.values() if types is None or h.type in types]
        rank = {t: i for i, t in enumerate(TYPE_ORDER)}
        hits.sort(
            key=lambda h: (
                -h.score,
                rank.get(h.type, len(rank)) if h.score == CODE else 0,
                len(h.label or ""),
                rank.get(h.type, len(rank)),
                h.node,
            )
        )
        return hits[:limit]


def _excerpt(quote: str, key: str) -> str:
    """The line of ``quote`` that holds the match."""
    for line in quote.splitlines():
        if key in search_key(line):
            return line.strip()
    return quote.strip().splitlines()[0] if quote.strip() else ""


def search(store, text: str, *, limit: int = 20) -> list[Hit]:
    """Search a store once (builds a throw-away :class:`SearchIndex`)."""
    return SearchIndex.from_store(store).search(text, limit=limit)
