"""How alike two strings are: :mod:`difflib`'s ratio, computed once per pair of strings and
skipped where a cheap upper bound already shows it falls short of what the caller needs.
``cydifflib`` computes it (a compiled port of difflib, the same values, 2.5 times faster).

The loaders align printed titles and indicator names by similarity, tens of thousands of times per
plan; most pairs are either asked again or far from the best match so far. A ``floor`` says which
values matter: below it an upper bound of the ratio (itself below ``floor``) may be returned.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from cydifflib import SequenceMatcher
from rapidfuzz.distance import Indel

from policykg.model.text import compare_key

_CACHE = 1 << 16


def ratio(a: str, b: str, floor: float = 0.0) -> float:
    """``SequenceMatcher(None, a, b, autojunk=False).ratio()``, or a bound below ``floor``.

    The bound (from the longest common subsequence, see :func:`_bound`) is never below the
    ratio: a value under ``floor`` may be that bound.
    """
    if floor > 0 and (bound := _bound(a, b)) < floor:
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
    for bound, b in sorted(((_bound(a, b), b) for b in others), reverse=True):
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


def _bound(a: str, b: str) -> float:
    """An upper bound of the ratio: twice the longest common subsequence over the lengths.

    difflib's matching blocks are a common subsequence of the two strings, so they match at
    most as many letters as the longest one (computed in C++ by rapidfuzz, ~100× faster than
    the ratio). It is computed as difflib computes the ratio, so that where the two are equal
    they are the same float.
    """
    size = len(a) + len(b)
    if not size:
        return 1.0
    longest = (size - Indel.distance(a, b)) // 2
    return 2.0 * longest / size


@lru_cache(maxsize=_CACHE)
def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@lru_cache(maxsize=_CACHE)
def _key(text: str) -> str:
    return compare_key(text)
