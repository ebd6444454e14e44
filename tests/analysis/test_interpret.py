"""The question box: rules that read a question, and their precision and recall on the phrasings
written by hand (``tests/data/phrasings.tsv``; ``phrasings-holdout.tsv`` was written after the
rules were settled). Run with ``-s`` to see the measure:

    python3 -m pytest tests/analysis/test_interpret.py -s -k precision
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from policykg import PolicyGraph
from policykg.analysis.interpret import Interpreter
from policykg.analysis.search import SearchIndex
from policykg.model import iri
from tests.support.graph_fixtures import synthetic_store
from tests.support.paths import ROOT

PHRASINGS = ROOT / "tests" / "data" / "phrasings.tsv"
HOLDOUT = ROOT / "tests" / "data" / "phrasings-holdout.tsv"
SUCCESSIONS = [("MOTIE", "MOTIR"), ("ME", "MCEE")]


def _read(path) -> list[tuple[str, str | None, dict[str, str]]]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, name, params = line.split("\t")
        out.append((text, None if name == "-" else name, dict(parse_qsl(params))))
    return out


def measure(graph: PolicyGraph, cases) -> dict[str, object]:
    """Precision (right answers among the questions the box understood) and recall (right answers
    among the phrasings that have one); a phrasing with no answer is right when the box says so."""
    right = answered = answerable = 0
    misses = []
    for text, name, params in cases:
        got = graph.interpret(text)
        answered += got.question is not None
        answerable += name is not None
        correct = got.question == name and (name is None or got.params == params)
        right += correct and name is not None
        if not correct:
            misses.append((text, got.question, got.params, name, params))
    return {
        "phrasings": len(cases),
        "precision": right / answered if answered else 0.0,
        "recall": right / answerable if answerable else 0.0,
        "misses": misses,
    }


@pytest.fixture(scope="module")
def corpus(built_store) -> PolicyGraph:
    return PolicyGraph.open(built_store[0])


@pytest.mark.parametrize("path", [PHRASINGS, HOLDOUT], ids=["phrasings", "holdout"])
def test_precision_and_recall_on_the_phrasings(corpus, path):
    cases = _read(path)
    if path == PHRASINGS:
        assert len(cases) >= 80
        assert {n for _t, n, _p in cases} >= {
            "budgets-for-agenda",
            "budget-cut",
            "tasks-by-cooperation",
            "agenda-coverage",
            "task-budget",
            "program-uses",
            "law-timeline",
            "documents-mentioning",
            None,
        }
    got = measure(corpus, cases)
    print(
        f"\n{path.name}: {got['phrasings']} phrasings, precision {got['precision']:.3f}, "
        f"recall {got['recall']:.3f}"
    )
    for miss in got["misses"]:
        print("  miss:", miss)
    assert got["precision"] >= 0.95 and got["recall"] >= 0.9, got["misses"]


@pytest.fixture(scope="module")
def small() -> Interpreter:
    """The rules on the synthetic plan, with the 2025 reorganisation's successions."""
    store = synthetic_store()
    successions = [(iri.agency(a).value, iri.agency(b).value) for a, b in SUCCESSIONS]
    return Interpreter(SearchIndex.from_store(store), successions, {2022}, [2023, 2024])


@pytest.mark.parametrize(
    "text, question, params",
    [
        ("국정과제 20-1 예산", "budgets-for-agenda", {"agenda": "20-1", "scheme": "2022"}),
        ("국정 과제 20 - 1 의 2023년도 예산", "budgets-for-agenda", {"year": "2023"}),
        ("3231 30% 삭감", "budget-cut", {"program": "3231", "cut": "0.3"}),
        ("3231 사업 3할 감액", "budget-cut", {"cut": "0.3"}),
        ("cut 3231 by 0.15", "budget-cut", {"cut": "0.15"}),
        ("3231 삭감하면", "budget-cut", {"cut": "0.3"}),  # no size said: the default, said so
        ("I-2-1 예산", "task-budget", {"task": "I-2-1"}),
        ("Ⅰ-2-① 예산", "task-budget", {"task": "I-2-1"}),
        ("1234는 어떤 과제가 써", "program-uses", {"program": "1234"}),
        # a short name both ministries carry matches across the reorganisation
        ("산업부와 환경부 협업", "tasks-by-cooperation", {"a1": "MOTIE", "successors": "yes"}),
        # the old names alone do not
        ("산업통상자원부 환경부 협업", "tasks-by-cooperation", {"successors": "no"}),
        # the new name: its predecessor counts too
        ("산업통상부 기획재정부", "tasks-by-cooperation", {"a1": "MOTIR", "successors": "yes"}),
        ("기후에너지환경뷰 기획재정부 같이", "tasks-by-cooperation", {"a1": "MCEE"}),  # a typo
        ("ME and MOEF", "tasks-by-cooperation", {"a1": "ME", "a2": "MOEF"}),
    ],
)
def test_rules(small, text, question, params):
    got = small.interpret(text)
    assert got.question == question, (text, got)
    assert params.items() <= got.params.items(), (text, got.params)
    assert got.understood and got.understood_en
    assert got.url == f"/answers/{question}?" + "&".join(f"{k}={v}" for k, v in got.params.items())


@pytest.mark.parametrize("text", ["me and you", "국정과제 99 예산", "9999년", "산업", ""])
def test_what_maps_to_nothing(small, text):
    got = small.interpret(text)
    assert got.question is None and got.params == {} and got.url is None
    assert got.understood


def test_default_cut_is_said(small):
    assert "비율을 말하지 않아" in small.interpret("3231 삭감").understood
