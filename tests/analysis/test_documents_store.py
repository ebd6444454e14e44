"""The four documents in the built store: metadata, the 2025 agenda scheme and its coverage, one
IRI per law across documents, the law timeline and the contradiction in the data-quality report."""

from __future__ import annotations

import json

from policykg.analysis.questions import ask
from policykg.cli.main import main
from policykg.model import iri
from policykg.model.findings import stored_findings
from policykg.reference.curated import law_key

WORK = "moti-2025-12-work-report"
PROGRESS = "gov-2026-national-agenda-progress"


def test_document_metadata_title_date_and_date_aware_issuer(store):
    rows = store.select("""
        SELECT ?doc ?title ?date ?issuer WHERE {
          ?d a pk:Document ; rdfs:label ?title ; pk:family ?f .
          FILTER(?f != "performance-plan")
          OPTIONAL { ?d pk:date ?date } OPTIONAL { ?d pk:issuer ?issuer }
          BIND(REPLACE(STR(?d), "^.*/doc/", "") AS ?doc) } ORDER BY ?doc""")
    got = {
        r["doc"].value: (
            r["title"].value,
            r["date"].value if "date" in r else None,
            r["issuer"].value.rsplit("/", 1)[-1] if "issuer" in r else None,
        )
        for r in rows
    }
    assert got[WORK] == ("산업통상부 업무보고", "2025-12-17", "MOTIR")
    assert got["motie-2024-02-new-industrial-policy-2.0"] == (
        "「新산업정책2.0」 전략",
        "2024-02",
        "MOTIE",
    )
    assert got[PROGRESS][1] == "2026"
    assert got["geri-2021-03-gumi-issue-focus-49"][1] == "2021-03"


def test_agenda_coverage_30_has_both_documents_with_lines(store):
    rows = ask(store, "agenda-coverage", task="30", scheme="2025").rows
    by_doc = {(r["document"], r["code"], r["link_lines"], r["start_line"]) for r in rows}
    assert (PROGRESS, "30", "69", 69) in by_doc
    assert (WORK, "III-1-1", "119", 119) in by_doc and (WORK, "III-2-2", "261", 261) in by_doc
    assert {r["task_title"] for r in rows} == {"주력산업 혁신으로 4대 제조 강국 실현"}


def test_agenda_coverage_from_the_command_line_with_scheme_option(built_store, capsys):
    code = main(
        [
            "--store",
            str(built_store[0]),
            "ask",
            "agenda-coverage",
            "030",
            "--scheme",
            "2025",
            "--format",
            "json",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {r["document"] for r in out["rows"]} == {WORK, PROGRESS}


def test_the_2025_list_is_its_own_scheme_and_relates_to_2022_only_by_curated_topics(store):
    schemes = store.select("""SELECT DISTINCT ?s WHERE {
        <https://w3id.org/policykg/id/agenda/2025/30> skos:inScheme ?s }""")
    assert [r["s"].value for r in schemes] == [iri.agenda_scheme(2025).value]
    rows = store.select("""SELECT ?b ?why WHERE {
        ?st rdf:subject <https://w3id.org/policykg/id/agenda/2022/24-1> ;
            rdf:predicate pk:relatedTopic ; rdf:object ?b ; pk:justification ?why }""")
    assert [r["b"].value for r in rows] == [iri.agenda_task(2025, "30").value]
    assert "반도체" in rows[0]["why"].value


def test_foreign_trade_act_is_one_entity_mentioned_by_each_document_naming_it(store):
    rows = ask(store, "documents-mentioning", entity="대외무역법").rows
    assert {r["entity_iri"] for r in rows} == {iri.law(law_key("대외무역법")).value}
    places = {(r["document"], r["line"]) for r in rows}
    assert {
        ("geri-2021-03-gumi-issue-focus-49", 296),
        ("geri-2021-03-gumi-issue-focus-49", 332),
        (WORK, 437),
    } <= places


def test_business_vitality_act_found_by_its_short_title(store):
    rows = ask(store, "documents-mentioning", entity="기업활력법").rows
    assert {r["entity_label"] for r in rows} == {"기업 활력 제고를 위한 특별법"}
    assert (PROGRESS, 152) in {(r["document"], r["line"]) for r in rows}


def test_law_timeline_keeps_contradictory_enactment_dates_side_by_side(store):
    rows = ask(store, "law-timeline", law="석유화학 특별법").rows
    # (no conflicting dates: unbound on Oxigraph, "" on Virtuoso — GROUP_CONCAT of nothing)
    got = [
        (r["date"], r["action"], r["document"], r["line"], r["conflicting_dates"] or None)
        for r in rows
    ]
    assert got == [
        ("2025-12", "국회 통과", WORK, 40, None),
        ("2025-12-03", "제정", PROGRESS, 152, "2025-12-30"),
        ("2025-12-30", "제정", PROGRESS, 330, "2025-12-03"),
    ]


def test_a_name_is_found_however_it_is_spaced_on_every_store(store):
    """The key a name is compared by is computed before the question is sent: Virtuoso's own
    REPLACE could not remove a space from a Korean name in these queries (it found nothing)."""

    def timeline(law: str) -> list[tuple]:
        rows = ask(store, "law-timeline", law=law).rows
        return [(r["date"], r["document"], r["line"]) for r in rows]

    assert len(timeline("석유화학 특별법")) == 3
    spaced = timeline("석유화학 특별법")
    assert spaced == timeline("석유화학특별법") == timeline(" 석유 화학\t특별법")

    def documents(entity: str) -> set[str]:
        return {r["document"] for r in ask(store, "documents-mentioning", entity=entity).rows}

    assert documents("영 암") == documents("영암") != set()


def test_contradiction_is_in_the_data_quality_report_with_both_lines(store):
    found = [f for f in stored_findings(store) if f.kind == "contradictory-dates"]
    petro = [f for f in found if "석유화학산업" in f.message]
    assert len(petro) == 1
    assert (petro[0].document, petro[0].lines) == (PROGRESS, (152, 330))


def test_mention_shape_rejects_a_mention_without_its_item():
    import rdflib
    from pyshacl import validate as shacl

    from policykg.model.vocab import shapes_text

    shapes = rdflib.Graph().parse(data=shapes_text(), format="turtle")
    broken = rdflib.Graph().parse(
        format="turtle",
        data="""
        @prefix pk: <https://w3id.org/policykg/ontology#> .
        <urn:x:m> a pk:Mention ; pk:mentionOf <urn:x:law> .""",
    )
    conforms, _, text = shacl(broken, shacl_graph=shapes, inference="none")
    assert not conforms and "mentionIn" in text
