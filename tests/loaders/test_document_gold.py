"""The four shorter documents against their hand-verified gold (``tests/data/gold/documents/``):
precision at least 97% and recall at least 95% per entity type and document.

``python -m tests.support.document_gold`` prints the table with every miss and every extra.
"""

from __future__ import annotations

import json

import pytest

from policykg.model.text import name_key
from tests.support.document_gold import TYPES, gold_files, score_document
from tests.support.paths import SOURCES

PRECISION, RECALL = 0.97, 0.95


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.stem)
def test_precision_and_recall_per_entity_type(path):
    scores = score_document(path)
    assert {"strategies", "laws", "amounts", "regions", "agencies", "agenda"} <= set(scores)
    for kind, s in scores.items():
        assert s.precision >= PRECISION, f"{path.stem} {kind}: extra {s.wrong}"
        assert s.recall >= RECALL, f"{path.stem} {kind}: missed {s.missed}"


def test_the_gold_covers_four_documents_with_whole_sections_in_them():
    files = gold_files()
    assert len(files) == 4
    kinds = set()
    for path in files:
        gold = json.loads(path.read_text("utf-8"))
        lines = (SOURCES / gold["document"]).read_text("utf-8").split("\n")
        sections = [s["lines"] for s in gold["sections"]]
        assert sections and all(1 <= a <= b <= len(lines) for a, b in sections)
        for kind in TYPES:
            for entry in gold.get(kind, []):
                if "line" in entry:
                    assert any(a <= entry["line"] <= b for a, b in sections), (path.stem, entry)
                kinds.add(kind)
        for s in gold["strategies"]:  # each name is printed on its line (spacing aside)
            printed = s.get("printed", s["name"])
            assert name_key(printed) in name_key(lines[s["line"] - 1]), (path.stem, s)
    assert kinds >= {"strategies", "laws", "amounts", "regions", "agencies", "agenda", "projects"}
