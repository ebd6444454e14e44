"""Strategies and plans a line names, each dated one also as an announcement event.

Quoted names ending in 전략/방안/대책/로드맵/…, ``▶ name(22.7)`` lists and ``name('25.11)``; a
strategy's date is read right after its name, or right after the action that follows it
(``을 발표(2025년 8월 20일)``).
"""

from __future__ import annotations

import re

from policykg.loaders.readers.dates import DateReading, read_dates
from policykg.loaders.readers.mentions.writer import MentionWriter, overlaps
from policykg.model import iri
from policykg.model.text import clean_title, search_key
from policykg.model.vocab import PK

_STRATEGY_WORDS = r"(?:전략(?:\(안\))?|방안|대책|로드맵|추진방향|정책방향|마스터플랜|기본계획)"
_QUOTED_STRATEGY = re.compile(
    r"[「｢‘'“]([^」｣’'”「｢‘“\n]{2,50}?" + _STRATEGY_WORDS + r")\*?[」｣’'”]"
)
_LISTED_STRATEGY = re.compile(r"▶\s*([^▶\n(]{2,50}?)\s*\((\d{2})\.(\d{1,2})\)")
_DATED_STRATEGY = re.compile(
    r"(?:^|[*,:▶]\s*|\s및\s)([^*,:▶()'‘’「」｢｣\n]{2,30}?"
    + _STRATEGY_WORDS
    + r")\s*\(\s*['‘’](\d{2})\.\s*(\d{1,2})\)"
)
_STRATEGY_ACTION = re.compile(r"발표|수립|마련|제시|확정")
_STRATEGY_HINT = re.compile("▶|" + _STRATEGY_WORDS)  # in every line that names a strategy
# Where a plain dated name starts: after the sentence subject or object ("…을 "), or after an
# apposition naming what it is ("종합 대책인 전력계통 혁신대책").
_PLAIN_NAME_START = re.compile(
    r"^[\s\-*•]+|(?<=[가-힣])[은는을를]\s+|(?<=대책|전략|방안|계획)인\s+"
)


def strategy(w: MentionWriter, name: str, line: int, date: DateReading | None, action: str) -> None:
    name = clean_title(name)
    node = iri.strategy(search_key(name))
    w.b.entity(node, PK.Strategy, lines=line, label=name)
    w.mention(node, line)
    if date:
        w.event(node, action, date, line, f"{name} {action} {date.printed}", w.after_document(date))


def read_strategies(w: MentionWriter, text: str, line: int) -> None:
    if not _STRATEGY_HINT.search(text):  # what each of the patterns below needs
        return
    taken: list[tuple[int, int]] = []
    for m in _LISTED_STRATEGY.finditer(text):
        d = DateReading(
            f"{2000 + int(m.group(2))}-{int(m.group(3)):02d}",
            f"({m.group(2)}.{m.group(3)})",
            m.start(2),
            m.end(3),
        )
        strategy(w, m.group(1), line, d, "발표")
        taken.append((m.start(), m.end()))
    for m in _DATED_STRATEGY.finditer(text):
        if overlaps(taken, m.start(1), m.end(1)):
            continue
        d = DateReading(
            f"{2000 + int(m.group(2))}-{int(m.group(3)):02d}",
            m.group(0)[m.group(0).index("(") :],
            m.start(2),
            m.end(3),
        )
        strategy(w, _PLAIN_NAME_START.split(m.group(1))[-1], line, d, "발표")
        taken.append((m.start(1), m.end(1)))
    for m in _QUOTED_STRATEGY.finditer(text):
        if overlaps(taken, m.start(1), m.end(1)):
            continue
        after = text[m.end() : m.end() + 30]
        act = _STRATEGY_ACTION.search(after[:20])
        dates = [
            d
            for d in read_dates(after)
            if d.start <= 2 or (act and act.end() <= d.start <= act.end() + 3)
        ]
        if not dates:
            before = text[max(0, m.start() - 16) : m.start()]
            dates = [d for d in read_dates(before) if d.end >= len(before) - 2][-1:]
        strategy(w, m.group(1), line, dates[0] if dates else None, act.group(0) if act else "발표")
        taken.append((m.start(1), m.end(1)))
