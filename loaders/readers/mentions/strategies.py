"""Strategies and plans a line names, each dated one also as an announcement event.

A name ends in a plan word (전략, 방안, 대책, 계획, 로드맵, 마스터플랜, 추진방향, 정책방향) and is
recognised by its structure:

* *marked* names (:func:`marked_names`, also read in the performance plan): in quotes or
  brackets (``「팹리스 산업 경쟁력 강화방안」``, ``'**권역별 성장엔진 육성계획**'``), with a date
  inside the quotes (``‘산업 R&D 혁신방안(2026년 1월)’``) or 전략 outside them (``'5극 3특 성장엔진
  육성' 전략``); a 「name」 that is announced (``「AI 시대의 新 산업정책」 수립``); the document's
  own 「name」 and its other versions (``「新산업정책1.0」`` in the 「新산업정책2.0」 strategy); in
  【…】 (``【미래 성장동력 확충 및 무역구조 혁신전략 주요 내용】``); after ▣ as a title; in ▶ lists
  with a date (``▶ name(22.7)``); followed by a date (``name('25.11)``, ``(11차
  전력수급기본계획, '24.上)``). A quoted name after a company (``소자기업의 ‘공정기술 개발
  로드맵’``) is the company's own roadmap, not a government strategy.
* *plain* names (:func:`read_plain_strategies`): a title line naming its issuer (``01. 탄소소재
  융복합 산업 종합 발전전략 (산업통상자원부)``); in prose before an announcing verb (``…
  위성통신기술 발전전략을 올 상반기 마련할 계획``), of at least two words, not one of a family
  (``분과별로 AX 확산 전략``, ``업종별 전략``) nor of generic words only (``산업 지원 방안``); a
  descriptive name whose footnote gives the name (``친환경 철자원 대책*`` / ``* 「철자원
  산업육성 방안」: …``); and any marked name of the document printed again (spacing, middle dots
  and a 제 before an ordinal ignored).

The issuer is the agency the text names with it: first in a parenthesis after it in its sentence
(``(과기정통부, 제13차 정보통신전략위원회, 2.18)``, ``… 종합 발전전략 (산업통상자원부)``), or the
subject of the sentence announcing it (``산업통상자원부는 … 실행계획을 발표``). A strategy's date
is read inside its quotes, right after its name, or right after the action that follows it
(``을 발표(2025년 8월 20일)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from policykg.loaders.readers.dates import DateReading, read_dates
from policykg.loaders.readers.document_meta import day
from policykg.loaders.readers.mentions.writer import MentionWriter, overlaps
from policykg.model import iri
from policykg.model.text import clean_title, name_key
from policykg.model.vocab import PK
from policykg.reference.agencies import registry
from policykg.reference.curated import canonical_strategy

PLAN_WORD = r"(?:전략(?:\s?\(안\))?|방안|대책|계획|로드맵|마스터플랜|추진방향|정책방향)"
_NAME_END = re.compile(PLAN_WORD + r"$")
_MARKUP = re.compile(r"\*\*|\^\{[^}]*\}")
_QUOTED = re.compile(
    r"(?P<open>[「｢‘'“])(?P<name>[^」｣’'”「｢‘“\n]{2,60}?)\*{0,3}"
    r"(?:\s?(?P<date>\([^()]{2,16}\)))?\*{0,2}(?P<close>[」｣’'”])"
    r"(?P<outside>\s?전략(?=[\s,.)]|$|[을를이가은는의에과와도]))?"
)
_LISTED = re.compile(r"▶\s*([^▶\n(]{2,50}?)\s*\((\d{2})\.(\d{1,2})\)")
_DATED = re.compile(
    r"(?:^|[*,:▶(]\s*|\s및\s)([^*,:▶()'‘’「」｢｣\n]{2,30}?"
    + PLAN_WORD
    + r")(?:\s및\s(?![^,()]*"
    + PLAN_WORD
    + r"\s*\()[^,()]{1,15})?\s*(?P<when>(?:\(\s*|,\s*)['‘’](\d{2})\.\s*(\d{1,2}|上|下)\))"
)
_LENTICULAR = re.compile(
    r"【\s*([^【】\n]{2,60}?" + PLAN_WORD + r")(?:\s+(?:주요\s?)?(?:내용|논의|개요|요약))?\s*】"
)
_BOXED = re.compile(r"^\s*-?\s*▣\s*([^\n()]{2,60}?" + PLAN_WORD + r")\s*$")
_TITLE = re.compile(
    r"^\s*(?:\d{1,2}\.?\s+)?([^\s()][^()\n]{2,60}?" + PLAN_WORD + r")\s*\(([^()]{2,20})\)\s*$"
)
_ANNOUNCE = r"(?:발표|수립|마련|제시|확정|상정|공표|추진)"
_ANNOUNCED = re.compile(r"\s?(?:을|를|이|가|도)?\s?(?:\S{1,6}\s){0,2}?" + _ANNOUNCE)
_LISTED_OBJECT = re.compile(r"\s?(?:을|를),")
# an item of an enumerated list of documents: ②CPTPP 대비 제도개선 방안(수산보조금·디지털통상 분야)
_ENUMERATED = re.compile(r"[①-⑳]\s?([^①-⑳,()]{2,50}?" + PLAN_WORD + r")(?=\s?[(,]|\s*$)")
_BRACKET_ANNOUNCED = re.compile(r"\s?(?:을|를|이|가|도)?\s?(?:수립|발표|마련|확정|제시)")
_COMPANY = re.compile(r"(?:기업|社)의\s?$")
_NOT_PLAN = re.compile(r"(?:법|법률|회의|사업|펀드|제도|위원회|센터)$")
_ACTION = re.compile(r"발표|수립|마련|제시|확정|상정")
_HINT = re.compile("▶|【|▣|" + PLAN_WORD + "|[「｢]")
# a prose name: words before a plan word; a bare 계획 ends a name only when joined to its word
# (실행계획, 육성계획: "생산 계획 발표" is any plan)
_PLAIN = re.compile(
    r"(?P<name>[^\s,()'‘’“”「」｢｣<>]+(?:\s[^\s,()'‘’“”「」｢｣<>]+){0,7}?\s?[가-힣A-Za-z&]*"
    + r"(?:전략(?:\s?\(안\))?|방안|대책|(?<=[가-힣])계획|로드맵|마스터플랜|추진방향|정책방향)"
    + r")(?P<mark>\*+)?(?=\s?(?:을|를|이|가|도)?[\s,])"
)
# a word that ends a prose name from the left: a particle or verb ending, a conjunction, a mark
_STOP_WORD = re.compile(
    r"(?:[은는을를이가에의로와과도서며고면여해게한운된던될할록]|위한|통한|따른|대한|관한|내|중|후|간|및|등"
    r"|이상|이하|미만|초과|규모|수준|중심|\d[\d,.]*[조억만]?원"
    r"|[▶▲■□○●◆◇•※*\-–→⇒➔①-⑳])$"
)
_NOT_STOP = {"국가", "제도", "성과", "참여", "결과", "효과", "평가", "부가"}
_GENERIC = {
    "산업", "지원", "추진", "관련", "세부", "종합", "대응", "개선", "강화", "활성화", "이행",
    "정부", "기본", "실행", "시행", "후속", "해당", "동", "이", "그", "각", "향후", "신규",
    "중장기", "장기", "단기", "공동", "별도", "구체", "전체", "대규모", "주요", "각종", "투자",
    "정책", "사업", "개발", "전반",
}  # fmt: skip
_FOOTNOTE = re.compile(r"^\s*-?\s*\*+\s*[「｢]([^」｣]{2,60})[」｣]\s*:")
_SUBJECT = re.compile(r"(?:\([^()]{0,12}\))?(?:은|는|이|가)\s")
_PARTICLE = re.compile(r"(?:을|를|이|가|은|는|의|에|과|와|도|인|으로|로|상)")
_VERSION = re.compile(r"\d+(?:\.\d+)*$")
_SENTENCE_BREAK = re.compile(r"다\.\s*|\.\s")


@dataclass(frozen=True)
class Found:
    """A strategy name found on a line: ``start``..``end`` of the line, the name as printed."""

    start: int
    end: int
    name: str
    date: DateReading | None = None
    action: str = "발표"
    issuer_from: int | None = None  # where to look for an issuer in parentheses
    printed: str | None = None  # the form printed, when the name is given by a footnote


@dataclass
class StrategyNames:
    """The strategy names of one document: the marked ones (printed again plainly, they are
    mentions too) and the document's own names (its title's 「name」)."""

    known: dict[str, str] = field(default_factory=dict)  # name key -> name as first printed
    own: list[str] = field(default_factory=list)
    _pattern: re.Pattern | None = None

    def add(self, name: str) -> None:
        if name_key(name) not in self.known:
            self.known[name_key(name)] = name
            self._pattern = None

    def pattern(self) -> re.Pattern | None:
        """Any known name, on a line with its spacing and middle dots taken out
        (:meth:`find`); a 제 before an ordinal may be left out."""
        if self._pattern is None and self.known:
            keys = sorted(self.known, key=len, reverse=True)
            self._pattern = re.compile("|".join(map(_ordinal_optional, keys)), re.IGNORECASE)
        return self._pattern

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        """Where known names stand on ``text``: spacing and middle dots ignored, not inside a
        word. The names are looked for on the line without them (one literal search of all
        names: a pattern with a gap between each two letters takes long to compile)."""
        pattern = self.pattern()
        if pattern is None:
            return
        kept = [m.start() for m in _LETTER.finditer(text)]
        squeezed = "".join(text[i] for i in kept)
        pos = 0
        while m := pattern.search(squeezed, pos):
            start = kept[m.start()]
            if start and _WORD_CHAR.match(text[start - 1]):
                pos = m.start() + 1  # the name is inside a word: a later one may start within
                continue
            yield start, kept[m.end() - 1] + 1
            pos = m.end()

    def own_version(self, name: str) -> str | None:
        """The document's own name of which ``name`` is a version (itself included)."""
        stem = _VERSION.sub("", name_key(name))
        return next((o for o in self.own if stem and _VERSION.sub("", name_key(o)) == stem), None)


_LETTER = re.compile(r"[^\s·ㆍ‧]")  # what is not spacing or a middle dot
_WORD_CHAR = re.compile(r"[가-힣A-Za-z0-9]")


def _ordinal_optional(key: str) -> str:
    if re.match(r"제\d", key):  # a 제 before an ordinal may be left out: 11차 전력수급기본계획
        return "(?:제)?" + re.escape(key[1:])
    return re.escape(key)


def strategy(
    w: MentionWriter,
    printed: str,
    line: int,
    date: DateReading | None = None,
    action: str = "발표",
    issuer: NamedNode | None = None,
) -> NamedNode:
    """The strategy named ``printed`` on ``line`` (its curated name where there is one)."""
    printed = clean_title(_MARKUP.sub("", printed)).strip(" *")
    name = canonical_strategy(w.short_forms.get(name_key(printed), printed))
    node = iri.strategy(name_key(name))
    w.named(node, PK.Strategy, name, printed, line)
    w.mention(node, line)
    if issuer is not None:
        w.b.link(node, PK.issuer, issuer, lines=line)
    if date:
        w.event(node, action, date, line, f"{name} {action} {date.printed}", w.after_document(date))
    return node


def marked_names(text: str, names: StrategyNames) -> list[Found]:
    """The marked strategy names of a line, in order."""
    if not _HINT.search(text):  # what each of the patterns below needs
        return []
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(f: Found) -> None:
        found.append(f)
        taken.append((f.start, f.end))

    for m in _LISTED.finditer(text):
        d = _month(m.group(2), m.group(3), f"({m.group(2)}.{m.group(3)})", m.start(2), m.end(3))
        add(Found(m.start(1), m.end(1), m.group(1), d))
    for m in _DATED.finditer(text):
        name = _plain_start(m.group(1))
        if overlaps(taken, m.start(1), m.end(1)) or len(name) < 3:
            continue
        printed = m["when"] if m["when"].startswith("(") else m["when"].lstrip(", ")[:-1]
        d = _month(m.group(3), m.group(4), printed, m.start(3), m.end())
        add(Found(m.end(1) - len(name), m.end(1), name, d, issuer_from=m.end(1)))
    for m in _QUOTED.finditer(text):
        if overlaps(taken, m.start("name"), m.end("name")):
            continue
        quoted = _quoted_name(m, names)
        if quoted is None or _COMPANY.search(text, 0, m.start()):
            continue
        act = _ACTION.search(text[m.end() : m.end() + 20])
        date = _inside_date(m) or _date_near(text, m.start(), m.end())
        add(Found(m.start(), m.end(), quoted, date, act.group(0) if act else "발표", m.end()))
    for pattern in (_LENTICULAR, _BOXED):
        for m in pattern.finditer(text):
            if not overlaps(taken, m.start(1), m.end(1)):
                add(Found(m.start(1), m.end(1), m.group(1)))
    return sorted(found, key=lambda f: f.start)


def read_strategies(
    w: MentionWriter, text: str, line: int, names: StrategyNames | None = None
) -> list[tuple[int, int]]:
    """Write the marked strategy names of a line; return the spans they take."""
    names = names if names is not None else StrategyNames()
    taken = []
    for f in marked_names(text, names):
        issuer = _issuer(w, text, f.issuer_from) if f.issuer_from is not None else None
        if issuer is None and _announced(text, f.end):
            issuer = _subject_issuer(w, text, f.start)
        strategy(w, f.name, line, f.date, f.action, issuer)
        _version_link(w, f.name, names, line)
        taken.append((f.start, f.end))
    return taken


def _quoted_name(m: re.Match, names: StrategyNames) -> str | None:
    """The strategy a quote names, if it is one: a plan word at its end (or 전략 after it), the
    document's own name or another version of it, a bracketed name that is announced."""
    name = clean_title(_MARKUP.sub("", m["name"])).strip(" *")
    if m["outside"] and m["open"] in "‘'“":
        return f"{name} 전략"
    if _NAME_END.search(name) and not _is_generic(name.split()):
        return name
    if m["open"] not in "「｢":
        return None
    if names.own_version(name) is not None:
        return name
    announced = _BRACKET_ANNOUNCED.match(m.string, m.end())
    if announced and not _NOT_PLAN.search(name) and not m["date"] and re.search("[가-힣]", name):
        return None if _is_generic(name.split()) else name
    return None


def _inside_date(m: re.Match) -> DateReading | None:
    dates = read_dates(m["date"]) if m["date"] else []
    return dates[0] if dates else None


def _date_near(text: str, start: int, end: int) -> DateReading | None:
    """The date right after a name, or right after the action that follows it, else the date
    printed just before it."""
    after = text[end : end + 30]
    act = _ACTION.search(after[:20])
    dates = [
        d
        for d in read_dates(after)
        if d.start <= 2 or (act and act.end() <= d.start <= act.end() + 3)
    ]
    if not dates:
        before = text[max(0, start - 16) : start]
        dates = [d for d in read_dates(before) if d.end >= len(before) - 2][-1:]
    return dates[0] if dates else None


def _month(yy: str, month: str, printed: str, start: int, end: int) -> DateReading:
    half = {"上": "H1", "下": "H2"}.get(month)
    iso = f"{2000 + int(yy)}-{half}" if half else f"{2000 + int(yy)}-{int(month):02d}"
    return DateReading(iso, printed, start, end)


# Where a plain dated name starts: after the sentence subject or object ("…을 "), or after an
# apposition naming what it is ("종합 대책인 전력계통 혁신대책").
_PLAIN_NAME_START = re.compile(
    r"^[\s\-*•]+|(?<=[가-힣])[은는을를]\s+|(?<=대책|전략|방안|계획)인\s+"
)


def _plain_start(name: str) -> str:
    return clean_title(_PLAIN_NAME_START.split(name)[-1])


def titled_name(text: str) -> Found | None:
    """A title line that names a plan and its issuer: ``01. … 종합 발전전략 (산업통상자원부)``."""
    m = _TITLE.match(text)
    if not m or not registry().candidates(m.group(2).strip()):
        return None
    return Found(m.start(1), m.end(1), clean_title(m.group(1)), issuer_from=m.end(1))


def read_plain_strategies(
    w: MentionWriter,
    lines: Sequence[str],
    n: int,
    names: StrategyNames,
    taken: list[tuple[int, int]],
) -> None:
    """Plain names of line ``n`` (1-based): a titled name, repeats of known names, an item of an
    enumerated list, prose names before an announcing verb."""
    text = lines[n - 1]
    title = titled_name(text)
    if title and not overlaps(taken, title.start, title.end):
        strategy(w, title.name, n, issuer=_issuer(w, text, title.end))
        taken.append((title.start, title.end))
    for start, end in names.find(text):
        after = text[end:]
        if overlaps(taken, start, end) or (_WORD_CHAR.match(after) and not _PARTICLE.match(after)):
            continue
        issuer = _subject_issuer(w, text, start) if _announced(text, end) else None
        strategy(w, names.known[name_key(text[start:end])], n, issuer=issuer)
        taken.append((start, end))
    if not re.search(PLAN_WORD, text) or "\t" in text or "<td" in text:
        return  # prose only: not the cells of a table
    for m in _ENUMERATED.finditer(text):
        if not overlaps(taken, m.start(1), m.end(1)) and not _is_generic(m.group(1).split()):
            strategy(w, m.group(1), n)
            taken.append((m.start(1), m.end(1)))
    for m in _PLAIN.finditer(text):
        if overlaps(taken, m.start("name"), m.end("name")):
            continue
        name = _prose_name(text, m)
        start = m.end("name") - len(name or "")
        if name is None or not _announced(text, m.end()):
            continue
        issuer = _subject_issuer(w, text, start) or _issuer(w, text, m.end())
        footnote = _footnote_name(lines, n) if m["mark"] else None
        if footnote:
            node = strategy(w, footnote, n, None, "발표", issuer)
            w.named(node, PK.Strategy, canonical_strategy(footnote), name, n)
        else:
            strategy(w, name, n, _date_near(text, start, m.end()), "발표", issuer)
        taken.append((start, m.end()))


def _announced(text: str, end: int) -> bool:
    """An announcing verb follows: right after (``…을 올 상반기 마련``), or after a list of
    objects (``…로드맵을, ②그리고 … 보강대책도 마련할 방침``)."""
    if _ANNOUNCED.match(text, end):
        return True
    return bool(_LISTED_OBJECT.match(text, end)) and bool(
        re.search(_ANNOUNCE, text[end : end + 150])
    )


def _prose_name(text: str, m: re.Match) -> str | None:
    """The words of a prose match that make the name: back from the plan word to a stop word."""
    words = m["name"].split()
    kept: list[str] = []
    for word in reversed(words):
        stop = _STOP_WORD.search(word) and word not in _NOT_STOP
        if kept and (stop or re.fullmatch(r"['‘’]?\d{2,4}년?도?", word)):
            if word.endswith("별로"):
                return None  # one plan of a family: 분과별로 AX 확산 전략
            break
        kept.insert(0, word)
    if len(kept) < 2 or _is_generic(kept) or any(re.search(r"별(?:$|·)", k) for k in kept):
        return None
    return " ".join(kept)


def _is_generic(words: Iterable[str]) -> bool:
    parts = [p for w in words for p in re.split(PLAN_WORD, w) if p.strip()]
    return all(p.strip() in _GENERIC for p in parts)


def _footnote_name(lines: Sequence[str], n: int) -> str | None:
    """The bracketed name a footnote gives for a name marked with ``*`` on line ``n``."""
    for j in range(n, min(n + 3, len(lines))):
        m = _FOOTNOTE.match(lines[j])
        if m and _NAME_END.search(clean_title(m.group(1))):
            return clean_title(m.group(1))
    return None


def _issuer(w: MentionWriter, text: str, end: int) -> NamedNode | None:
    """The agency named first in the parenthesis that follows a name in its sentence."""
    rest = text[end:]
    stop = re.search(r"다\.|\.\s|[「｢‘'“]", rest)
    rest = rest[: stop.start()] if stop else rest
    m = re.search(r"\(([^()]{2,60})\)", rest)
    if not m:
        return None
    first = re.split(r"[,，]", m.group(1))[0].strip()
    found = registry().find_mentions(first, day(w.on_date))
    return found[0].agency.iri if found and found[0].start == 0 else None


def _subject_issuer(w: MentionWriter, text: str, start: int) -> NamedNode | None:
    """The agency that is the subject of the sentence announcing a name (``산업통상자원부는 …``)."""
    sentence = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    head = text[sentence:start]
    for found in registry().find_mentions(head, day(w.on_date)):
        if head[: found.start].strip(" -") == "" and _SUBJECT.match(head, found.end):
            return found.agency.iri
    return None


def _version_link(w: MentionWriter, name: str, names: StrategyNames, line: int) -> None:
    """Another version of the document's own strategy (「新산업정책1.0」 of 「新산업정책2.0」):
    the earlier one has the later as ``pk:successor``."""
    own = names.own_version(name)
    if own is None or name_key(own) == name_key(name):
        return
    earlier, later = sorted((name, own), key=_version)
    w.b.link(
        iri.strategy(name_key(earlier)), PK.successor, iri.strategy(name_key(later)), lines=line
    )


def _version(name: str) -> tuple[int, ...]:
    m = _VERSION.search(name_key(name))
    return tuple(int(x) for x in m.group(0).split(".")) if m else ()
