"""The shared similarity: difflib's ratio exactly, bounds only below the floor the caller gives."""

from __future__ import annotations

from difflib import SequenceMatcher

import pytest

from policykg.loaders.readers.similarity import best_ratio, best_similarity, ratio, similarity
from policykg.model.text import compare_key


def _exact(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@pytest.fixture(scope="module")
def keys(plan_lines) -> list[str]:
    """Keys of titles and names as the plan prints them: a stretch of its lines (3100..3160)."""
    return [k for k in (compare_key(t) for t in plan_lines[3099:3160]) if k]


def test_ratio_is_difflibs_ratio_in_its_argument_order(keys):
    pairs = [(a, b) for a in keys[:20] for b in keys[20:40]]
    assert any(_exact(a, b) != _exact(b, a) for a, b in pairs)  # the order matters
    assert [ratio(a, b) for a, b in pairs] == [_exact(a, b) for a, b in pairs]
    assert ratio("", "") == 1.0 and ratio("가", "") == 0.0


@pytest.mark.parametrize("floor", [0.3, 0.5, 0.8, 1.5])
def test_below_the_floor_only_a_bound_below_the_floor(keys, floor):
    bounded = 0
    for a in keys[:15]:
        for b in keys[15:45]:
            got, exact = ratio(a, b, floor), _exact(a, b)
            if exact >= floor:
                assert got == exact
            else:
                assert exact <= got < floor
                bounded += got != exact
    assert bounded  # some pairs were only bounded


@pytest.mark.parametrize("floor", [0.0, 0.4, 0.7, 1.2])
def test_best_ratio_is_the_highest_ratio_where_it_reaches_the_floor(keys, floor):
    for a in keys[:25]:
        top = max(_exact(a, b) for b in keys[25:50])
        got = best_ratio(a, keys[25:50], floor)
        assert got == top if top >= floor else top <= got < floor
    assert best_ratio("가나", []) == 0.0


def test_title_similarity_ignores_spacing_and_middle_dots():
    a, b = "첨단‧주력산업  경쟁력 강화", "첨단·주력산업 경쟁력강화를 위한 지원"
    assert similarity(a, b) == _exact(compare_key(a), compare_key(b))
    assert similarity("첨단‧주력산업", "첨단 · 주력산업") == 1.0
    assert best_similarity(a, ["무관한 제목", b], 0.5) == similarity(a, b)
