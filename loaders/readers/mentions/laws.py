"""Laws a line names, and dated statements about them.

* laws in 「」 or ｢｣ (``「대외무역법」``, also when broken over lines: :func:`join_wrapped_quotes`),
  plain forms (``대외무역법 개정``, ``석유화학 특별법``, ``美 반도체법``) and plain repeats of a
  name the same document brackets elsewhere (:func:`bracketed_laws`); tails of longer or
  coordinated names are not laws; curated aliases (``data/reference/laws.json``) map a short name
  to its law, so one law is one IRI everywhere;
* dated statements about a law (``제정(2025년 12월 30일)``, ``국회 통과('25.12)``) as
  ``pk:Event`` nodes (``pk:concerns`` the law, ``pk:action``, ``pk:date``); a statement dated
  after the document, or worded as a plan, is marked ``pk:reading "planned"``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pyoxigraph import NamedNode

from policykg.loaders.readers.dates import read_dates
from policykg.loaders.readers.mentions.writer import LawEvent, MentionWriter, overlaps
from policykg.model import iri
from policykg.model.numbering import CIRCLED_DIGIT, ROMAN_GLYPH
from policykg.model.text import clean_title
from policykg.model.vocab import PK
from policykg.reference.curated import canonical_law, law_key

_BRACKET_LAW = re.compile(r"[「｢]\s*(?:\^\{[^}]*\})?([^」｣「｢\n]{2,60}?)\s*\*?\s*[」｣]")
_PLAIN_LAW = re.compile(
    r"(?<![가-힣A-Za-z0-9])([가-힣A-Za-z0-9]{2,25}법)"
    r"(?=(?:을|를|이|가|에|의|은|는|도|과|와|상)?(?:[\s,.)*」→]|$|개정|제정|시행))"
)
_SPACED_SPECIAL = re.compile(r"(?<![가-힣])([가-힣]{1,7}[^\W된한는은을를의인할될이가]\s특별법)")
_LAW_END = re.compile(r"(?:특별법|법률|법)$")
# A bare law-type word is the tail of a longer name broken by spacing or a line end, not a law.
_NOT_LAWS = {
    "특별법",
    "개정법",
    "제정법",
    "관련법",
    "동법",
    "본법",
    "모법",
    "보호법",
    "촉진법",
    "관리법",
    "기본법",
    "사업법",
    "진흥법",
    "육성법",
    "지원법",
    "안전법",
    "특례법",
    "조치법",
    "처벌법",
    "통상법",
    "기술법",
}
# Words ending in 법 that are methods or legal notions, not statutes.
# (Not 화법, 적법: 안정화법, 활성화법, 산업집적법 are statutes.)
_NOT_LAW_ENDINGS = (
    "방법",
    "기법",
    "공법",
    "불법",
    "해법",
    "입법",
    "수법",
    "문법",
    "요법",
    "편법",
    "용법",
    "사법",
    "위법",
    "합법",
    "작법",
    "평가법",
    "분석법",
    "측정법",
    "시험법",
    "제조법",
    "실험법",
    "계산법",
    "해석법",
    "설계법",
)
# A name made only of generic words ("안전관리법", "국제통상법") is a tail or a field of law.
_GENERIC_ONLY = re.compile(
    r"^(?:국제|통상|관리|안전|지원|촉진|육성|진흥|보호|특례|기본|사업|조치|"
    r"처벌|기술|관련|개정|제정)+(?:특별법|법)$"
)
# "반도체·과학법", "전기·생활·어린이제품안전법": the tail of a coordinated name is not a law.
_COORDINATED = re.compile(r"[가-힣A-Za-z][·‧ㆍ]$")
# A foreign jurisdiction printed before a plain name is part of it ("美 반도체법", "EU 배터리법").
_JURISDICTION = re.compile(r"(?:^|(?<=[\s(,*]))(美|EU|中|日|英|佛|獨|미국|유럽|중국|일본)\s?$")
# An item ("□ 최근 EU는 …") whose subject is a foreign jurisdiction: its plain law names, on its
# lines and footnotes up to the next item, are that jurisdiction's ("EU 탄소중립산업법").
_ITEM_START = re.compile(rf"^\s*(?:[□ㅇ○●■◦]|\d{{1,2}}\.|{ROMAN_GLYPH}+\.?|{CIRCLED_DIGIT})\s*")
_FOREIGN_SUBJECT = re.compile(
    r"^\s*[□ㅇ○●■◦]\s*(?:\([^)]*\)\s*)?(?:최근\s*)?"
    r"(美|EU|中|日|미국|유럽|중국|일본)(?:은|는|이|가)\s"
)
# The noun printed just before "<word> 특별법" ("고준위 방사성폐기물 특별법") belongs to it unless
# it ends like a particle or a verb; before any plain name, a modifier in -형 does ("지능형
# 로봇법").
_NAME_WORD_BEFORE = re.compile(r"(?:^|(?<=[^가-힣]))([가-힣]{2,7})\s$")
_NOT_NAME_WORD_END = re.compile(
    r"[된한는은을를의인할될이가에로서며고해등및라여면게아어나도와과중후께또]$"
)
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
_GENERIC_PREFIX = {
    "관리",
    "안전",
    "안정화",
    "활성화",
    "지원",
    "촉진",
    "육성",
    "강화",
    "위하여",
    "위한",
    "관한",
    "조성",
    "진흥",
    "보호",
    "특례",
    "기본",
    "관련",
    "별도",
    "제정",
    "개정",
}
_ACTION = re.compile(r"국회\s*통과|제정|개정|시행(?!령|규칙)|발의|공포|통과")
# A statement about the law's decrees or a draft ("수소법 시행령 …", "「…법」 하위법령 제정",
# "…법 개정안 마련 ‘24.4월") is not a statement about the law itself.
_NOT_ABOUT_THE_LAW = re.compile(
    r"\s*(?:전면\s*|일부\s*)?(?:시행령|시행규칙|하위\s*(?:법령|행정규칙)|"
    r"(?:제|개|제개)정안)"
)
_PLANNED = re.compile(r"^\S{0,4}\s*(?:추진|예정|계획|중(?:\s|$|입)|할|하겠|될)")


def law(w: MentionWriter, printed: str, line: int) -> NamedNode:
    name = canonical_law(w.short_forms.get(law_key(printed), printed))
    node = iri.law(law_key(name))
    w.named(node, PK.Law, name, printed, line)
    w.mention(node, line)
    return node


def law_event(w: MentionWriter, law: NamedNode, text: str, start: int, end: int, line: int) -> None:
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
    before, after = text[cut + 2 if cut >= 0 else 0 : start], text[end : end + 40]
    nxt = re.search(r"[「｢]", after)
    after = after[: nxt.start()] if nxt else after
    act = _ACTION.search(after[:30])
    if act:
        act_text, act_end = act.group(0), end + act.end()
    else:
        prior = list(_ACTION.finditer(before[-20:]))
        if not prior:
            return
        act_text, act_end = prior[-1].group(0), end
    # read past the window so that a date it cuts ("‘24.12월") is not read as another ("‘24.1")
    dates = [
        d
        for d in read_dates(text[end : act_end + 40])
        if d.end <= act_end + 25 - end
        and not text[end + d.end : end + d.end + 2].startswith("까지")
    ]
    date = dates[0] if dates else None
    if date is None:
        prior_dates = read_dates(before)
        date = prior_dates[-1] if prior_dates else None
    if date is None:
        return
    planned = bool(_PLANNED.match(text[act_end : act_end + 12])) or w.after_document(date)
    action = re.sub(r"\s+", " ", act_text)
    w.event(law, action, date, line, f"{action} {date.printed}", planned)
    w.events.append(LawEvent(law, action, date, planned, line))


def read_laws(
    w: MentionWriter, text: str, line: int, known: Sequence[str], abroad: str | None = None
) -> None:
    """The laws named on a line; ``abroad`` is the jurisdiction of the item it belongs to."""
    if "법" not in text:  # every law name ends in 법 or 법률 (see is_law): most lines have none
        return
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, str]] = []
    for m in _BRACKET_LAW.finditer(text):
        name = _bracket_name(m.group(1))
        if is_law(name):
            found.append((m.start(), m.end(), name))
            taken.append((m.start(), m.end()))
    for name in known:
        if name not in text:  # most known names are on no given line: skip the regex
            continue
        for m in re.finditer(re.escape(name), text):
            if not overlaps(taken, m.start(), m.end()):
                found.append((m.start(), m.end(), name))
                taken.append((m.start(), m.end()))
    for pattern in (_SPACED_SPECIAL, _PLAIN_LAW):
        for m in pattern.finditer(text):
            name = clean_title(m.group(1))
            if name.split()[0] in _GENERIC_PREFIX and len(name.split()) > 1:
                continue
            if (
                _COORDINATED.search(text, 0, m.start())
                or overlaps(taken, m.start(), m.end())
                or (_IN_PARENS.search(text, 0, m.start()) and _METHOD_NOTE.match(text, m.end()))
            ):
                continue
            start, name = _extend_plain(text, m.start(), name, pattern is _SPACED_SPECIAL, abroad)
            if is_law(name):
                found.append((start, m.end(), name))
                taken.append((start, m.end()))
    for start, end, name in sorted(found):
        node = law(w, name, line)
        law_event(w, node, text, start, end, line)


def is_law(name: str) -> bool:
    name = name.strip()
    bare = name.replace(" ", "")
    return (
        bool(_LAW_END.search(name))
        and bare not in _NOT_LAWS
        and not _GENERIC_ONLY.match(bare)
        and not name.endswith(_NOT_LAW_ENDINGS)
        and len(bare) >= 3
    )


def _bracket_name(quoted: str) -> str:
    """The law name inside 「…」: spacing collapsed, editorial marks and a trailing 제정/개정
    dropped."""
    return re.sub(r"\s*(?:제정|개정)$", "", clean_title(_EDIT_MARK.sub("", quoted)))


def _extend_plain(
    text: str, start: int, name: str, special: bool, abroad: str | None = None
) -> tuple[int, str]:
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
    if m and (
        m.group(1).endswith("형")
        or (
            special
            and m.group(1) not in _GENERIC_PREFIX
            and not _NOT_NAME_WORD_END.search(m.group(1))
        )
    ):
        start, name = m.start(1), f"{m.group(1)} {name}"
    return start, f"{abroad} {name}" if abroad else name


def item_jurisdiction(text: str, current: str | None) -> str | None:
    """The foreign jurisdiction of the item a line belongs to, given the previous line's."""
    if not _ITEM_START.match(text):
        return current
    m = _FOREIGN_SUBJECT.match(text)
    return m.group(1) if m else None


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
        parts: list[tuple[int, int]] = []
        j = i + 1
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
    opening = _OPEN.search(text)
    assert opening is not None  # the caller found the opening quote on line i
    if len(joined) - opening.start() > longest:
        return
    out[i] = joined
    for k, end in parts:
        out[k] = " " * end + out[k][end:]


def bracketed_laws(lines: Sequence[str]) -> list[str]:
    """Law names a document writes in 「」 or ｢｣ somewhere, longest first."""
    names = {_bracket_name(m.group(1)) for text in lines for m in _BRACKET_LAW.finditer(text)}
    return sorted((n for n in names if is_law(n) and " " in n), key=len, reverse=True)
