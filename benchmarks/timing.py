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
