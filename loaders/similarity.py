"""How alike two strings are: :mod:`difflib`'s ratio, computed once per pair of strings and
skipped where a cheap upper bound already shows it falls short of what the caller needs.

The loaders align printed titles and indicator names by similarity, tens of thousands of times per
plan; most pairs are either asked again or far from the best match so far. A ``floor`` says which
values matter: below it an upper bound of the ratio (itself below ``floor``) may be returned.
"""
from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from policykg.text import compare_key

_CACHE = 1 << 16


def ratio(a: str, b: str, floor: float = 0.0) -> float:
    """``SequenceMatcher(None, a, b, autojunk=False).ratio()``, or a bound below ``floor``.

    The bounds (from the lengths, as difflib's ``real_quick_ratio``, and from the letters the two
    have in common) are never below the ratio: a value under ``floor`` may be one of them.
    """
    if floor > 0 and (bound := _bound(a, b, floor)) < floor:
        return bound
    return _ratio(a, b)


def best_ratio(a: str, others: Iterable[str], floor: float = 0.0) -> float:
    """The highest :func:`ratio` of ``a`` to one of ``others`` (0 for none).

    Exact when it reaches ``floor``; below it, an upper bound of the highest ratio that is itself
    below ``floor`` (1 when ``floor`` is above 1). The pairs are tried from the highest bound
    down, until no bound left can beat the best so far.
    """
    if floor > 1:
        return 1.0
    best = 0.0
    for bound, b in sorted(((_bound(a, b, floor), b) for b in others), reverse=True):
        if bound < max(best, floor):
            return max(best, bound)
        best = max(best, _ratio(a, b))
    return best


def similarity(a: str, b: str, floor: float = 0.0) -> float:
    """How alike two titles are (0..1), ignoring spacing and middle-dot variants.

    Below ``floor`` a cheap upper bound may be returned instead of the exact ratio.
    """
    return ratio(_key(a), _key(b), floor)


def best_similarity(a: str, others: Iterable[str], floor: float = 0.0) -> float:
    """The highest :func:`similarity` of title ``a`` to one of ``others`` (0 for none), exact
    when it reaches ``floor`` (see :func:`best_ratio`)."""
    return best_ratio(_key(a), map(_key, others), floor)


def _bound(a: str, b: str, floor: float) -> float:
    """An upper bound of the ratio: from the lengths, and where that reaches ``floor``, from the
    letters in common.

    A letter of one string missing from the other is never matched, so at most
    ``len(a) - (letters of a not in b)`` letters match (the same from ``b``).
    """
    size = len(a) + len(b)
    if not size:
        return 1.0
    if (bound := 2 * min(len(a), len(b)) / size) < floor:
        return bound
    la, lb = _letters(a), _letters(b)
    shared = len(la & lb)
    return 2 * min(len(a) - len(la) + shared, len(b) - len(lb) + shared) / size


@lru_cache(maxsize=_CACHE)
def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@lru_cache(maxsize=_CACHE)
def _key(text: str) -> str:
    return compare_key(text)


@lru_cache(maxsize=_CACHE)
def _letters(key: str) -> frozenset[str]:
    return frozenset(key)
