"""``extract_mentions``: every kind of mention of a document's lines, line by line."""

from __future__ import annotations

from collections.abc import Sequence

from policykg.loaders.readers.document_meta import day
from policykg.loaders.readers.mentions.gazetteers import any_name, read_gazetteer
from policykg.loaders.readers.mentions.laws import (
    bracketed_laws,
    item_jurisdiction,
    join_wrapped_quotes,
    read_laws,
)
from policykg.loaders.readers.mentions.money import read_figures
from policykg.loaders.readers.mentions.strategies import read_strategies
from policykg.loaders.readers.mentions.writer import ItemAt, LawEvent, MentionWriter
from policykg.model import iri
from policykg.model.records import GraphBuilder
from policykg.model.vocab import PK
from policykg.reference.agencies import registry
from policykg.reference.curated import industries, regions

KINDS = ("laws", "strategies", "figures", "agencies", "regions", "industries")


def read_agencies(w: MentionWriter, text: str, line: int) -> None:
    for m in registry().find_mentions(text, day(w.on_date)):
        w.mention(m.agency.iri, line)


def extract_mentions(
    builder: GraphBuilder,
    item_at: ItemAt,
    on_date: str | None,
    lines: range | None = None,
    kinds: Sequence[str] = KINDS,
) -> list[LawEvent]:
    """Write the mentions of the document's lines (all, or ``lines``); return the law events.

    ``kinds`` limits what is looked for (a loader that reads agencies its own way can pass
    ``("laws", "strategies")``); ``item_at(line)`` names the item each mention belongs to.
    """
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown mention kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
    w = MentionWriter(builder, item_at, on_date)
    quoted = join_wrapped_quotes(builder.lines)
    known = bracketed_laws(quoted)
    # most lines name no region or industry: one search finds whether a line names any
    region_names, industry_names = any_name(regions()), any_name(industries())
    abroad: str | None = None
    for n in lines or range(1, len(builder.lines) + 1):
        text = builder.lines[n - 1]
        if not text.strip():
            continue
        abroad = item_jurisdiction(text, abroad)
        if "laws" in kinds:
            read_laws(w, quoted[n - 1], n, known, abroad)
        if "strategies" in kinds:
            read_strategies(w, quoted[n - 1], n)
        if "figures" in kinds:
            read_figures(w, text, n)
        if "agencies" in kinds:
            read_agencies(w, text, n)
        if "regions" in kinds and region_names.search(text):
            read_gazetteer(w, text, n, regions(), PK.Region, iri.region, bounded=True)
        if "industries" in kinds and industry_names.search(text):
            read_gazetteer(w, text, n, industries(), PK.Industry, iri.industry, bounded=False)
    return w.events
