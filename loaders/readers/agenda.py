"""National agenda lists as SKOS schemes, and links from document items to their tasks.

The government adopts a numbered list of national agenda tasks (국정과제) at the start of each
administration; a bare number ("국정과제 30", "030") means a task of the list in force on the
document's date. The lists are never merged: each is its own ``skos:ConceptScheme``
(``agenda/{year adopted}``) and tasks are ``agenda/{year}/{code}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pyoxigraph import Literal, NamedNode

from policykg.model import iri
from policykg.model.records import GraphBuilder, Lines, ko
from policykg.model.text import ascii_code
from policykg.model.vocab import PK, RDF, RDFS, SKOS


@dataclass(frozen=True)
class AgendaList:
    year: int
    tasks: int
    adopted: str
    source: str


# Curated: when each list was announced (public record, not read from the corpus documents).
AGENDA_LISTS = (
    AgendaList(
        2022, 120, "2022-05-03", "제20대 대통령직인수위원회, 윤석열정부 120대 국정과제 (2022-05-03)"
    ),
    AgendaList(2025, 123, "2025-08-13", "국정기획위원회, 이재명정부 123대 국정과제 (2025-08-13)"),
)


def agenda_list_on(on_date: date | str | None) -> AgendaList | None:
    """The agenda list in force on a date or ISO date (``2025-12-17`` → the 2025 list)."""
    if isinstance(on_date, date):
        on_date = on_date.isoformat()
    if not on_date:
        return None
    valid = [a for a in AGENDA_LISTS if a.adopted[: len(on_date)] <= on_date]
    return valid[-1] if valid else None


def agenda_list_year(on_date: date | str | None) -> int | None:
    """The year of the agenda list in force on a date or ISO date (``2025-12-17`` → 2025)."""
    listed = agenda_list_on(on_date)
    return listed.year if listed else None


def agenda_list_by_count(tasks: int) -> int | None:
    """The year of the list with that many tasks ("123대 국정과제" → 2025)."""
    return next((a.year for a in AGENDA_LISTS if a.tasks == tasks), None)


def write_scheme(builder: GraphBuilder, year: int, lines: Lines) -> NamedNode:
    """The list of ``year`` as a ``skos:ConceptScheme``, labelled "120대 국정과제 (2022)"."""
    scheme = iri.agenda_scheme(year)
    info = next((a for a in AGENDA_LISTS if a.year == year), None)
    label = f"{info.tasks}대 국정과제 ({year})" if info else f"국정과제 ({year})"
    builder.entity(scheme, SKOS.ConceptScheme, lines=lines, label=label, code=str(year))
    return scheme


def agenda_task(
    builder: GraphBuilder,
    year: int,
    printed: str,
    *,
    line: int,
    title: str | None = None,
    title_line: int | None = None,
) -> NamedNode:
    """The task numbered ``printed`` of the list of ``year``, with its title where given."""
    code = ascii_code(printed)
    node = iri.agenda_task(year, code)
    scheme = write_scheme(builder, year, line)
    builder.entity(node, PK.NationalAgendaTask, lines=line, code=code)
    builder.add(node, RDF.type, SKOS.Concept)
    builder.add(node, SKOS.inScheme, scheme)
    builder.add(node, SKOS.notation, Literal(printed))
    if printed != code:
        builder.add(node, PK.printedCode, Literal(printed))
    if title:
        builder.link(node, RDFS.label, ko(title), lines=title_line or line)
    return node


def link_agenda(
    builder: GraphBuilder, item: NamedNode, year: int | None, printed: str, *, line: int
) -> None:
    """``item pk:supportsAgenda`` the task, with the tag's line; a document without a date is a
    finding."""
    if year is None:
        builder.finding(
            "agenda-list-unknown",
            f"agenda number {printed!r} on a document whose date gives no agenda list",
            line=line,
        )
        return
    builder.link(
        item, PK.supportsAgenda, agenda_task(builder, year, printed, line=line), lines=line
    )
