"""What a loader returns: triples with provenance, and the findings it made on the way.

Loaders build RDF terms through :class:`GraphBuilder`; they never write N-Triples text. Every
entity and every link gets ``prov:wasDerivedFrom`` a :class:`pk:SourceSpan` naming its lines.
A link's provenance hangs on an ``rdf:Statement`` (minted from the triple, so two copies of one
link in a document give one statement with two spans).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from pyoxigraph import Literal, NamedNode, Triple

from policykg.model import iri
from policykg.model.vocab import PK, PROV, RDF, RDFS, SKOS, XSD

Lines = int | tuple[int, int]
QUOTE_LIMIT = 1200
HAND_OVER = 16384  # triples: a part of a document handed to its source's sink while it is parsed


Sink = Callable[[list[Triple]], None]


@dataclass(frozen=True)
class SourceInfo:
    """The document a loader parses: its file stem (the IRI key) and file name.

    ``sink``, if given, takes a document's triples in parts of :data:`HAND_OVER` while it is
    parsed (by :class:`GraphBuilder`): a build loads them into the store meanwhile.
    """

    stem: str
    file_name: str = ""
    sink: Sink | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Finding:
    """A data-quality finding: an inconsistency, an unresolved name, a decision taken.

    ``line`` is the main line; ``lines`` all lines involved (both readings of a contradiction).
    """

    document: str
    line: int | None
    kind: str
    message: str
    severity: str = "warning"
    lines: tuple[int, ...] = ()
    about: tuple[str, ...] = ()

    def where(self) -> str:
        extra = [n for n in self.lines if n != self.line]
        tail = f" (also {', '.join(map(str, extra))})" if extra else ""
        return f"{self.document}:{self.line}{tail}" if self.line else self.document


@dataclass
class ParseResult:
    """Triples for one document's named graph, plus findings and loader-specific records.

    ``handed``: how many of the first ``triples`` were handed to the source's sink while parsing.
    """

    document: str
    triples: list[Triple]
    findings: list[Finding] = field(default_factory=list)
    records: dict = field(default_factory=dict)
    handed: int = 0


def text(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def ko(value: str) -> Literal:
    return Literal(value, language="ko")


def integer(value: int) -> Literal:
    return Literal(str(int(value)), datatype=XSD.integer)


def decimal(value: Decimal | float | str) -> Literal:
    return Literal(
        str(Decimal(str(value)).normalize())
        if not isinstance(value, Decimal)
        else format(value, "f"),
        datatype=XSD.decimal,
    )


def year(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.gYear)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD.boolean)


def date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


class GraphBuilder:
    """Collects the triples of one document, de-duplicated, in insertion order.

    >>> b = GraphBuilder(SourceInfo("doc-a"), ["first line", "second line"])
    >>> t = iri.task("I-1-1")
    >>> _ = b.entity(t, PK.ManagementTask, lines=(1, 2), label="과제", code="I-1-1")
    >>> b.link(t, PK.supportsAgenda, iri.agenda_task(2022, "20-1"), lines=2)
    >>> len(b.result().triples)
    20
    """

    def __init__(self, source: SourceInfo, lines: Sequence[str]) -> None:
        self.source = source
        self.lines = lines
        self._triples: dict[Triple, None] = {}
        self._spans: dict[tuple[int, int], NamedNode] = {}
        self.findings: list[Finding] = []
        self.doc = iri.document(source.stem)
        self._handed = 0
        self._due = HAND_OVER if source.sink is not None else float("inf")

    # -- low level
    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self._triples[Triple(s, p, o)] = None
        if len(self._triples) >= self._due:
            self._hand_over()

    def extend(self, triples: Iterable[Triple]) -> None:
        for t in triples:
            self._triples[t] = None
            if len(self._triples) >= self._due:
                self._hand_over()

    def quote(self, start: int, end: int) -> str:
        body = "\n".join(self.lines[start - 1 : end]).strip()
        return body if len(body) <= QUOTE_LIMIT else body[:QUOTE_LIMIT] + " …"

    def span(self, lines: Lines) -> NamedNode:
        """The span node of a line or an inclusive ``(start, end)`` range, created once."""
        start, end = (lines, lines) if isinstance(lines, int) else lines
        node = self._spans.get((start, end))
        if node is not None:
            return node
        if not 1 <= start <= end <= max(len(self.lines), 1):
            raise ValueError(f"{self.source.stem}: bad line range {start}-{end}")
        node = self._spans[start, end] = iri.span(self.source.stem, start, end)
        self.add(node, RDF.type, PK.SourceSpan)
        self.add(node, PK.document, self.doc)
        self.add(node, PK.startLine, integer(start))
        self.add(node, PK.endLine, integer(end))
        self.add(node, PK.quote, Literal(self.quote(start, end)))
        return node

    # -- entities and links
    def derived(self, subject: NamedNode, lines: Lines) -> None:
        self.add(subject, PROV.wasDerivedFrom, self.span(lines))

    def entity(
        self,
        subject: NamedNode,
        cls: NamedNode,
        *,
        lines: Lines,
        label: str | None = None,
        code: str | None = None,
        lang: str = "ko",
    ) -> NamedNode:
        """Type a resource, give it a label and code, and record where it came from."""
        self.add(subject, RDF.type, cls)
        if label:
            self.add(subject, RDFS.label, text(label, lang))
        if code:
            self.add(subject, PK.code, Literal(code))
        self.derived(subject, lines)
        return subject

    def alt_label(self, subject: NamedNode, label: str, lines: Lines | None = None) -> None:
        self.add(subject, SKOS.altLabel, ko(label))
        if lines is not None:
            self.link(subject, SKOS.altLabel, ko(label), lines=lines)

    def link(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal, *, lines: Lines) -> None:
        """Assert ``s p o`` and hang its own source lines on its ``rdf:Statement``."""
        self.add(s, p, o)
        stmt = iri.statement(s, p, o)
        self.add(stmt, RDF.type, RDF.Statement)
        self.add(stmt, RDF.subject, s)
        self.add(stmt, RDF.predicate, p)
        self.add(stmt, RDF.object, o)
        self.derived(stmt, lines)

    def finding(
        self,
        kind: str,
        message: str,
        *,
        line: int | None,
        severity: str = "warning",
        lines: Iterable[int] = (),
        about: Iterable[NamedNode] = (),
    ) -> Finding:
        f = Finding(
            self.source.stem,
            line,
            kind,
            message,
            severity,
            tuple(sorted(set(lines) | ({line} if line else set()))),
            tuple(a.value for a in about),
        )
        self.findings.append(f)
        return f

    def _hand_over(self) -> None:
        """Give the source's sink the triples added since the last hand-over."""
        assert self.source.sink is not None  # without a sink, ``_due`` is infinite
        # the newest keys, read from the end: copying every key each time would make a long
        # document's hand-overs quadratic
        new = len(self._triples) - self._handed
        triples = list(islice(reversed(self._triples), new))[::-1]
        self._handed += len(triples)
        self._due = self._handed + HAND_OVER
        self.source.sink(triples)

    def result(self, **records: object) -> ParseResult:
        return ParseResult(
            self.source.stem, list(self._triples), list(self.findings), dict(records), self._handed
        )
