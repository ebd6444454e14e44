"""The on-disk store: generations swapped atomically, a failed build keeps the previous store."""

from __future__ import annotations

import shutil

import pytest

from policykg.build.pipeline import build
from policykg.model.errors import SourceParseError, StoreError
from policykg.store.policy_store import PolicyStore
from tests.support.paths import PLAN

TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _plan_only(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(PLAN, src / PLAN.name)
    return src


def test_store_missing_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="policykg build"):
        PolicyStore.open(tmp_path / "nothing")


def test_failed_build_leaves_previous_store_intact(tmp_path):
    src = _plan_only(tmp_path)
    root = tmp_path / "store"
    build(src, root)
    before = int(PolicyStore.open(root).select(TRIPLES)[0]["n"].value)
    generation = (root / "current").resolve()
    assert before > 0

    (src / "broken.txt").write_bytes("성과목표 관리과제\n".encode() + "국정".encode("cp949"))
    with pytest.raises(SourceParseError) as err:
        build(src, root)
    assert "broken.txt:2" in str(err.value)

    assert (root / "current").resolve() == generation
    after = int(PolicyStore.open(root).select(TRIPLES)[0]["n"].value)
    assert after == before
    assert [p.name for p in root.glob("gen-*")] == [generation.name]


def test_rebuild_swaps_generation_and_old_readers_keep_working(tmp_path):
    src = _plan_only(tmp_path)
    root = tmp_path / "store"
    build(src, root)
    reader = PolicyStore.open(root)
    first = (root / "current").resolve()
    build(src, root)
    second = (root / "current").resolve()
    assert first != second
    assert int(reader.select(TRIPLES)[0]["n"].value) == int(
        PolicyStore.open(root).select(TRIPLES)[0]["n"].value
    )


def test_queries_see_the_union_of_named_graphs(store):
    graphs = store.graphs()
    assert "https://w3id.org/policykg/ontology" in graphs
    assert "https://w3id.org/policykg/id/doc/motie-2024-performance-plan" in graphs
    rows = store.select("SELECT ?label WHERE { pk:ManagementTask rdfs:label ?label }")
    assert {r["label"].value for r in rows} >= {"관리과제", "Management task"}


def test_bindings_are_substituted_not_spliced(store):
    evil = '" } ?s ?p ?o { "'
    rows = store.select("SELECT ?code ?t WHERE { ?t pk:code ?code }", {"code": evil})
    assert rows == []
