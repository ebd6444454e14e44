"""Curated reference data shipped with the package (``data/reference/*.ttl``).

Facts from outside the documents (agency registry, reorganisations, topical links between agenda
lists) live here with their sources; the build writes them into the reference graph.
"""

from __future__ import annotations

from importlib import resources

from pyoxigraph import RdfFormat, Triple, parse

from policykg.reference.agencies import agency_triples
from policykg.reference.curated import curated_triples


def reference_triples() -> list[Triple]:
    """Every triple of the curated reference files."""
    folder = resources.files("policykg.data").joinpath("reference")
    out: list[Triple] = agency_triples() + curated_triples()
    if not folder.is_dir():
        return out
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".ttl"):
            out.extend(parse(entry.read_text("utf-8"), format=RdfFormat.TURTLE))
    return out
