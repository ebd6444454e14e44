"""Everything the graph says about one entity: types, labels, properties, neighbours, sources.

Neighbours are grouped by relation (the prefixed predicate, ``^`` marking incoming links); a
link read from the text carries its own source lines (from its ``rdf:Statement``). A task's or a
program's fundings name the program, sub-project or item line each draws on (code, name, level),
and ``budget`` gives its yearly totals as the named questions compute them
(:func:`budget_by_year`), so a page shows them without adding rows itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode

from policykg.analysis.money import korean_amount
from policykg.analysis.projection import short
from policykg.analysis.questions import ask
from policykg.analysis.summaries import of_entity
from policykg.model.terms import python_value
from policykg.model.vocab import LOOKUP_LINKS

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
TYPE = RDF_NS + "type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
#: Most neighbours listed per relation; ``neighbour_totals`` gives the full counts.
MAX_PER_RELATION = 500

_OUT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
_IN = "SELECT ?s ?p ?x WHERE { ?x ?p ?s . FILTER(!STRSTARTS(STR(?p), STR(rdf:))) }"
_SPANS = """
SELECT DISTINCT ?s ?doc ?start ?end ?quote WHERE {
  ?s prov:wasDerivedFrom ?span . ?span pk:document ?doc ; pk:startLine ?start ; pk:endLine ?end .
  OPTIONAL { ?span pk:quote ?quote }
} ORDER BY ?doc ?start"""
_OUT_LINK_SPANS = """
SELECT ?s ?p ?b ?doc ?start ?end WHERE {
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?b ; prov:wasDerivedFrom ?span .
  ?span pk:document ?doc ; pk:startLine ?start ; pk:endLine ?end .
}"""
_IN_LINK_SPANS = """
SELECT ?s ?p ?a ?doc ?start ?end WHERE {
  ?st rdf:object ?s ; rdf:predicate ?p ; rdf:subject ?a ; prov:wasDerivedFrom ?span .
  ?span pk:document ?doc ; pk:startLine ?start ; pk:endLine ?end .
}"""
_PROGRAM_YEARS = """
SELECT DISTINCT ?p ?year WHERE { ?f pk:ofProgram ?p ; pk:fiscalYear ?year } ORDER BY ?year"""
_FUNDINGS = """
SELECT DISTINCT ?s ?funding ?task ?taskCode ?program ?programCode ?programLabel ?level
       ?ofProgram ?ofProgramCode ?year ?amount ?amountText ?account ?ordinal WHERE {
  { ?funding pk:task ?s } UNION { ?funding pk:program ?s } UNION { ?s pk:hasFunding ?funding }
  ?funding a pk:Funding ; pk:program ?program .
  OPTIONAL { ?funding pk:task ?t1 } OPTIONAL { ?t2 pk:hasFunding ?funding }
  BIND(COALESCE(?t1, ?t2) AS ?task)
  OPTIONAL { ?task pk:code ?taskCode }
  OPTIONAL { ?program pk:code ?programCode } OPTIONAL { ?program rdfs:label ?programLabel }
  OPTIONAL { ?funding pk:ofProgram ?ofProgram OPTIONAL { ?ofProgram pk:code ?ofProgramCode } }
  OPTIONAL { ?program pk:subProjectOf ?sp } OPTIONAL { ?program pk:itemOf ?is }
  BIND(IF(BOUND(?is), "item", IF(BOUND(?sp), "sub-project", "program")) AS ?level)
  OPTIONAL { ?funding pk:fiscalYear ?year } OPTIONAL { ?funding pk:amountKRW ?amount }
  OPTIONAL { ?funding pk:amountText ?amountText } OPTIONAL { ?funding pk:account ?account }
  OPTIONAL { ?funding pk:ordinal ?ordinal }
} ORDER BY ?year ?ofProgramCode ?ordinal ?level ?taskCode"""


@dataclass
class Entity:
    """What :meth:`PolicyGraph.entity <policykg.graph.PolicyGraph.entity>` returns."""

    iri: str
    types: list[str]
    labels: list[dict[str, str | None]]
    alt_labels: list[str]
    properties: dict[str, list[object]]
    neighbours: dict[str, list[dict[str, object]]]
    provenance: list[dict[str, object]]
    fundings: list[dict[str, object]] = field(default_factory=list)
    neighbour_totals: dict[str, int] = field(default_factory=dict)
    budget: list[dict[str, object]] = field(default_factory=list)
    findings: list[dict[str, object]] = field(default_factory=list)

    @property
    def label(self) -> str | None:
        ko = [lab["value"] for lab in self.labels if lab["lang"] == "ko"]
        return (ko or [lab["value"] for lab in self.labels] or [None])[0]

    def to_dict(self) -> dict[str, object]:
        return {
            "iri": self.iri,
            "label": self.label,
            "types": self.types,
            "labels": self.labels,
            "alt_labels": self.alt_labels,
            "properties": self.properties,
            "neighbours": self.neighbours,
            "neighbour_totals": self.neighbour_totals,
            "provenance": self.provenance,
            "fundings": self.fundings,
            "budget": self.budget,
            "findings": self.findings,
        }


def _span(row) -> dict[str, object]:
    return {
        "document": row["doc"].value,
        "start": int(row["start"].value),
        "end": int(row["end"].value),
        **({"quote": row["quote"].value} if "quote" in row else {}),
    }


def describe(store, node: str, graph=None) -> Entity:
    """Describe ``node`` (an IRI); ``graph`` (the projection) supplies neighbours' names."""
    s = {"s": NamedNode(node)}
    types, labels, alt = [], [], []
    props: dict[str, list[object]] = {}
    links: list[tuple[str, str, str]] = []  # (predicate, other, direction)
    for row in store.select(_OUT, s):
        p, o = row["p"].value, row["o"]
        if p in LOOKUP_LINKS:
            continue
        if p == TYPE:
            types.append(short(o.value))
        elif p == LABEL:
            labels.append({"value": o.value, "lang": o.language})
        elif p == ALT_LABEL:
            alt.append(o.value)
        elif p == DERIVED:
            continue
        elif isinstance(o, Literal):
            props.setdefault(short(p), []).append(python_value(o))
        else:
            links.append((p, o.value, "out"))
    for row in store.select(_IN, s):
        if row["p"].value not in LOOKUP_LINKS:
            links.append((row["p"].value, row["x"].value, "in"))
    sources: dict[tuple[str, str, str], list[dict]] = {}
    for row in store.select(_OUT_LINK_SPANS, s) + store.select(_IN_LINK_SPANS, s):
        a, b = row.get("a", row["s"]), row.get("b", row["s"])
        sources.setdefault((a.value, row["p"].value, b.value), []).append(
            {
                "document": row["doc"].value,
                "start": int(row["start"].value),
                "end": int(row["end"].value),
            }
        )
    neighbours: dict[str, list[dict[str, object]]] = {}
    for pred, other, direction in sorted(set(links)):
        attrs = graph.nodes[other] if graph is not None and other in graph else {}
        key = (node, pred, other) if direction == "out" else (other, pred, node)
        group = short(pred) if direction == "out" else "^" + short(pred)
        neighbours.setdefault(group, []).append(
            {
                "iri": other,
                "type": attrs.get("type"),
                "label": attrs.get("label"),
                "code": attrs.get("code"),
                "direction": direction,
                "sources": sorted(sources.get(key, []), key=lambda x: (x["document"], x["start"])),
            }
        )
    totals = {group: len(items) for group, items in neighbours.items()}
    neighbours = {group: items[:MAX_PER_RELATION] for group, items in neighbours.items()}
    provenance = [_span(r) for r in store.select(_SPANS, s)]
    fundings = [
        {k: python_value(v) for k, v in r.items() if k != "s"} for r in store.select(_FUNDINGS, s)
    ]
    code = next((str(c) for c in props.get("pk:code", [])), None)
    budget = budget_by_year(store, node, sorted(set(types)), code) if code else []
    return Entity(
        node,
        sorted(set(types)),
        labels,
        sorted(set(alt)),
        props,
        neighbours,
        provenance,
        fundings,
        totals,
        budget,
    )


def budget_by_year(store, node: str, types: list[str], code: str) -> list[dict[str, object]]:
    """A task's or a program's budget for each year, as the named questions total it.

    A task: the ``task-budget`` summary (its table, each program counted once by
    :func:`~policykg.analysis.budget_totals.budget_totals`); a program: the ``program-uses``
    summary of each year it funds a task in. Each of the rows of ``node`` (by its IRI: in a
    store of many plans, its code may name other plans' tasks or other ministries' programs,
    whose rows the question's answer holds too); on a store where the code names ``node`` only,
    that is the question's own summary. Other entities have none.
    """
    years: Mapping[int, Mapping[str, Any]]
    if "pk:ManagementTask" in types:
        rows = ask(store, "task-budget", task=code).rows
        years = of_entity("task-budget", rows, {"task": code}, "task_iri", node)["years"]
    elif "pk:Program" in types:
        found = [int(r["year"].value) for r in store.select(_PROGRAM_YEARS, {"p": NamedNode(node)})]
        years = {}
        for y in found:
            rows = ask(store, "program-uses", program=code, year=y).rows
            params = {"program": code, "year": y}
            years[y] = of_entity("program-uses", rows, params, "program_iri", node)
    else:
        return []
    return [
        {
            "year": y,
            "counted_once_krw": t["dedup_total_krw"],
            "counted_once": t["dedup_total"],
            "korean": korean_amount(t["dedup_total_krw"]),
            "gross_krw": t["gross_total_krw"],
            "gross": t["gross_total"],
            "programs": len(t["programs"]),
            "tasks": t["tasks"],
        }
        for y, t in sorted(years.items())
    ]
