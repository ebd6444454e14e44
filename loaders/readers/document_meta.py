"""Document metadata shared by the document loaders: title, issuer (date-aware), date."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal

from policykg.loaders.readers.dates import DateReading
from policykg.model.errors import SourceParseError
from policykg.model.records import GraphBuilder, integer, ko
from policykg.model.vocab import DCT, PK
from policykg.reference.agencies import registry


@dataclass(frozen=True)
class Printed:
    """A value read from the document and the 1-based line it is on."""

    text: str
    line: int


def write_document(
    builder: GraphBuilder,
    family: str,
    title: Printed | None,
    date: tuple[DateReading, int] | None,
    issuer: Printed | None,
) -> str | None:
    """Type the document, label it, date it and name its issuer; return the ISO date.

    A document without a readable title raises :class:`SourceParseError`; an issuer name the
    agency registry cannot resolve on the document's date is kept as ``dcterms:publisher`` text
    and reported as a finding.
    """
    if title is None:
        raise SourceParseError(builder.source.stem, 1, f"no title found for a {family} document")
    b = builder
    b.entity(b.doc, PK.Document, lines=title.line, label=title.text)
    b.add(b.doc, PK.family, Literal(family))
    b.add(b.doc, PK.lineCount, integer(len(b.lines)))
    on = None
    if date:
        reading, line = date
        on = reading.iso
        b.link(b.doc, PK.date, Literal(on), lines=line)
    if issuer:
        b.link(b.doc, DCT.publisher, ko(issuer.text), lines=issuer.line)
        agency = registry().resolve(issuer.text, day(on))
        if agency:
            b.link(b.doc, PK.issuer, agency.iri, lines=issuer.line)
        else:
            b.finding(
                "unresolved-issuer",
                f"issuer {issuer.text!r} is not in the agency registry",
                line=issuer.line,
                severity="info",
            )
    return on


def day(iso: str | None) -> str | None:
    """A calendar day for a date read to the year or month (its first day), for the registry."""
    if not iso or not iso[:4].isdigit():
        return None
    parts = iso.split("-")
    month = parts[1] if len(parts) > 1 and parts[1].isdigit() else "01"
    dd = parts[2] if len(parts) > 2 else "01"
    return f"{parts[0]}-{month}-{dd}"
