"""Precision and recall of the document loaders on the hand-verified gold of the four shorter
documents (``tests/data/gold/documents/``, conventions in its README).

Each gold file lists whole sections; what the parser finds on those lines is compared with what
the gold lists, per entity type, as sets of keys:

* strategies, laws, regions, agencies: ``(line, entity IRI)`` (the IRI says which thing: two
  spellings of one law must give one IRI);
* amounts: ``(line, currency, amount in currency units, time)``, time being ``("year", 2024)``,
  ``("period", "2026-2030")``, ``("until", 2047)``, ``("target", 2030)``, ``("since", 2025)`` or
  none;
* agenda links: ``(item path, task)``; strategy issuers: ``(strategy IRI, agency IRI)``;
* projects: ``(line, name key, sector, regions, period)``.

Run ``python -m tests.support.document_gold`` for the table.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from pyoxigraph import NamedNode

from policykg.build.reading import load
from policykg.model import iri
from policykg.model.records import ParseResult
from policykg.model.text import name_key
from policykg.model.vocab import PK, PROV, RDF, RDFS
from policykg.reference.curated import law_key
from tests.support.paths import SOURCES, TESTS

GOLD_DOCUMENTS = TESTS / "data" / "gold" / "documents"
TYPES = ("strategies", "laws", "amounts", "regions", "agencies", "agenda", "issuers", "projects")
# The gold's oracle for units: currency and multiplier (independent of the parser's tables).
_UNITS = {
    "원": ("KRW", 1),
    "만원": ("KRW", 10**4),
    "억원": ("KRW", 10**8),
    "조원": ("KRW", 10**12),
    "달러": ("USD", 1),
    "만달러": ("USD", 10**4),
    "억달러": ("USD", 10**8),
    "억불": ("USD", 10**8),
    "조달러": ("USD", 10**12),
    "조불": ("USD", 10**12),
}


@dataclass(frozen=True)
class Score:
    gold: int
    found: int
    correct: int
    missed: tuple = ()
    wrong: tuple = ()

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0


def gold_files() -> list[Path]:
    return sorted(GOLD_DOCUMENTS.glob("*.json"))


@lru_cache(maxsize=8)
def parsed(file_name: str) -> ParseResult:
    return load(SOURCES / file_name)


def score_document(path: Path) -> dict[str, Score]:
    gold = json.loads(path.read_text("utf-8"))
    result = parsed(gold["document"])
    lines = [(a, b) for s in gold["sections"] for a, b in [s["lines"]]]

    def inside(n: int) -> bool:
        return any(a <= n <= b for a, b in lines)

    got = {k: {x for x in v if inside(x[0])} for k, v in found(result).items()}
    want = expected(gold)
    out = {}
    for kind in TYPES:
        if kind not in want:
            continue
        g, f = want[kind], got.get(kind, set())
        if kind in ("agenda", "issuers"):  # a link: where the tag or the name is printed apart
            g, f = {x[1:] for x in g}, {x[1:] for x in f}
        missed, wrong = sorted(map(_readable, g - f)), sorted(map(_readable, f - g))
        out[kind] = Score(len(g), len(f), len(g & f), tuple(missed), tuple(wrong))
    return out


def expected(gold: dict) -> dict[str, set]:
    out: dict[str, set] = defaultdict(set)
    for s in gold["strategies"]:
        node = iri.strategy(name_key(s["name"])).value
        out["strategies"].add((s["line"], node))
        if s.get("issuer"):
            out["issuers"].add((s["line"], node, iri.agency(s["issuer"]).value))
    for x in gold["laws"]:
        out["laws"].add((x["line"], iri.law(law_key(x["name"])).value))
    for x in gold["amounts"]:
        currency, factor = _UNITS[x["unit"]]
        out["amounts"].add((x["line"], currency, Decimal(x["value"]) * factor, _gold_time(x)))
    for x in gold["regions"]:
        out["regions"].add((x["line"], iri.region(x["region"]).value))
    for x in gold["agencies"]:
        out["agencies"].add((x["line"], iri.agency(x["agency"]).value))
    for x in gold["agenda"]:
        year, code = x["task"].split("/")
        out["agenda"].add((x["line"], x["item"], iri.agenda_task(year, code).value))
    if "projects" in gold:
        for x in gold["projects"]:
            out["projects"].add(
                (
                    x["line"],
                    name_key(x["name"]),
                    x["sector"],
                    tuple(sorted(x["regions"])),
                    x["period"],
                )
            )
    for kind in ("strategies", "laws", "amounts", "regions", "agencies", "agenda", "issuers"):
        out.setdefault(kind, set())
    return out


def _gold_time(x: dict) -> tuple | None:
    for kind in ("year", "period", "until", "target", "since"):
        if kind in x:
            return (kind, x[kind])
    return None


def found(result: ParseResult) -> dict[str, set]:
    """What the parser found, as the same keys the gold gives."""
    by_subject: dict = defaultdict(list)
    for t in result.triples:
        by_subject[t.subject].append(t)

    def objects(s, p) -> list:
        return [t.object for t in by_subject.get(s, ()) if t.predicate == p]

    def first_line(s) -> int:
        spans = [o.value for o in objects(s, PROV.wasDerivedFrom)]
        return min(int(v.rsplit("/", 1)[1].split("-")[0]) for v in spans)

    out: dict[str, set] = defaultdict(set)
    for s, triples in list(by_subject.items()):
        types = {t.object for t in triples if t.predicate == RDF.type}
        if PK.Mention in types:
            entity = objects(s, PK.mentionOf)[0]
            line = first_line(s)
            kind = iri.kind(entity)
            key = {
                "strategy": "strategies",
                "law": "laws",
                "region": "regions",
                "agency": "agencies",
            }.get(kind or "")
            if key:
                out[key].add((line, entity.value))
            elif kind == "amount":
                out["amounts"].add(_amount(entity, objects, line))
        elif RDF.Statement in types:
            predicate = objects(s, RDF.predicate)[0]
            subject, obj = objects(s, RDF.subject)[0], objects(s, RDF.object)[0]
            if predicate == PK.supportsAgenda:
                path = subject.value.split("/id/item/", 1)[1].split("/", 1)[1]
                out["agenda"].add((first_line(s), path, obj.value))
            elif predicate == PK.issuer and iri.kind(subject) == "strategy":
                out["issuers"].add((first_line(s), subject.value, obj.value))
        elif PK.InvestmentProject in types:
            regions = tuple(sorted(_key(r) for r in objects(s, PK.region)))
            period = objects(s, PK.period)
            sector = objects(s, PK.sector)
            out["projects"].add(
                (
                    first_line(s),
                    name_key(objects(s, RDFS.label)[0].value),
                    sector[0].value if sector else None,
                    regions,
                    period[0].value if period else None,
                )
            )
    return out


def _key(node: NamedNode) -> str:
    return unquote(node.value.rsplit("/", 1)[1])


def _readable(key: tuple) -> str:
    return str(tuple(unquote(x.split("/id/", 1)[-1]) if isinstance(x, str) else x for x in key))


def _amount(node, objects, line: int) -> tuple:
    currency = objects(node, PK.currency)[0].value
    base = Decimal(objects(node, PK.baseAmount)[0].value)
    time = None
    for prop, kind in (
        (PK.fiscalYear, "year"),
        (PK.targetYear, "target"),
        (PK.sinceYear, "since"),
    ):
        values = objects(node, prop)
        if values:
            time = (kind, int(values[0].value))
    for value in objects(node, PK.period):
        p = value.value
        time = ("until", int(p[1:])) if p.startswith("~") else ("period", p)
    return (line, currency, base, time)


def table() -> list[tuple[str, str, Score]]:
    rows = []
    for path in gold_files():
        for kind, score in score_document(path).items():
            rows.append((path.stem, kind, score))
    return rows


def totals(rows) -> dict[str, Score]:
    out = {}
    for kind in TYPES:
        scores = [s for _, k, s in rows if k == kind]
        if scores:
            out[kind] = Score(
                sum(s.gold for s in scores),
                sum(s.found for s in scores),
                sum(s.correct for s in scores),
            )
    return out


def main() -> None:
    rows = table()
    print(f"{'document':42} {'type':11} {'gold':>5} {'found':>6} {'right':>6} {'P':>7} {'R':>7}")
    for doc, kind, s in rows:
        print(
            f"{doc:42} {kind:11} {s.gold:5} {s.found:6} {s.correct:6} "
            f"{s.precision:7.1%} {s.recall:7.1%}"
        )
        for m in s.missed:
            print(f"{'':44}missed {m}")
        for w in s.wrong:
            print(f"{'':44}wrong  {w}")
    print()
    for kind, s in totals(rows).items():
        print(
            f"{'all four documents':42} {kind:11} {s.gold:5} {s.found:6} {s.correct:6} "
            f"{s.precision:7.1%} {s.recall:7.1%}"
        )


if __name__ == "__main__":
    main()
