"""Cross-document check: the same thing stated to have happened on different dates.

Runs after every document is parsed (a ``policykg.linkers`` entry point). It reads the
``pk:Event`` nodes of all documents — what they concern, the action, the ISO date and the line —
and reports every pair of stated (not planned) events about the same law or strategy with the
same action whose dates cannot be the same day (``2025-12`` and ``2025-12-03`` agree;
``2025-12-03`` and ``2025-12-30`` do not). Both readings stay in the graph; the finding names
both documents and lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from pyoxigraph import Triple

from policykg.loaders.readers.dates import compatible
from policykg.model.records import Finding, ParseResult
from policykg.model.vocab import PK, PROV, RDF, RDFS


@dataclass(frozen=True)
class Statement:
    document: str
    line: int
    subject: str
    subject_label: str
    action: str
    date: str
    printed: str
    event: str


def _statements(result: ParseResult) -> list[Statement]:
    # the properties of the events, then of their spans and of what they concern
    events = {t.subject for t in result.triples if t.object == PK.Event and t.predicate == RDF.type}
    props = _properties(result.triples, events)
    related = {
        o
        for p in props.values()
        for o in (*p.get(PROV.wasDerivedFrom.value, ()), *p.get(PK.concerns.value, ()))
    }
    props.update(_properties(result.triples, related - events))
    out = []
    for node, p in props.items():
        if PK.Event not in p.get(RDF.type.value, ()) or PK.concerns.value not in p:
            continue
        reading = p.get(PK.reading.value)
        if reading and reading[0].value == "planned":
            continue
        if PK.date.value not in p or PK.action.value not in p:
            continue
        span = props[p[PROV.wasDerivedFrom.value][0].value]
        about = p[PK.concerns.value][0].value
        label = props[about].get(RDFS.label.value)
        printed = p.get(PK.valueText.value)
        out.append(
            Statement(
                result.document,
                int(span[PK.startLine.value][0].value),
                about,
                label[0].value if label else about,
                p[PK.action.value][0].value,
                p[PK.date.value][0].value,
                printed[0].value if printed else p[PK.date.value][0].value,
                node,
            )
        )
    return out


def _properties(triples: list[Triple], nodes: set) -> dict[str, dict[str, list]]:
    """The values of each property of ``nodes`` (by IRI), in the order of ``triples``."""
    props: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        if t.subject in nodes and not isinstance(t.subject, Triple):
            props[t.subject.value][t.predicate.value].append(t.object)
    return props


def check_dates(results: Sequence[ParseResult]) -> ParseResult:
    """Findings for contradictory dates of the same action on the same law or strategy."""
    groups: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for result in results:
        for s in _statements(result):
            groups[(s.subject, s.action)].append(s)
    findings: list[Finding] = []
    for (_, action), stmts in sorted(groups.items()):
        stmts = sorted(stmts, key=lambda s: (s.document, s.line))
        for a, b in combinations(stmts, 2):
            if compatible(a.date, b.date):
                continue
            same = a.document == b.document
            findings.append(
                Finding(
                    a.document,
                    a.line,
                    "contradictory-dates",
                    f"{a.subject_label}: {action} {a.printed} ({a.document}:{a.line}) vs "
                    f"{action} {b.printed} ({b.document}:{b.line}); both readings kept",
                    "warning",
                    tuple(sorted({a.line, b.line})) if same else (a.line,),
                    (a.subject, a.event, b.event),
                )
            )
    return ParseResult("links", [], findings)


LINKER = check_dates
