"""Timing helpers and the example parameters every benchmark asks the named questions with."""

from __future__ import annotations

import statistics
import time

from policykg.analysis.questions import Answer, ask

EXAMPLES = {
    "agenda-coverage": {"task": "30"},
    "budgets-for-agenda": {"agenda": "20"},
    "documents-mentioning": {"entity": "대외무역법"},
    "law-timeline": {"law": "기업활력법"},
    "program-uses": {"program": "3231"},
    "task-budget": {"task": "I-1-1"},
    "tasks-by-cooperation": {"a1": "MOTIE", "a2": "ME"},
}


def examples(mode: str = "copies") -> dict[str, dict[str, str]]:
    """The example values of a scale run's ``mode``: ``copies``, those of the main run (the
    figures stay comparable with earlier runs); ``national``, the same questions about what the
    first plan holds — MOTIE's plan moved to the last year, which serves that year's agenda list
    and prints that year's budget; the law is one the plan itself dates (the events of the other
    documents are not in a synthetic store). Every answer is then non-empty at N = 1 and grows
    only with the plans that concern it."""
    if mode == "copies":
        return EXAMPLES
    from .synthetic import NATIONAL_LAST_YEAR, agenda_list_year

    year = str(NATIONAL_LAST_YEAR)
    scheme = str(agenda_list_year(NATIONAL_LAST_YEAR, national=True))
    return EXAMPLES | {
        "agenda-coverage": {"task": "20", "scheme": scheme},
        "budgets-for-agenda": {"agenda": "20", "scheme": scheme, "year": year},
        "law-timeline": {"law": "분산에너지활성화특별법"},
        "program-uses": {"program": "3231", "year": year},
    }


def answered(store, name: str, params: dict) -> Answer:
    """``ask`` with its summary read, as every page and route reads it (``Answer.summary`` is
    computed when first read): what the benchmarks time as a question's answer."""
    answer = ask(store, name, **params)
    _ = answer.summary
    return answer


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn, reps: int) -> dict:
    fn()  # warm-up
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return {"p50": statistics.median(samples), "p95": percentile(samples, 0.95)}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"
