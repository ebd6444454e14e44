"""Curated reference data about mentioned entities: law aliases, gazetteers, agenda topic links.

The JSON files in ``data/reference/`` (``laws.json``, ``regions.json``, ``industries.json``,
``agenda-topics.json``) carry a justification and a source for every alias and link. Loaders read
them through the accessors here; :func:`curated_triples` writes the assertions, each reified with
its justification, into the reference graph.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pyoxigraph import Literal, NamedNode, Triple

from policykg.model import iri
from policykg.model.records import ko
from policykg.model.text import search_key
from policykg.model.vocab import PK, RDF, RDFS, SKOS


def _read(name: str) -> dict:
    entry = resources.files("policykg.data").joinpath("reference").joinpath(name)
    return json.loads(entry.read_text("utf-8")) if entry.is_file() else {}


def law_key(name: str) -> str:
    """The key a law's IRI is minted from: its name without spaces, middle dots or case."""
    return search_key(name.replace("*", ""))


@lru_cache(maxsize=1)
def law_aliases() -> dict[str, str]:
    """Alias key → canonical law name, from ``laws.json``."""
    return {law_key(a["alias"]): a["law"] for a in _read("laws.json").get("aliases", [])}


def canonical_law(name: str) -> str:
    """The canonical name of a law named ``name`` (itself unless curated as an alias)."""
    return law_aliases().get(law_key(name), name)


@dataclass(frozen=True)
class GazetteerEntry:
    key: str
    label: str
    names: tuple[str, ...]
    exclude: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def regions() -> tuple[GazetteerEntry, ...]:
    return tuple(
        GazetteerEntry(r["key"], r["label"], tuple(r["names"]))
        for r in _read("regions.json").get("regions", [])
    )


@lru_cache(maxsize=1)
def industries() -> tuple[GazetteerEntry, ...]:
    return tuple(
        GazetteerEntry(r["key"], r["label"], tuple(r["names"]), tuple(r.get("exclude", ())))
        for r in _read("industries.json").get("industries", [])
    )


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
    """Law aliases (``skos:altLabel``) and agenda topic links (``pk:relatedTopic``), reified."""
    out: list[Triple] = []
    for a in _read("laws.json").get("aliases", []):
        law = iri.law(law_key(a["law"]))
        out += [Triple(law, RDF.type, PK.Law), Triple(law, RDFS.label, ko(a["law"]))]
        out += _reified(law, SKOS.altLabel, ko(a["alias"]), a["justification"], a["source"])
    for link in _read("agenda-topics.json").get("links", []):
        a = iri.agenda_task(link["from"]["scheme"], link["from"]["code"])
        b = iri.agenda_task(link["to"]["scheme"], link["to"]["code"])
        out += _reified(a, PK.relatedTopic, b, link["justification"], link["source"])
        out += _reified(b, PK.relatedTopic, a, link["justification"], link["source"])
    return out
