"""``policykg build --strict``: a build with problems is refused and the store stays as it was."""

from __future__ import annotations

import shutil

import pytest

from policykg.build.pipeline import build, build_parsed, bundled_sources
from policykg.cli.main import main
from policykg.model import iri
from policykg.model.errors import StrictBuildError
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.model.vocab import PK
from policykg.store.policy_store import PolicyStore

DOC = "motie-2024-02-new-industrial-policy-2.0.txt"


def _documents(store) -> set[str]:
    rows = store.select("SELECT DISTINCT ?d WHERE { ?d a pk:Document }")
    return {r["d"].value.rsplit("/", 1)[-1] for r in rows}


@pytest.fixture()
def sources(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(bundled_sources() / DOC, folder / DOC)
    return folder


def test_a_clean_corpus_builds_strictly(sources, tmp_path, capsys):
    assert (
        main(["--store", str(tmp_path / "s"), "build", "--sources", str(sources), "--strict"]) == 0
    )
    assert _documents(PolicyStore.open(tmp_path / "s")) == {DOC[:-4]}


def test_an_unrecognised_document_refuses_a_strict_build_and_keeps_the_store(
    sources, tmp_path, capsys
):
    store = tmp_path / "s"
    build(sources, store)
    (sources / "notes.txt").write_text("회의 메모\n다음 주 일정\n", "utf-8")
    assert main(["--store", str(store), "build", "--sources", str(sources), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "strict build refused" in err and "notes" in err
    assert _documents(PolicyStore.open(store)) == {DOC[:-4]}
    # without --strict the same sources build, the unknown document reported as a finding
    report = build(sources, store)
    assert any(f.kind == "unrecognised-document" and f.document == "notes" for f in report.findings)


def test_an_error_finding_is_named_with_its_document_and_line(tmp_path):
    b = GraphBuilder(SourceInfo("broken-plan"), ["첫 줄", "둘째 줄", "셋째 줄"])
    b.entity(iri.task("I-1-1", "broken"), PK.ManagementTask, lines=1, code="I-1-1")
    b.finding(
        "budget-table-outside-task",
        "a budget table outside every task section",
        line=3,
        severity="error",
    )
    with pytest.raises(StrictBuildError) as caught:
        build_parsed([b.result()], tmp_path / "s", strict=True)
    assert "broken-plan:3: [budget-table-outside-task]" in str(caught.value)
    assert not (tmp_path / "s" / "current").exists()
    # the same parse builds without --strict, the error kept as a finding
    report = build_parsed([b.result()], tmp_path / "s")
    assert [f.severity for f in report.findings] == ["error"]
