"""Entity mentions in a policy document, each tied to the policy item and line it appears on.

What is recognised, line by line:

* laws in 「」 or ｢｣ (``「대외무역법」``, also when broken over lines: ``join_wrapped_quotes``),
  plain forms (``대외무역법 개정``, ``석유화학 특별법``, ``美 반도체법``) and plain repeats of a
  name the same document brackets elsewhere; tails of longer or coordinated names are not laws;
  curated aliases (``data/reference/laws.json``) map a short name to its law, so one law is one
  IRI everywhere;
* dated statements about a law (``제정(2025년 12월 30일)``, ``국회 통과('25.12)``) as
  ``pk:Event`` nodes (``pk:concerns`` the law, ``pk:action``, ``pk:date``); a statement dated
  after the document, or worded as a plan, is marked ``pk:reading "planned"``;
* strategies and plans: quoted names ending in 전략/방안/대책/로드맵/…, ``▶ name(22.7)`` lists and
  ``name('25.11)``, each dated one also as an announcement event;
* money figures (``8,146억원``, ``5.5조원``, ``200억불``) as ``pk:AmountFigure`` with value, unit,
  won amount and the year or period printed next to them;
* agencies through the date-aware registry (``policykg.reference.agencies``), regions and industries
  through the curated gazetteers.

Each mention is a ``pk:Mention`` (``pk:mentionOf`` the entity, ``pk:mentionIn`` the item) and the
item ``pk:mentions`` the entity, with the line as provenance.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from pyoxigraph import Literal, NamedNode

from policykg.model import iri
from policykg.reference.agencies import registry
from policykg.reference.curated import GazetteerEntry, canonical_law, industries, law_key, regions
from policykg.model.records import GraphBuilder, decimal, integer, year
from policykg.model.text import clean_title, search_key
from policykg.model.vocab import PK

from policykg.loaders.readers.dates import DateReading, amounts, read_dates
from policykg.loaders.readers.document_meta import day

ItemAt = Callable[[int], NamedNode]

_BRACKET_LAW = re.compile(r"[「｢]\s*(?:\^\{[^}]*\})?([^」｣「｢\n]{2,60}?)\s*\*?\s*[」｣]")
_PLAIN_LAW = re.compile(r"(?<![가-힣A-Za-z0-9])([가-힣A-Za-z0-9]{2,25}법)"
                        r"(?=(?:을|를|이|가|에|의|은|는|도|과|와|상)?(?:[\s,.)*」→]|$|개정|제정|시행))")
_SPACED_SPECIAL = re.compile(r"(?<![가-힣])([가-힣]{1,7}[^\W된한는은을를의인할될이가]\s특별법)")
_LAW_END = re.compile(r"(?:특별법|법률|법)$")
# A bare law-type word is the tail of a longer name broken by spacing or a line end, not a law.
_NOT_LAWS = {"특별법", "개정법", "제정법", "관련법", "동법", "본법", "모법", "보호법", "촉진법",
             "관리법", "기본법", "사업법", "진흥법", "육성법", "지원법", "안전법", "특례법", "조치법",
             "처벌법", "통상법", "기술법"}
# Words ending in 법 that are methods or legal notions, not statutes.
# (Not 화법, 적법: 안정화법, 활성화법, 산업집적법 are statutes.)
_NOT_LAW_ENDINGS = ("방법", "기법", "공법", "불법", "해법", "입법", "수법", "문법",
                    "요법", "편법", "용법", "사법", "위법", "합법", "작법", "평가법", "분석법",
                    "측정법", "시험법", "제조법", "실험법", "계산법", "해석법", "설계법")
# A name made only of generic words ("안전관리법", "국제통상법") is a tail or a field of law.
_GENERIC_ONLY = re.compile(r"^(?:국제|통상|관리|안전|지원|촉진|육성|진흥|보호|특례|기본|사업|조치|"
                           r"처벌|기술|관련|개정|제정)+(?:특별법|법)$")
# "반도체·과학법", "전기·생활·어린이제품안전법": the tail of a coordinated name is not a law.
_COORDINATED = re.compile(r"[가-힣A-Za-z][·‧ㆍ]$")
# A foreign jurisdiction printed before a plain name is part of it ("美 반도체법", "EU 배터리법").
_JURISDICTION = re.compile(r"(?:^|(?<=[\s(,*]))(美|EU|中|日|英|佛|獨|미국|유럽|중국|일본)\s?$")
# An item ("□ 최근 EU는 …") whose subject is a foreign jurisdiction: its plain law names, on its
# lines and footnotes up to the next item, are that jurisdiction's ("EU 탄소중립산업법").
_ITEM_START = re.compile(r"^\s*(?:[□ㅇ○●■◦]|\d{1,2}\.|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\.?|[①-⑳])\s*")
_FOREIGN_SUBJECT = re.compile(r"^\s*[□ㅇ○●■◦]\s*(?:\([^)]*\)\s*)?(?:최근\s*)?"
                              r"(美|EU|中|日|미국|유럽|중국|일본)(?:은|는|이|가)\s")
# The noun printed just before "<word> 특별법" ("고준위 방사성폐기물 특별법") belongs to it unless it
# ends like a particle or a verb; before any plain name, a modifier in -형 does ("지능형 로봇법").
_NAME_WORD_BEFORE = re.compile(r"(?:^|(?<=[^가-힣]))([가-힣]{2,7})\s$")
_NOT_NAME_WORD_END = re.compile(r"[된한는은을를의인할될이가에로서며고해등및라여면게아어나도와과중후께또]$")
# "(음암법에 의한 … 간이측정 방법)": a …법 inside a parenthesis describing a method is one.
_IN_PARENS = re.compile(r"\([^()]*$")
_METHOD_NOTE = re.compile(r"[^()]*방법\s*\)")
# Editorial marks inside a quoted name ("공급망 안정화(추가)를 위한"): not part of it.
_EDIT_MARK = re.compile(r"\s*\((?:추가|신설|삭제|개정)\)")
# An opening 「 or ｢ not closed on its line; any opening; the first closing.
_OPEN = re.compile(r"[「｢][^」｣]*$")
_OPEN_ANY = re.compile(r"[「｢]")
_CLOSE = re.compile(r"[」｣]")
# Words that end a longer name ("…공급망 안정화 특별법") rather than name a law with 특별법.
_GENERIC_PREFIX = {"관리", "안전", "안정화", "활성화", "지원", "촉진", "육성", "강화", "위하여", "위한",
                   "관한", "조성", "진흥", "보호", "특례", "기본", "관련", "별도", "제정", "개정"}
_ACTION = re.compile(r"국회\s*통과|제정|개정|시행(?!령|규칙)|발의|공포|통과")
# A statement about the law's decrees or a draft ("수소법 시행령 …", "「…법」 하위법령 제정",
# "…법 개정안 마련 ‘24.4월") is not a statement about the law itself.
_NOT_ABOUT_THE_LAW = re.compile(r"\s*(?:전면\s*|일부\s*)?(?:시행령|시행규칙|하위\s*(?:법령|행정규칙)|"
                                r"(?:제|개|제개)정안)")
_PLANNED = re.compile(r"^\S{0,4}\s*(?:추진|예정|계획|중(?:\s|$|입)|할|하겠|될)")
_STRATEGY_WORDS = r"(?:전략(?:\(안\))?|방안|대책|로드맵|추진방향|정책방향|마스터플랜|기본계획)"
_QUOTED_STRATEGY = re.compile(r"[「｢‘'“]([^」｣’'”「｢‘“\n]{2,50}?" + _STRATEGY_WORDS +
                              r")\*?[」｣’'”]")
_LISTED_STRATEGY = re.compile(r"▶\s*([^▶\n(]{2,50}?)\s*\((\d{2})\.(\d{1,2})\)")
_DATED_STRATEGY = re.compile(r"(?:^|[*,:▶]\s*|\s및\s)([^*,:▶()'‘’「」｢｣\n]{2,30}?" +
                             _STRATEGY_WORDS + r")\s*\(\s*['‘’](\d{2})\.\s*(\d{1,2})\)")
_STRATEGY_ACTION = re.compile(r"발표|수립|마련|제시|확정")
_STRATEGY_HINT = re.compile("▶|" + _STRATEGY_WORDS)  # in every line that names a strategy
# Where a plain dated name starts: after the sentence subject or object ("…을 "), or after an
# apposition naming what it is ("종합 대책인 전력계통 혁신대책").
_PLAIN_NAME_START = re.compile(r"^[\s\-*•]+|(?<=[가-힣])[은는을를]\s+|(?<=대책|전략|방안|계획)인\s+")
_PROGRAM = re.compile(r"['‘]([^'’‘\n]{2,40}?(?:사업|프로그램|펀드|R&D|기금))['’]\s*(\([^)]*\))")
_TAGGED_PROGRAM = re.compile(r"\(([^()\n]{2,20}(?:사업|프로그램|펀드|기금))\)\s*")
_REGION_NEXT = ("시", "도", "군", "권", "에", "의", "은", "는", "이", "가", "을", "를", "와", "과",
                "로", "지역", "산단", "산업", "국가", "혁신", "형")


@dataclass(frozen=True)
class LawEvent:
    """A dated statement about a law, as read from one line."""

    law: NamedNode
    action: str
    date: DateReading
    planned: bool
    line: int


class MentionWriter:
    """Writes mentions of one document; ``item_at(line)`` gives the item a line belongs to."""

    def __init__(self, builder: GraphBuilder, item_at: ItemAt, on_date: str | None) -> None:
        self.b = builder
        self.item_at = item_at
        self.on_date = on_date
        self.events: list[LawEvent] = []

    def mention(self, entity: NamedNode, line: int) -> None:
        item = self.item_at(line)
        node = iri.mention(self.b.source.stem, line, entity)
        self.b.entity(node, PK.Mention, lines=line)
        self.b.add(node, PK.mentionOf, entity)
        self.b.add(node, PK.mentionIn, item)
        self.b.add(node, PK.document, self.b.doc)
        self.b.link(item, PK.mentions, entity, lines=line)

    # -- laws
    def law(self, printed: str, line: int) -> NamedNode:
        name = canonical_law(printed)
        node = iri.law(law_key(name))
        self.b.entity(node, PK.Law, lines=line, label=name)
        if law_key(printed) != law_key(name):
            self.b.alt_label(node, printed, lines=line)
        self.mention(node, line)
        return node

    def law_event(self, law: NamedNode, text: str, start: int, end: int, line: int) -> None:
        """A dated statement about the law named at ``text[start:end]``, if the line makes one.

        The action (제정, 개정, 국회 통과, …) is the first one within 30 characters after the
        name (or the last one just before it: "제정된 「…법」"); the date is the first one after
        the name up to just past the action, skipping deadlines ("…까지"), else the last date
        earlier in the same sentence ("2026년 3월 17일 「대미 투자특별법」 제정"). A name followed
        by its decrees or a draft ("시행령", "하위법령", "개정안") makes no statement about the law.
        """
        if _NOT_ABOUT_THE_LAW.match(text, end):
            return
        cut = text.rfind("다.", 0, start)
        before, after = text[cut + 2 if cut >= 0 else 0:start], text[end:end + 40]
        nxt = re.search(r"[「｢]", after)
        after = after[:nxt.start()] if nxt else after
        act = _ACTION.search(after[:30])
        act_text, act_end = (act.group(0), end + act.end()) if act else (None, end)
        if not act:
            prior = list(_ACTION.finditer(before[-20:]))
            if not prior:
                return
            act_text = prior[-1].group(0)
        # read past the window so that a date it cuts ("‘24.12월") is not read as another ("‘24.1")
        dates = [d for d in read_dates(text[end:act_end + 40]) if d.end <= act_end + 25 - end
                 and not text[end + d.end:end + d.end + 2].startswith("까지")]
        date = dates[0] if dates else None
        if date is None:
            prior_dates = read_dates(before)
            date = prior_dates[-1] if prior_dates else None
        if date is None:
            return
        planned = bool(_PLANNED.match(text[act_end:act_end + 12])) or self._after_document(date)
        action = re.sub(r"\s+", " ", act_text)
        self.event(law, action, date, line, f"{action} {date.printed}", planned)
        self.events.append(LawEvent(law, action, date, planned, line))

    def event(self, subject: NamedNode, action: str, date: DateReading, line: int, label: str,
              planned: bool) -> NamedNode:
        """A dated event of a law or strategy, stated or planned as of the document's date."""
        node = iri.event(subject.value, action, date.iso, self.b.source.stem, line)
        self.b.entity(node, PK.Event, lines=line, label=label)
        self.b.link(node, PK.concerns, subject, lines=line)
        self.b.add(node, PK.action, Literal(action))
        self.b.add(node, PK.date, Literal(date.iso))
        self.b.add(node, PK.valueText, Literal(date.printed))
        self.b.add(node, PK.reading, Literal("planned" if planned else "stated"))
        return node

    def laws(self, text: str, line: int, known: Sequence[str], abroad: str | None = None) -> None:
        """The laws named on a line; ``abroad`` is the jurisdiction of the item it belongs to."""
        if "법" not in text:  # every law name ends in 법 or 법률 (see _is_law): most lines have none
            return
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, int, str]] = []
        for m in _BRACKET_LAW.finditer(text):
            name = _bracket_name(m.group(1))
            if _is_law(name):
                found.append((m.start(), m.end(), name))
                taken.append((m.start(), m.end()))
        for name in known:
            if name not in text:  # most known names are on no given line: skip the regex
                continue
            for m in re.finditer(re.escape(name), text):
                if not _overlaps(taken, m.start(), m.end()):
                    found.append((m.start(), m.end(), name))
                    taken.append((m.start(), m.end()))
        for pattern in (_SPACED_SPECIAL, _PLAIN_LAW):
            for m in pattern.finditer(text):
                name = clean_title(m.group(1))
                if name.split()[0] in _GENERIC_PREFIX and len(name.split()) > 1:
                    continue
                if (_COORDINATED.search(text, 0, m.start()) or _overlaps(taken, m.start(), m.end())
                        or _IN_PARENS.search(text, 0, m.start()) and _METHOD_NOTE.match(text, m.end())):
                    continue
                start, name = _extend_plain(text, m.start(), name, pattern is _SPACED_SPECIAL,
                                            abroad)
                if _is_law(name):
                    found.append((start, m.end(), name))
                    taken.append((start, m.end()))
        for start, end, name in sorted(found):
            node = self.law(name, line)
            self.law_event(node, text, start, end, line)

    # -- strategies
    def strategy(self, name: str, line: int, date: DateReading | None, action: str) -> None:
        name = clean_title(name)
        node = iri.strategy(search_key(name))
        self.b.entity(node, PK.Strategy, lines=line, label=name)
        self.mention(node, line)
        if date:
            self.event(node, action, date, line, f"{name} {action} {date.printed}",
                       self._after_document(date))

    def _after_document(self, date: DateReading) -> bool:
        return bool(self.on_date) and date.iso[:len(self.on_date)] > self.on_date

    def strategies(self, text: str, line: int) -> None:
        if not _STRATEGY_HINT.search(text):  # what each of the patterns below needs
            return
        taken: list[tuple[int, int]] = []
        for m in _LISTED_STRATEGY.finditer(text):
            d = DateReading(f"{2000 + int(m.group(2))}-{int(m.group(3)):02d}",
                            f"({m.group(2)}.{m.group(3)})", m.start(2), m.end(3))
            self.strategy(m.group(1), line, d, "발표")
            taken.append((m.start(), m.end()))
        for m in _DATED_STRATEGY.finditer(text):
            if _overlaps(taken, m.start(1), m.end(1)):
                continue
            d = DateReading(f"{2000 + int(m.group(2))}-{int(m.group(3)):02d}",
                            m.group(0)[m.group(0).index("("):], m.start(2), m.end(3))
            self.strategy(_PLAIN_NAME_START.split(m.group(1))[-1], line, d, "발표")
            taken.append((m.start(1), m.end(1)))
        for m in _QUOTED_STRATEGY.finditer(text):
            if _overlaps(taken, m.start(1), m.end(1)):
                continue
            after = text[m.end():m.end() + 30]
            act = _STRATEGY_ACTION.search(after[:20])
            dates = [d for d in read_dates(after)
                     if d.start <= 2 or (act and act.end() <= d.start <= act.end() + 3)]
            if not dates:
                before = text[max(0, m.start() - 16):m.start()]
                dates = [d for d in read_dates(before) if d.end >= len(before) - 2][-1:]
            self.strategy(m.group(1), line, dates[0] if dates else None,
                          act.group(0) if act else "발표")
            taken.append((m.start(1), m.end(1)))

    # -- figures, agencies, places and industries
    def figures(self, text: str, line: int) -> None:
        programs = [(m.start(2), m.end(2), m.group(1)) for m in _PROGRAM.finditer(text)]
        programs += [(m.end(), m.end() + 1, m.group(1)) for m in _TAGGED_PROGRAM.finditer(text)]
        for a in amounts(text):
            node = iri.amount_figure(self.b.source.stem, line, f"{a.start}:{a.printed}")
            when = f" ({a.year})" if a.year else f" ({a.period})" if a.period else ""
            name = next((n for s, e, n in programs if s <= a.start < e), None)
            label = f"{clean_title(name)}: {a.printed}{when}" if name else a.printed + when
            self.b.entity(node, PK.AmountFigure, lines=line, label=label)
            self.b.add(node, PK.amountText, Literal(a.printed))
            self.b.add(node, PK.value, decimal(a.value))
            self.b.add(node, PK.unit, Literal(a.unit))
            if a.krw is not None:
                self.b.add(node, PK.amountKRW, integer(a.krw))
            if a.year:
                self.b.add(node, PK.fiscalYear, year(a.year))
            if a.period:
                self.b.add(node, PK.period, Literal(a.period))
            self.mention(node, line)

    def agencies(self, text: str, line: int) -> None:
        for m in registry().find_mentions(text, day(self.on_date)):
            self.mention(m.agency.iri, line)

    def gazetteer(self, text: str, line: int, entries: Sequence[GazetteerEntry],
                  cls: NamedNode, mint: Callable[[str], NamedNode], bounded: bool) -> None:
        for entry in entries:
            if any(_accept(text, name, entry.exclude, bounded) for name in entry.names):
                node = mint(entry.key)
                self.b.entity(node, cls, lines=line, label=entry.label)
                self.mention(node, line)


def _any_name(entries: Sequence[GazetteerEntry]) -> re.Pattern:
    """Finds any name of the gazetteer ``entries`` in a line."""
    return re.compile("|".join(re.escape(n) for e in entries for n in e.names) or "(?!)")


def _accept(text: str, name: str, exclude: Sequence[str], bounded: bool) -> bool:
    if name not in text:
        return False
    for m in re.finditer(re.escape(name), text):
        if any(text.find(x, max(0, m.start() - len(x)), m.end() + len(x)) >= 0 for x in exclude):
            continue
        if not bounded:
            return True
        prev = text[m.start() - 1] if m.start() else " "
        rest = text[m.end():]
        if _is_hangul(prev):
            continue
        if not rest or not _is_hangul(rest[0]) or rest.startswith(_REGION_NEXT):
            return True
    return False


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def _is_law(name: str) -> bool:
    name = name.strip()
    bare = name.replace(" ", "")
    return (bool(_LAW_END.search(name)) and bare not in _NOT_LAWS
            and not _GENERIC_ONLY.match(bare)
            and not name.endswith(_NOT_LAW_ENDINGS) and len(bare) >= 3)


def _bracket_name(quoted: str) -> str:
    """The law name inside 「…」: spacing collapsed, editorial marks and a trailing 제정/개정 dropped."""
    return re.sub(r"\s*(?:제정|개정)$", "", clean_title(_EDIT_MARK.sub("", quoted)))


def _extend_plain(text: str, start: int, name: str, special: bool,
                  abroad: str | None = None) -> tuple[int, str]:
    """A plain name with what the text prints just before it that belongs to the name.

    A foreign jurisdiction ("美 반도체법"); a modifier in -형 ("지능형 로봇법"); before
    "<word> 특별법", the noun before it ("고준위 방사성폐기물 특별법") unless that word ends like
    a particle or a verb or is a generic word. A name with no jurisdiction printed takes the
    item's (``abroad``).
    """
    m = _JURISDICTION.search(text, 0, start)
    if m:
        return m.start(1), f"{m.group(1)} {name}"
    m = _NAME_WORD_BEFORE.search(text, 0, start)
    if m and (m.group(1).endswith("형") or special and m.group(1) not in _GENERIC_PREFIX
              and not _NOT_NAME_WORD_END.search(m.group(1))):
        start, name = m.start(1), f"{m.group(1)} {name}"
    return start, f"{abroad} {name}" if abroad else name


def item_jurisdiction(text: str, current: str | None) -> str | None:
    """The foreign jurisdiction of the item a line belongs to, given the previous line's."""
    if not _ITEM_START.match(text):
        return current
    m = _FOREIGN_SUBJECT.match(text)
    return m.group(1) if m else None


def _overlaps(taken: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)


def join_wrapped_quotes(lines: Sequence[str], reach: int = 3, longest: int = 80) -> list[str]:
    """The lines with a 「…」 or ｢…｣ broken over lines joined onto the line that opens it.

    A line whose last opening bracket is not closed takes the next lines (up to ``reach``
    non-blank ones, blank lines skipped) up to the first closing bracket, if none of them opens
    another and the quote is a name (at most ``longest`` characters, not a quoted passage); a
    space joins the parts only where the first part ends with one ("산업피해 " / "구제에 관한
    법률」", but "산업기술혁신" / "촉진법」"). The joined text is blanked out of the lines it came
    from, so its tail ("석유대체연료사업법」") is not read a second time.
    """
    out = list(lines)
    for i in range(len(out)):
        text = out[i]
        if _OPEN.search(text) is None:
            continue
        parts, j = [], i + 1
        while j < len(lines) and len(parts) < reach:
            nxt = out[j]
            if nxt.strip():
                close = _CLOSE.search(nxt)
                opened = _OPEN_ANY.search(nxt)
                if opened and (close is None or opened.start() < close.start()):
                    break
                parts.append((j, close.end() if close else len(nxt)))
                if close:
                    _join(out, i, parts, longest)
                    break
            j += 1
    return out


def _join(out: list[str], i: int, parts: list[tuple[int, int]], longest: int) -> None:
    """Join ``out[k][:end]`` of each part onto line ``i``, if the quote stays a name."""
    text = out[i]
    joined, spaced = text.rstrip(), text[-1:].isspace()
    for k, end in parts:
        piece = out[k][:end]
        joined += (" " if spaced else "") + piece.strip()
        spaced = piece[-1:].isspace()
    if len(joined) - _OPEN.search(text).start() > longest:
        return
    out[i] = joined
    for k, end in parts:
        out[k] = " " * end + out[k][end:]


def bracketed_laws(lines: Sequence[str]) -> list[str]:
    """Law names a document writes in 「」 or ｢｣ somewhere, longest first."""
    names = {_bracket_name(m.group(1)) for text in lines for m in _BRACKET_LAW.finditer(text)}
    return sorted((n for n in names if _is_law(n) and " " in n), key=len, reverse=True)


KINDS = ("laws", "strategies", "figures", "agencies", "regions", "industries")


def extract_mentions(builder: GraphBuilder, item_at: ItemAt, on_date: str | None,
                     lines: range | None = None, kinds: Sequence[str] = KINDS) -> list[LawEvent]:
    """Write the mentions of the document's lines (all, or ``lines``); return the law events.

    ``kinds`` limits what is looked for (a loader that reads agencies its own way can pass
    ``("laws", "strategies")``); ``item_at(line)`` names the item each mention belongs to.
    """
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown mention kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
    w = MentionWriter(builder, item_at, on_date)
    quoted = join_wrapped_quotes(builder.lines)
    known = bracketed_laws(quoted)
    # most lines name no region or industry: one search finds whether a line names any
    region_names, industry_names = _any_name(regions()), _any_name(industries())
    abroad: str | None = None
    for n in lines or range(1, len(builder.lines) + 1):
        text = builder.lines[n - 1]
        if not text.strip():
            continue
        abroad = item_jurisdiction(text, abroad)
        if "laws" in kinds:
            w.laws(quoted[n - 1], n, known, abroad)
        if "strategies" in kinds:
            w.strategies(quoted[n - 1], n)
        if "figures" in kinds:
            w.figures(text, n)
        if "agencies" in kinds:
            w.agencies(text, n)
        if "regions" in kinds and region_names.search(text):
            w.gazetteer(text, n, regions(), PK.Region, iri.region, bounded=True)
        if "industries" in kinds and industry_names.search(text):
            w.gazetteer(text, n, industries(), PK.Industry, iri.industry, bounded=False)
    return w.events
