"""The writer every mention reader shares: a mention on the item holding its line, and events.

A mention is a ``pk:Mention`` (``pk:mentionOf`` the entity, ``pk:mentionIn`` the item, the line as
its span) and the item ``pk:mentions`` the entity, a link with the line. Dated statements about a
law or a strategy are ``pk:Event`` nodes, stated or planned as of the document's date.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from policykg.loaders.readers.dates import DateReading
from policykg.model import iri
from policykg.model.records import GraphBuilder
from policykg.model.vocab import PK

ItemAt = Callable[[int], NamedNode]


@dataclass(frozen=True)
class LawEvent:
    """A dated statement about a law, as read from one line."""

    law: NamedNode
    action: str
    date: DateReading
    planned: bool
    line: int


class MentionWriter:
    """Writes mentions of one document; ``item_at(line)`` gives the item a line belongs to."""

    def __init__(self, builder: GraphBuilder, item_at: ItemAt, on_date: str | None) -> None:
        self.b = builder
        self.item_at = item_at
        self.on_date = on_date
        self.events: list[LawEvent] = []
        self.labels: dict[NamedNode, str] = {}
        self.short_forms: dict[str, str] = {}  # name key of a defined short form -> full name

    def named(self, node: NamedNode, cls: NamedNode, name: str, printed: str, line: int) -> None:
        """Type a named entity: its first name in this document is its ``rdfs:label``, every
        other spelling (a spacing variant, a short or printed form) a ``skos:altLabel`` with its
        line."""
        label = self.labels.setdefault(node, name)
        self.b.entity(node, cls, lines=line, label=label)
        for spelling in dict.fromkeys((name, printed)):
            if spelling != label:
                self.b.alt_label(node, spelling, lines=line)

    def mention(self, entity: NamedNode, line: int) -> None:
        item = self.item_at(line)
        node = iri.mention(self.b.source.stem, line, entity)
        self.b.entity(node, PK.Mention, lines=line)
        self.b.add(node, PK.mentionOf, entity)
        self.b.add(node, PK.mentionIn, item)
        self.b.add(node, PK.document, self.b.doc)
        self.b.link(item, PK.mentions, entity, lines=line)

    def event(
        self,
        subject: NamedNode,
        action: str,
        date: DateReading,
        line: int,
        label: str,
        planned: bool,
    ) -> NamedNode:
        """A dated event of a law or strategy, stated or planned as of the document's date."""
        node = iri.event(subject.value, action, date.iso, self.b.source.stem, line)
        self.b.entity(node, PK.Event, lines=line, label=label)
        self.b.link(node, PK.concerns, subject, lines=line)
        self.b.add(node, PK.action, Literal(action))
        self.b.add(node, PK.date, Literal(date.iso))
        self.b.add(node, PK.valueText, Literal(date.printed))
        self.b.add(node, PK.reading, Literal("planned" if planned else "stated"))
        return node

    def after_document(self, date: DateReading) -> bool:
        if not self.on_date:
            return False
        return date.iso[: len(self.on_date)] > self.on_date


def overlaps(taken: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)
