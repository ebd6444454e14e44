"""Curated reference data about mentioned entities: law and strategy aliases, gazetteers, agenda
topic links.

The JSON files in ``data/reference/`` (``laws.json``, ``strategies.json``, ``regions.json``,
``industries.json``, ``agenda-topics.json``) carry a justification and a source for every alias
and link. Loaders read them through the accessors here; :func:`curated_triples` writes the
assertions, each reified with its justification, into the reference graph.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from pyoxigraph import Literal, NamedNode, Triple

from policykg.model import iri
from policykg.model.records import ko
from policykg.model.text import name_key
from policykg.model.vocab import PK, RDF, RDFS, SKOS, XSD


def _read(name: str) -> dict:
    entry = resources.files("policykg.data").joinpath("reference").joinpath(name)
    return json.loads(entry.read_text("utf-8")) if entry.is_file() else {}


def law_key(name: str) -> str:
    """The key a law's IRI is minted from: its name without spaces, middle dots or case
    (:func:`~policykg.model.text.name_key`, as for plans)."""
    return name_key(name)


@lru_cache(maxsize=1)
def law_aliases() -> dict[str, str]:
    """Alias key → canonical law name, from ``laws.json``."""
    return {law_key(a["alias"]): a["law"] for a in _read("laws.json").get("aliases", [])}


def canonical_law(name: str) -> str:
    """The canonical name of a law named ``name`` (itself unless curated as an alias)."""
    return law_aliases().get(law_key(name), name)


@lru_cache(maxsize=1)
def strategy_aliases() -> dict[str, str]:
    """Alias key → canonical strategy name, from ``strategies.json``."""
    return {
        name_key(a["alias"]): a["strategy"] for a in _read("strategies.json").get("aliases", [])
    }


def canonical_strategy(name: str) -> str:
    """The canonical name of a strategy printed ``name``: the curated one, else the name with
    its ordinal written with 제 (``11차 전력수급기본계획`` → ``제11차 전력수급기본계획``)."""
    curated = strategy_aliases().get(name_key(name))
    return curated or re.sub(r"^(\d{1,3})\s?차(?=\s|[가-힣])", r"제\1차", name)


@dataclass(frozen=True)
class GazetteerEntry:
    """A region or industry: its IRI key, label, the names matched in text, stop-words that
    contain a name but do not mean it, and for a region its kind and validity dates."""

    key: str
    label: str
    names: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    kind: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    successor: str | None = None
    source: str = ""

    def valid_on(self, on: date | None) -> bool:
        if on is None:
            return self.valid_until is None
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on <= self.valid_until
        )


def _entry(r: dict) -> GazetteerEntry:
    return GazetteerEntry(
        r["key"],
        r["label"],
        tuple(r["names"]),
        tuple(r.get("exclude", ())),
        r.get("kind", ""),
        date.fromisoformat(r["valid_from"]) if r.get("valid_from") else None,
        date.fromisoformat(r["valid_until"]) if r.get("valid_until") else None,
        r.get("successor"),
        r.get("source", ""),
    )


@lru_cache(maxsize=1)
def regions() -> tuple[GazetteerEntry, ...]:
    return tuple(_entry(r) for r in _read("regions.json").get("regions", []))


@lru_cache(maxsize=1)
def industries() -> tuple[GazetteerEntry, ...]:
    return tuple(_entry(r) for r in _read("industries.json").get("industries", []))


@lru_cache(maxsize=4)
def stopwords(name: str) -> tuple[str, ...]:
    """Words of a gazetteer file that contain a name but do not mean it (``전방산업``)."""
    return tuple(s["word"] for s in _read(name).get("stopwords", []))


def _reified(s: NamedNode, p: NamedNode, o, justification: str, source: str) -> list[Triple]:
    stmt = iri.statement(s, p, o)
    return [
        Triple(s, p, o),
        Triple(stmt, RDF.type, RDF.Statement),
        Triple(stmt, RDF.subject, s),
        Triple(stmt, RDF.predicate, p),
        Triple(stmt, RDF.object, o),
        Triple(stmt, PK.justification, Literal(justification)),
        Triple(stmt, PK.source, Literal(source)),
    ]


def curated_triples() -> list[Triple]:
    """Law and strategy aliases (``skos:altLabel``), region successions (``pk:successor``) and
    agenda topic links (``pk:relatedTopic``), reified with their justification and source."""
    out: list[Triple] = []
    for a in _read("laws.json").get("aliases", []):
        law = iri.law(law_key(a["law"]))
        out += [Triple(law, RDF.type, PK.Law), Triple(law, RDFS.label, ko(a["law"]))]
        out += _reified(law, SKOS.altLabel, ko(a["alias"]), a["justification"], a["source"])
    for a in _read("strategies.json").get("aliases", []):
        # only the alias: a strategy is in the graph where a document names it (with the
        # curated name as its label)
        node = iri.strategy(name_key(a["strategy"]))
        out += _reified(node, SKOS.altLabel, ko(a["alias"]), a["justification"], a["source"])
    for r in regions():
        if r.successor:
            out += _reified(
                iri.region(r.key),
                PK.successor,
                iri.region(r.successor),
                f"{r.label} became {next(x.label for x in regions() if x.key == r.successor)}",
                r.source,
            )
        for prop, value in ((PK.validFrom, r.valid_from), (PK.validUntil, r.valid_until)):
            if value:
                out.append(
                    Triple(iri.region(r.key), prop, Literal(value.isoformat(), datatype=XSD.date))
                )
    for link in _read("agenda-topics.json").get("links", []):
        a = iri.agenda_task(link["from"]["scheme"], link["from"]["code"])
        b = iri.agenda_task(link["to"]["scheme"], link["to"]["code"])
        out += _reified(a, PK.relatedTopic, b, link["justification"], link["source"])
        out += _reified(b, PK.relatedTopic, a, link["justification"], link["source"])
    return out
