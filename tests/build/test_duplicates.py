"""Likely duplicate laws and strategies in the corpus store, for a person to confirm, and one
label per law and strategy."""

from __future__ import annotations

import itertools

from policykg.build.duplicates import (
    Named,
    _law_candidates,
    _law_pair,
    _strategy_candidates,
    _strategy_pair,
    likely_duplicates,
)
from policykg.cli.main import main


def pairs(store) -> dict[frozenset[str], str]:
    return {
        frozenset({d.first.name, d.second.name}): d.reason
        for d in likely_duplicates(store)
        if d.second is not None
    }


def test_validate_lists_names_the_rules_cannot_join(store):
    found = pairs(store)
    # the plan's l.182/184: a law whose name is another's with words in front; and one that
    # abbreviates another (l.11612, l.12382): a person decides (the first pair are two laws)
    assert "with '지방분권' in front" in found[frozenset({"균형발전법", "지방분권균형발전법"})]
    assert "abbreviates" in found[frozenset({"유통법", "유통산업발전법"})]
    # an edition of a series is not the series: 제11차 전력수급기본계획 / 전력수급기본계획
    assert not any("전력수급기본계획" in p for pair in found for p in pair)


def test_confirmed_pairs_are_one_entity_and_not_listed(store):
    found = pairs(store)
    for confirmed in (
        {"자율 제조 기술로드맵", "AI 자율 제조 기술 로드맵"},
        {"분산법", "분산에너지활성화특별법"},
        {"미래차부품법", "미래자동차부품산업법"},
    ):
        assert frozenset(confirmed) not in found
    rows = store.select(
        """SELECT ?alt WHERE { ?law a pk:Law ; rdfs:label "미래자동차부품산업법"@ko ;
                                    skos:altLabel ?alt }"""
    )
    assert {r["alt"].value for r in rows} >= {"미래차부품법", "미래차부품산업법"}


def test_every_law_and_strategy_has_one_label(store):
    rows = store.select(
        """SELECT ?e (COUNT(DISTINCT ?label) AS ?n) WHERE {
             VALUES ?cls { pk:Law pk:Strategy } ?e a ?cls ; rdfs:label ?label .
             FILTER(LANG(?label) = "ko")
           } GROUP BY ?e HAVING (COUNT(DISTINCT ?label) > 1)"""
    )
    assert rows == []
    assert not [d for d in likely_duplicates(store) if d.second is None]


def test_validate_prints_the_list(built_store, capsys):
    assert main(["--store", str(built_store[0]), "validate"]) == 0
    out = capsys.readouterr().out
    assert "Likely duplicates to confirm:" in out
    assert "균형발전법" in out and "data/reference/laws.json" in out


def test_the_pairs_looked_at_hold_every_pair_the_rules_accept():
    # the candidates come from indexes of the names (a store of many plans has tens of thousands
    # of laws): each pair that comparing every law (strategy) with every other accepts is there
    laws = [
        Named(f"l{i}", "law", [name])
        for i, name in enumerate(
            ["분산법", "분산에너지활성화특별법", "자원안보특별법", "국가자원안보특별법",
             "美 인플레이션감축법", "인플레이션감축법", "유통법", "유통산업발전법", "산업법",
             "국가자원안보특별법"]
        )
    ]  # fmt: skip
    strategies = [
        Named("s0", "strategy", ["AI 자율 제조 기술 로드맵"]),
        Named("s1", "strategy", ["자율 제조 기술로드맵"]),
        Named("s2", "strategy", ["첨단전략산업 기본계획 수립"], months={"2023-05"}),
        Named("s3", "strategy", ["첨단전략산업 기본계획 이행"], months={"2023-05"}),
        Named("s6", "strategy", ["첨단전략산업 기본계획 점검"], months={"2024-01"}),
        Named("s4", "strategy", ["제11차 전력수급기본계획"]),
        Named("s5", "strategy", ["전력수급기본계획"]),
    ]
    for group, candidates, rule in (
        (laws, _law_candidates, _law_pair),
        (strategies, _strategy_candidates, _strategy_pair),
    ):
        accepted = {
            (i, j)
            for i, j in itertools.combinations(range(len(group)), 2)
            if rule(group[i], group[j])
        }
        assert len(accepted) >= 2 and accepted <= candidates(group)
