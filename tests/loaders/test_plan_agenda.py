"""National agenda links of the plan, in the built store."""

from __future__ import annotations

import re

import pytest

from policykg.loaders.plan.linkage import cell_codes
from policykg.model import iri
from policykg.model.vocab import PK

CODE_LINE = re.compile(r"^\s*([ⅠⅡⅢⅣⅤⅥⅦ])(?:\s*-\s*(\d+))?(?:\s*-\s*([①-⑨]))?\s*\.?")
MARK = re.compile(r"\((국정\s*(?:과제)?)?\s*(\d{1,3}(?:-\d{1,2})?)\)")
ROMAN = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V", "Ⅵ": "VI", "Ⅶ": "VII"}

LINKS = """
SELECT ?link ?task ?code WHERE { ?task ?link ?a . ?a pk:code ?code }"""
SPANS = """
SELECT ?s ?p ?o ?start WHERE {
  ?stmt rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?span .
  ?span pk:startLine ?start .
}"""
AGENDA = """
SELECT ?scheme ?a ?code ?parent WHERE {
  ?a a pk:NationalAgendaTask , skos:Concept ; pk:code ?code ; skos:inScheme ?scheme .
  OPTIONAL { ?a skos:broader/pk:code ?parent }
}"""


def printed_links(lines: list[str], start: int, end: int) -> dict[str, set[str]]:
    """An independent, line-based reading of the table: task → agenda codes printed in its row."""
    out: dict[str, set[str]] = {}
    task = None
    for line in lines[start - 1 : end]:
        m = CODE_LINE.match(line)
        if m and (m.group(2) or line.strip()[1:2] == "."):
            task = None
            if m.group(3):
                task = f"{ROMAN[m.group(1)]}-{m.group(2)}-{ord(m.group(3)) - 0x2460 + 1}"
                out[task] = set()
        if task and "업무계획" not in line:
            for label, code in MARK.findall(line):
                if label or "-" in code:
                    out[task].add("-".join(str(int(p)) for p in code.split("-")))
    return out


def stored(store, link) -> dict[str, set[str]]:
    """The plan's task → code links (other documents link their own items too)."""
    out: dict[str, set[str]] = {}
    plan_tasks = iri.task("").value
    for r in store.select(LINKS, {"link": link}):
        if r["task"].value.startswith(plan_tasks):
            out.setdefault(r["task"].value.rsplit("/", 1)[1], set()).add(r["code"].value)
    return out


def test_must_hold_links(store):
    links = stored(store, PK.supportsAgenda)
    assert links["I-2-1"] == {"20-1", "24-1"}
    assert links["III-6-1"] == {"3"}
    assert links["V-1-1"] == {"20-2"}  # printed bare: (20-2)
    assert links["V-2-1"] == {"20-3"}  # printed (국정과제 20-3)
    assert links["IV-2-3"] == {"20"}  # printed (국정 20))
    assert "VI-4-1" not in links  # no link printed


def test_every_task_links_as_the_table_prints(store, plan_lines):
    start = next(n for n, line in enumerate(plan_lines, 1) if "국정목표 연계" in line)
    end = next(n for n, line in enumerate(plan_lines, 1) if "세부 추진계획" in line)
    expected = {t: c for t, c in printed_links(plan_lines, start, end).items() if c}
    assert len(printed_links(plan_lines, start, end)) == 83
    assert stored(store, PK.supportsAgenda) == expected


def test_livelihood_and_workplan_links(store):
    live = stored(store, PK.supportsLivelihoodTask)
    assert live["I-4-1"] == {"3-1", "3-2"}
    assert live["II-2-2"] == {"16-1-5", "20-4-2", "22-5-2"}
    assert live["III-6-1"] == {"14-1", "14-2", "14-3"}
    work = stored(store, PK.supportsWorkplanItem)
    assert work == {
        "VI-1-1": {"1-1", "1-2", "1-5"},
        "VI-1-2": {"1-1", "1-5"},
        "VI-3-1": {"4-1"},
        "VI-3-2": {"4-1"},
        "VI-5-1": {"2-2"},
    }


def test_scheme_and_broader(store):
    rows = store.select(AGENDA, {"scheme": iri.agenda_scheme(2022)})
    by_code = {r["code"].value: r for r in rows}
    linked = set().union(*stored(store, PK.supportsAgenda).values())
    assert linked <= set(by_code)
    for code, r in by_code.items():
        if "-" in code:
            assert r["parent"].value == code.split("-")[0]
            assert code.split("-")[0] in by_code
        else:
            assert r.get("parent") is None
    assert {"20", "20-1", "20-2", "20-3", "20-4", "20-5"} <= set(by_code)


def test_a_link_carries_the_lines_of_both_table_copies(store):
    rows = store.select(
        SPANS, {"s": iri.task("I-2-1"), "p": PK.supportsAgenda, "o": iri.agenda_task(2022, "20-1")}
    )
    starts = sorted(int(r["start"].value) for r in rows)
    assert len(starts) == 2 and starts[0] < 3112 < 34191 < starts[1]


@pytest.mark.parametrize(
    "printed,codes",
    [
        ("1-1,2,5", ("1-1", "1-2", "1-5")),
        ("16-1-⑤, 20-4-②", ("16-1-5", "20-4-2")),
        ("3-1, 3-2", ("3-1", "3-2")),
    ],
)
def test_code_lists(printed, codes):
    assert cell_codes(printed) == codes
