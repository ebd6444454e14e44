"""The scale run's synthetic plans (benchmarks/synthetic.py): distinct plans, shared references."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Triple

from benchmarks.scale import _build
from benchmarks.synthetic import agenda_list_year, synthetic_plans, variants
from benchmarks.timing import EXAMPLES, examples
from policykg.analysis.questions import ask
from policykg.model import iri
from policykg.model.records import ParseResult
from policykg.model.vocab import PK, RDFS
from policykg.store.policy_store import PolicyStore

DOC = "motie-2024-performance-plan"
GYEAR = NamedNode("http://www.w3.org/2001/XMLSchema#gYear")
INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def _plan() -> ParseResult:
    task = iri.task("I-1-1")
    program = iri.program("3231")
    funding = iri.funding("I-1-1", program, 2024)
    span = iri.span(DOC, 10, 12)
    return ParseResult(
        DOC,
        [
            Triple(task, RDFS.label, Literal("과제", language="ko")),
            Triple(task, PK.supportsAgenda, iri.agenda_task(2022, "20")),
            Triple(task, PK.hasFunding, funding),
            Triple(funding, PK.program, program),
            Triple(funding, PK.fiscalYear, Literal("2024", datatype=GYEAR)),
            Triple(funding, PK.amountKRW, Literal("1000", datatype=INTEGER)),
            Triple(span, PK.document, iri.document(DOC)),
        ],
    )


def test_variants_are_distinct_and_never_the_real_plan():
    vs = variants(1000)
    assert len({v.key for v in vs}) == 1000 and "motie-2024" not in {v.key for v in vs}


def test_each_plan_mints_its_own_nodes_and_shares_the_agenda():
    a, b = synthetic_plans(_plan(), 2)
    va, _vb = variants(2)
    subjects = lambda r: {t.subject for t in r.triples}  # noqa: E731
    assert not subjects(a) & subjects(b)
    assert iri.task("I-1-1", va.key) in subjects(a)
    assert iri.span(va.document, 10, 12) in subjects(a)
    agenda = {t.object for r in (a, b) for t in r.triples if t.predicate == PK.supportsAgenda}
    assert agenda == {iri.agenda_task(2022, "20")}
    programs = {t.object for t in a.triples if t.predicate == PK.program}
    assert programs == {iri.program("3231", va.ministry)}
    assert a.document == va.document and {
        t.object for t in a.triples if t.predicate == PK.document
    } == {iri.document(va.document)}


def test_years_shift_amounts_scale_and_labels_name_the_plan():
    plans = list(synthetic_plans(_plan(), 25))
    v = variants(25)[21]  # second ministry of the year before
    p = plans[21]
    [year] = [t.object.value for t in p.triples if t.predicate == PK.fiscalYear]
    [amount] = [t.object.value for t in p.triples if t.predicate == PK.amountKRW]
    [label] = [t.object for t in p.triples if t.predicate == RDFS.label]
    assert (year, v.year) == (str(2023), 2023)
    assert int(amount) == round(1000 * v.factor) != 1000
    assert label == Literal(f"과제 ({v.ministry.upper()} 2023)", language="ko")


def test_a_plan_links_to_the_agenda_list_of_its_years_keeping_its_labels():
    plans = list(synthetic_plans(_plan_with_agenda_label(), 61))
    v2022, v2021 = variants(61)[58], variants(61)[60]
    assert (v2022.year, v2021.year) == (2022, 2021)
    links = lambda p: {t.object for t in p.triples if t.predicate == PK.supportsAgenda}  # noqa: E731
    assert links(plans[58]) == {iri.agenda_task(2022, "20")}
    assert links(plans[60]) == {iri.agenda_task(2017, "20")}
    # the moved agenda task is still a shared node: its label is not renamed after the plan
    labels = {
        t.object
        for t in plans[60].triples
        if t.subject == iri.agenda_task(2017, "20") and t.predicate == RDFS.label
    }
    assert labels == {Literal("의제", language="ko")}


def _plan_with_agenda_label() -> ParseResult:
    plan = _plan()
    plan.triples.append(
        Triple(iri.agenda_task(2022, "20"), RDFS.label, Literal("의제", language="ko"))
    )
    return plan


def test_a_ministrys_program_keeps_one_name_across_its_plans_years():
    base = _plan()
    base.triples.append(Triple(iri.program("3231"), RDFS.label, Literal("사업", language="ko")))
    plans = list(synthetic_plans(base, 21))
    v0, v20 = variants(21)[0], variants(21)[20]
    assert v0.ministry == v20.ministry and v0.year != v20.year
    names = {
        t.object
        for p in (plans[0], plans[20])
        for t in p.triples
        if t.subject == iri.program("3231", v0.ministry) and t.predicate == RDFS.label
    }
    assert names == {Literal(f"사업 ({v0.ministry.upper()})", language="ko")}


# -- the national mode


def _national_plan() -> ParseResult:
    plan = _plan()
    doc, law, program = iri.document(DOC), iri.node("law/대외무역법"), iri.program("3231")
    plan.triples += [
        Triple(doc, PK.issuer, iri.agency("MOTIE")),
        Triple(iri.cooperation(1), PK.participant, iri.agency("ME")),
        Triple(iri.agency("MOTIE"), RDFS.label, Literal("산업통상자원부", language="ko")),
        Triple(program, PK.code, Literal("3231")),
        Triple(law, RDFS.label, Literal("대외무역법", language="ko")),
        Triple(iri.node("mention/0123456789abcdef"), PK.mentionOf, law),
        Triple(iri.agenda_task(2022, "20-1"), PK.code, Literal("20-1")),
        Triple(iri.task("I-1-1"), PK.supportsAgenda, iri.agenda_task(2022, "20-1")),
    ]
    return plan


def test_national_plans_spread_over_ministries_and_years():
    vs = variants(1000, "national")
    assert len({v.key for v in vs}) == 1000
    assert len({v.ministry for v in vs}) == 40 and len({v.year for v in vs}) == 25
    first = vs[:40]  # a cross-section already
    assert len({v.year for v in first}) >= 20 and len({v.ministry for v in first}) >= 20
    assert vs[0].ministry == "motie" and vs[0].rank == 0


def test_a_national_plan_is_its_ministrys_own():
    vs = variants(3, "national")
    plans = list(synthetic_plans(_national_plan(), 3, "national"))
    v, p = vs[2], plans[2]  # not MOTIE, of an earlier year
    assert v.ministry != "motie" and v.rank
    objects = lambda pred: {t.object for t in p.triples if t.predicate == pred}  # noqa: E731
    # issued by its ministry, which takes MOTIE's place wherever the plan names an agency
    assert objects(PK.issuer) == {iri.agency(v.ministry.upper())}
    assert objects(PK.participant) == {iri.agency("ME")} or v.ministry == "me"
    assert any(t.subject == iri.agency("MOTIE") for t in p.triples)  # its description kept
    # its own program codes, the same in the IRI and the code
    code = f"{(3231 + 137 * v.rank) % 10000:04d}"
    assert objects(PK.program) == {iri.program(code, v.ministry)}
    assert Triple(iri.program(code, v.ministry), PK.code, Literal(code)) in p.triples
    # its own laws, named for its ministry
    [law] = objects(PK.mentionOf)
    assert law == iri.node(f"law/대외무역법-{v.ministry}")
    assert Triple(
        law, RDFS.label, Literal(f"대외무역법 ({v.ministry.upper()})", language="ko")
    ) in (p.triples)
    # its administration's agenda list, its ministry's items of it
    year = agenda_list_year(v.year, national=True)
    top = str((20 - 1 + 3 * v.rank) % (123 if year == 2025 else 120) + 1)
    item = f"{top}-1"
    assert objects(PK.supportsAgenda) == {iri.agenda_task(year, top), iri.agenda_task(year, item)}
    assert Triple(iri.agenda_task(year, item), PK.code, Literal(item)) in p.triples


def test_national_agenda_lists_are_the_administrations():
    assert [agenda_list_year(y, national=True) for y in (2026, 2025, 2023, 2022, 2018, 2002)] == [
        2025,
        2022,
        2022,
        2017,
        2017,
        1998,
    ]
    motie = next(synthetic_plans(_national_plan(), 1, "national"))  # MOTIE, 2026
    assert {t.object for t in motie.triples if t.predicate == PK.supportsAgenda} == {
        iri.agenda_task(2025, "20"),
        iri.agenda_task(2025, "20-1"),
    }


def test_the_national_examples_ask_about_what_the_first_plan_holds(tmp_path):
    """In national mode every example question has rows at N = 1 (so that the time per answer
    row compares with something), where the main run's values find nothing for four."""
    sent: list[dict] = []

    class Conn:
        send = staticmethod(sent.append)

    _build(Conn, 1, tmp_path / "national-1", 1e9, "national")
    assert [m["violations"] for m in sent if "violations" in m] == [0]
    store = PolicyStore.open(tmp_path / "national-1")

    def rows(values: dict[str, dict[str, str]]) -> dict[str, int]:
        return {name: len(ask(store, name, **params).rows) for name, params in values.items()}

    national = rows(examples("national"))
    assert all(national.values()), national
    assert national["budgets-for-agenda"] == 85 and national["program-uses"] == 11
    main = rows(EXAMPLES)
    assert sorted(name for name, n in main.items() if not n) == [
        "agenda-coverage",
        "budgets-for-agenda",
        "law-timeline",
        "program-uses",
    ]
    assert examples("copies") == EXAMPLES
