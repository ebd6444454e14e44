"""``extract_mentions``: every kind of mention of a document's lines, line by line."""

from __future__ import annotations

import re
from collections.abc import Sequence

from policykg.loaders.readers.document_meta import day
from policykg.loaders.readers.mentions.gazetteers import Gazetteer
from policykg.loaders.readers.mentions.laws import (
    bracketed_laws,
    is_law,
    item_jurisdiction,
    join_wrapped_quotes,
    read_laws,
)
from policykg.loaders.readers.mentions.money import read_figures
from policykg.loaders.readers.mentions.short_forms import defined_short_forms
from policykg.loaders.readers.mentions.strategies import (
    PLAN_WORD,
    StrategyNames,
    marked_names,
    read_plain_strategies,
    read_strategies,
    titled_name,
)
from policykg.loaders.readers.mentions.writer import ItemAt, LawEvent, MentionWriter
from policykg.model.records import GraphBuilder
from policykg.model.text import name_key
from policykg.reference.agencies import registry
from policykg.reference.curated import law_key

KINDS = (
    "laws",
    "strategies",
    "plain-strategies",
    "figures",
    "agencies",
    "regions",
    "industries",
)


def read_agencies(w: MentionWriter, text: str, line: int) -> None:
    for m in registry().find_mentions(text, day(w.on_date)):
        w.mention(m.agency.iri, line)


def extract_mentions(
    builder: GraphBuilder,
    item_at: ItemAt,
    on_date: str | None,
    lines: range | None = None,
    kinds: Sequence[str] = KINDS,
    own_strategies: Sequence[str] = (),
) -> list[LawEvent]:
    """Write the mentions of the document's lines (all, or ``lines``); return the law events.

    ``kinds`` limits what is looked for (the performance plan reads ``("laws", "strategies")``:
    marked strategy names only); ``item_at(line)`` names the item each mention belongs to;
    ``own_strategies`` are the names the document gives itself (a strategy's title).
    """
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown mention kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
    w = MentionWriter(builder, item_at, on_date)
    quoted = join_wrapped_quotes(builder.lines)
    known = bracketed_laws(quoted)
    names = StrategyNames(own=list(own_strategies))
    for name in own_strategies:
        names.add(name)
    for short, full in defined_short_forms(quoted):
        if is_law(full) and is_law(short):
            w.short_forms[law_key(short)] = full
        elif re.search(PLAN_WORD + r"$", full) and len(name_key(short)) >= 3:
            w.short_forms[name_key(short)] = full
            names.add(short)
    if "plain-strategies" in kinds:
        # the document's marked names first: a plain repeat may come before them
        for text in quoted:
            for found in marked_names(text, names):
                names.add(found.name)
            title = titled_name(text)
            if title:
                names.add(title.name)
    gazetteer = Gazetteer(on_date)
    abroad: str | None = None
    for n in lines or range(1, len(builder.lines) + 1):
        text = builder.lines[n - 1]
        if not text.strip():
            continue
        abroad = item_jurisdiction(text, abroad)
        if "laws" in kinds:
            read_laws(w, quoted[n - 1], n, known, abroad)
        taken: list[tuple[int, int]] = []
        if "strategies" in kinds:
            taken = read_strategies(w, quoted[n - 1], n, names)
        if "plain-strategies" in kinds:
            read_plain_strategies(w, quoted, n, names, taken)
        if "figures" in kinds:
            read_figures(w, text, n)
        if "agencies" in kinds:
            read_agencies(w, text, n)
        if "regions" in kinds:
            gazetteer.read_regions(w, text, n)
        if "industries" in kinds:
            gazetteer.read_industries(w, text, n)
    return w.events
