"""The named questions give the rows their texts before the scale rewrite gave
(tests/data/questions-before; tests/support/question_rewrites.py compares every parameter value:
`python3 -m tests.support.question_rewrites --store DIR`). Here a sample of every question's
parameter values, on the corpus store."""

from __future__ import annotations

import itertools

import pytest

from policykg.model.errors import QueryError
from tests.support.question_rewrites import differences, old_answer, parameter_sets

SAMPLE = 12  # parameter sets per question (every one of a question with fewer)


def _sample(store) -> list[tuple[str, dict]]:
    by_question: dict[str, list[dict]] = {}
    for name, params in parameter_sets(store, pairs="cooperating"):
        by_question.setdefault(name, []).append(params)
    out = []
    for name, sets in sorted(by_question.items()):
        step = max(1, len(sets) // SAMPLE)
        out += [(name, p) for p in itertools.islice(sets, 0, None, step)]
    return out


def test_every_question_answers_as_its_text_before_the_rewrite(store):
    from policykg.analysis.questions import ask

    compared: dict[str, int] = {}
    rows = 0
    for name, params in _sample(store):
        try:
            old = old_answer(store, name, **params)
        except QueryError as exc:  # Virtuoso 7.2 cannot compile the old text with VALUES
            if "sparp_find_origin_of_external_var" not in str(exc):
                raise
            continue
        found, _, _ = differences(ask(store, name, **params), old)
        assert not found, (name, params, found)
        compared[name] = compared.get(name, 0) + 1
        rows += len(old.rows)
    assert len(compared) >= 6 and sum(compared.values()) > 60 and rows > 200, compared


@pytest.mark.parametrize(
    "name, params, rows",
    [
        ("agenda-coverage", {"task": "20", "scheme": "2022"}, 11),
        ("budgets-for-agenda", {"agenda": "20"}, 85),
        ("program-uses", {"program": "3231"}, 11),
        ("task-budget", {"task": "I-1-1"}, 15),
    ],
)
def test_the_examples_keep_their_answers(store, name, params, rows):
    from policykg.analysis.questions import ask

    new, old = ask(store, name, **params), old_answer(store, name, **params)
    assert len(new.rows) == rows and not differences(new, old)[0]
