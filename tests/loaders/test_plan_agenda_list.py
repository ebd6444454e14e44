"""Which national agenda list the plan's "국정목표 연계" table links to: the one in force on its
date.

The snippets are the golden case ``linkage-agenda-code-forms`` (real lines of the bundled plan,
line 1 carrying the plan's "2024년도"), with that date changed or removed.
"""

from __future__ import annotations

from datetime import date

import pytest
from pyoxigraph import Literal

from policykg.loaders.plan.agenda import parse_agenda
from policykg.loaders.plan.outline import parse_outline
from policykg.loaders.readers.agenda import agenda_list_on, agenda_list_year
from policykg.model import iri
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.model.text import nfc
from policykg.model.vocab import PK, RDFS, SKOS
from tests.support.golden import CASES

CASE = CASES / "plan" / "linkage-agenda-code-forms"
STEM = "case-agenda-list"


def case_lines() -> list[str]:
    lines = nfc((CASE / "input.txt").read_text("utf-8")).split("\n")
    assert "2024년도" in lines[0]
    return lines


def run(lines: list[str]) -> GraphBuilder:
    b = GraphBuilder(SourceInfo(STEM), lines)
    parse_agenda(b, parse_outline(b))
    return b


def objects(b: GraphBuilder, predicate) -> set:
    return {t.object for t in b.result().triples if t.predicate == predicate}


def agenda_codes(b: GraphBuilder) -> set[tuple[str, str]]:
    """(list year, code) of every agenda task a task links to."""
    targets = objects(b, PK.supportsAgenda)
    links = {tuple(o.value.rsplit("/", 2)[-2:]) for o in targets}
    assert {iri.agenda_task(int(y), c) for y, c in links} == targets
    return links


def test_the_2024_plan_links_to_the_2022_list():
    b = run(case_lines())
    links = agenda_codes(b)
    assert links and {year for year, _ in links} == {"2022"}
    assert ("2022", "20-5") in links and ("2022", "3") in links
    assert not [f for f in b.findings if f.kind == "agenda-list-unknown"]


def test_a_plan_dated_after_the_2025_list_links_to_it():
    lines = case_lines()
    before = agenda_codes(run(lines))
    lines[0] = lines[0].replace("2024년도", "2026년도")
    b = run(lines)
    links = agenda_codes(b)
    assert {year for year, _ in links} == {"2025"}
    assert {code for _, code in links} == {code for _, code in before}
    triples = b.result().triples
    scheme = iri.agenda_scheme(2025)
    assert objects(b, SKOS.inScheme) == {scheme}
    labels = {t.object for t in triples if t.subject == scheme and t.predicate == RDFS.label}
    assert labels == {Literal("123대 국정과제 (2025)", language="ko")}
    assert not any(iri.agenda_scheme(2022) in (t.subject, t.object) for t in triples)


def test_a_plan_of_2025_before_the_new_list_links_to_the_2022_list():
    lines = case_lines()
    lines[0] = lines[0].replace("2024년도", "2025년도")  # read as 2025-01-01, before 2025-08-13
    assert {year for year, _ in agenda_codes(run(lines))} == {"2022"}


def table_first_row(lines: list[str]) -> int:
    """The first printed row of the linkage table: the first text after "(과제명 및 과제코드)"."""
    head = next(n for n, text in enumerate(lines, 1) if "과제명 및 과제코드" in text)
    return next(n for n, text in enumerate(lines[head:], head + 1) if text.strip())


def test_a_plan_without_a_date_links_no_agenda_task_and_says_so():
    lines = case_lines()[1:]  # the snippet without its date line
    b = run(lines)
    assert not objects(b, PK.supportsAgenda)
    assert not any(t.object == SKOS.ConceptScheme for t in b.result().triples)
    assert objects(b, PK.supportsLivelihoodTask) and objects(b, PK.supportsWorkplanItem)
    found = [f for f in b.findings if f.kind == "agenda-list-unknown"]
    assert len(found) == 1
    f = found[0]
    assert (f.document, f.line) == (STEM, table_first_row(lines))
    assert lines[f.line - 1].strip().startswith("Ⅲ.")
    assert "date is not readable" in f.message and "20-5" in f.message
    assert not [f for f in b.findings if f.kind.startswith("agenda-code-")]


def test_a_plan_dated_before_every_list_says_which_date():
    lines = case_lines()
    lines[0] = lines[0].replace("2024년도", "2021년도")
    b = run(lines)
    assert not objects(b, PK.supportsAgenda)
    (f,) = [f for f in b.findings if f.kind == "agenda-list-unknown"]
    assert f.line == table_first_row(lines) and "2021-01-01" in f.message


@pytest.mark.parametrize(
    "on, year",
    [
        (date(2024, 1, 1), 2022),
        (date(2025, 8, 12), 2022),
        (date(2025, 8, 13), 2025),
        ("2025-12-17", 2025),
        ("2022-05-02", None),
        (None, None),
    ],
)
def test_list_in_force_on_a_date(on, year):
    assert agenda_list_year(on) == year
    listed = agenda_list_on(on)
    assert (listed.year if listed else None) == year
    if listed:
        assert listed.tasks == {2022: 120, 2025: 123}[year]
