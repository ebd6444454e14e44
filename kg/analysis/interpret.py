"""The question box: a question typed in Korean or English → a named question and its parameters.

Rules and the search index, no remote service. The text is read for the things questions take —
an agenda item (``국정과제 20번``, ``agenda 20``, ``20-1번 국정과제``), a management task
(``I-2-1``), a program (``3231``, or its name), agencies (``산업부``, ``환경부``, ``MOTIE``; old
and new ministry names), a law, a cut (``30%``, ``0.3``, ``절반``), a fiscal year (``2023년``,
``'23년``) or an agenda list (``2025년 국정과제``) — names matched through the
:mod:`~policykg.analysis.gazetteer` (spacing, case and small typos ignored); then words of intent
(``삭감``/``cut``, ``예산``/``budget``, ``같이``/``together``, ``문서``/``documents``,
``언급``/``mention``, ``언제``/``timeline``) choose the question:

=====================  ===========================================================================
question               when
=====================  ===========================================================================
budget-cut             a program and a cut (a percentage, or words of cutting)
tasks-by-cooperation   two or three agencies (one, with words of cooperation: the plan's ministry
                       is the other)
agenda-coverage        an agenda item and words of documents or coverage (or an item only the
                       2025 list has)
budgets-for-agenda     an agenda item otherwise
task-budget            a management task
program-uses           a program without a cut
documents-mentioning   a law, strategy, region, industry or agency and words of mentioning
law-timeline           a law otherwise
=====================  ===========================================================================

An agency named by its new name after a reorganisation (``산업통상부``, ``기후에너지환경부``), or
by a short name both the old and the new carry (``산업부``), also matches its predecessor
(``successors=yes``): the documents with cooperation items predate the reorganisation. What maps
to nothing gives ``question: None``; the page then shows search results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from policykg.analysis.gazetteer import Found, Gazetteer
from policykg.analysis.search import SearchIndex
from policykg.model.text import ascii_code, nfc, search_key, with_particle

ID = "https://w3id.org/policykg/id/"
_SUCCESSORS = "SELECT ?a ?b WHERE { ?a pk:successor ?b }"
_BUDGET_LISTS = """
SELECT DISTINCT ?list WHERE { ?t pk:supportsAgenda/skos:inScheme ?list ; pk:hasFunding ?f }"""
_FISCAL_YEARS = "SELECT DISTINCT ?year WHERE { ?f a pk:Funding ; pk:fiscalYear ?year }"

_AGENDA_WORD = (
    r"(?:국\s*[정졍]\s*(?:과\s*[제재])?|national\s+agenda(?:\s+(?:item|task))?"
    r"|agenda(?:\s+(?:item|task))?)"
)
_AGENDA_AFTER = re.compile(
    _AGENDA_WORD + r"\s*(?:번호|no\.?|number|#)?\s*(\d{1,3}(?:\s*-\s*\d{1,2})?)(?![\d.])",
    re.IGNORECASE,
)
_AGENDA_BEFORE = re.compile(r"(?<![\d-])(\d{1,3}(?:-\d{1,2})?)\s*번(?:째)?\s*" + _AGENDA_WORD)
_TASK = re.compile(
    r"(?<![A-Za-z])([IVXivxⅠ-Ⅹ]{1,4})\s*[-‐–]\s*(\d|[①-⑳])\s*[-‐–]\s*(\d{1,2}|[①-⑳])(?!\d)"
)
_YEAR = re.compile(r"(?<![\d.-])(20\d\d|['’‘]?(?:1[5-9]|2\d)(?=\s*년))(?!\d)\s*(?:년도?)?")
_LIST_AFTER = re.compile(r"\s*(?:년)?\s*(?:의\s*)?(?:국\s*정|national|agenda|목록|list)", re.I)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|％|퍼센트|프로|퍼|percent|pct)", re.IGNORECASE)
_FRACTION = re.compile(r"(?<![\d.])(0\.\d+)(?![\d.])")
_TENTHS = re.compile(r"(\d)\s*할")
_HALF = re.compile(r"절반|반\s*으로|반\s*토막|반만|\bhalf\b|\bhalve", re.IGNORECASE)
_PROGRAM = re.compile(r"(?<![\d-])(\d{4})(?:\s*[-/]\s*(\d{3}))?(?![\d])(?!\s*년)")

_WORDS = {
    "cut": (r"삭감|감액|줄이|줄인|줄면|줄어|깎|축소|컷|잘리|잘라|없애", r"\bcut|reduc|slash|trim"),
    "budget": (
        r"예산|재원|금액|얼마|재정|사업비|돈|투입|배정",
        r"budget|fund|money|spend|amount|how much|finance",
    ),
    "cooperation": (
        r"같이|함께|협업|협력|공동|협조|손잡|합동",
        r"together|cooperat|collaborat|joint|both|with each other",
    ),
    "coverage": (
        r"문서|다루|항목|연결|업무보고|추진실적|보고서|어디서|어느문서|어떤문서|계획",
        r"document|cover|item|report|where",
    ),
    "mention": (r"언급|나오|등장|나온|거론|인용", r"mention|appear|cite|refer"),
    "timeline": (
        r"언제|연혁|경과|타임라인|일정|제정|개정|시행|통과|발의|공포|역사",
        r"timeline|history|when|enact|pass|amend|effective",
    ),
    "uses": (
        r"쓰는|쓰이|사용|지원하는|지원받는|어떤과제|어느과제|받는과제|들어가",
        r"which tasks|uses|used|use it|funds",
    ),
}
DEFAULT_CUT = 0.3  # a cut named without its size (the graph page's default too)
_REFERENCE_TYPES = ("Strategy", "Region", "Industry", "Agency", "Law")


@dataclass
class Interpretation:
    """What a question was understood as: a page and its parameters, in words."""

    question: str | None
    params: dict[str, str] = field(default_factory=dict)
    understood: str = ""
    understood_en: str = ""

    @property
    def url(self) -> str | None:
        if self.question is None:
            return None
        return f"/answers/{self.question}?" + urlencode(self.params)

    def to_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "params": self.params,
            "understood": self.understood,
            "understood_en": self.understood_en,
            "url": self.url,
        }


@dataclass
class _Slots:
    text: str
    agenda: list[tuple[str, int | None]] = field(default_factory=list)  # (code, scheme)
    tasks: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)  # codes or paths under id/
    years: list[int] = field(default_factory=list)
    schemes: list[int] = field(default_factory=list)
    cut: float | None = None
    names: list[Found] = field(default_factory=list)
    words: set[str] = field(default_factory=set)

    def of(self, *types: str) -> list[Found]:
        return [f for f in self.names if f.type in types]


class Interpreter:
    """Reads questions against the names and codes of one store."""

    def __init__(
        self,
        index: SearchIndex,
        successors: list[tuple[str, str]] = (),  # type: ignore[assignment]
        budget_lists: set[int] | None = None,
        fiscal_years: list[int] | None = None,
    ) -> None:
        self.index = index
        self.agenda: dict[tuple[int, str], tuple[str, str]] = {}
        self.tasks: dict[str, tuple[str, str]] = {}
        self.programs: dict[str, tuple[str, str]] = {}
        names = []
        for e in index.entries.values():
            path = e.node[len(ID) :] if e.node.startswith(ID) else e.node
            if e.type == "NationalAgendaTask" and e.code:
                scheme = int(path.split("/")[1])
                self.agenda[(scheme, ascii_code(e.code))] = (e.node, e.label or "")
                if e.label and len(search_key(e.label)) >= 6:
                    names.append((e.node, e.type, e.label))
            elif e.type == "ManagementTask" and e.code:
                self.tasks[ascii_code(e.code).upper()] = (e.node, e.label or "")
            elif e.type in ("Program", "SubProject"):
                self.programs[path[len("program/motie/") :]] = (e.node, e.label or "")
                if e.label and len(search_key(e.label)) >= 4:
                    names.append((e.node, e.type, e.label))
            if e.type in _REFERENCE_TYPES:
                names += [(e.node, e.type, v) for kind, v, _k in e.names if kind != "code"]
                if e.type == "Agency" and e.code:
                    names.append((e.node, e.type, e.code))
        self.gazetteer = Gazetteer(names, frozenset({"Region", "Industry"}))
        self.successor: dict[str, str] = dict(successors)
        self.predecessor: dict[str, str] = {b: a for a, b in successors}
        self.budget_lists = budget_lists or set()
        self.fiscal_years = fiscal_years or []
        self.labels = {e.node: e.label or "" for e in index.entries.values()}
        self.lists = {scheme for scheme, _code in self.agenda}

    @classmethod
    def from_store(cls, index: SearchIndex, store) -> Interpreter:
        successors = [(r["a"].value, r["b"].value) for r in store.select(_SUCCESSORS)]
        lists = {int(r["list"].value.rsplit("/", 1)[-1]) for r in store.select(_BUDGET_LISTS)}
        years = sorted(int(r["year"].value) for r in store.select(_FISCAL_YEARS))
        return cls(index, successors, lists, years)

    # -- reading the text
    def _slots(self, text: str) -> _Slots:
        text = nfc(text or "").strip()
        s = _Slots(text)
        rest = text
        for m in _YEAR.finditer(text):
            raw = re.sub(r"\D", "", m.group(1))
            year = int(raw) if len(raw) == 4 else 2000 + int(raw)
            before, after = text[: m.start()], text[m.end() :]
            listed = _LIST_AFTER.match(after) or re.search(r"(?:list|목록)\s*$", before, re.I)
            if listed and year in self.lists:
                s.schemes.append(year)
            else:
                s.years.append(year)
        rest = _YEAR.sub(" ", rest)
        for m in _TASK.finditer(text):
            code = ascii_code(f"{m.group(1).upper()}-{m.group(2)}-{m.group(3)}")
            if code in self.tasks:
                s.tasks.append(code)
                rest = rest.replace(m.group(0), " ")
        for m in list(_AGENDA_AFTER.finditer(rest)) + list(_AGENDA_BEFORE.finditer(rest)):
            code = ascii_code(re.sub(r"\s", "", m.group(1)))
            if any(k[1] == code for k in self.agenda):
                s.agenda.append((code, None))
            rest = rest.replace(m.group(0), " ")
        for m in _PERCENT.finditer(rest):
            s.cut = float(Decimal(m.group(1)) / 100)
            rest = rest.replace(m.group(0), " ")
        tenths, fraction = _TENTHS.search(rest), _FRACTION.search(rest)
        if s.cut is None and tenths:
            s.cut = int(tenths.group(1)) / 10
        if s.cut is None and fraction:
            s.cut = float(fraction.group(1))
            rest = rest.replace(fraction.group(0), " ")
        if s.cut is None and _HALF.search(rest):
            s.cut = 0.5
        for m in _PROGRAM.finditer(rest):
            code, sub = m.group(1), m.group(2)
            if sub and f"{code}/{sub}" in self.programs:  # a sub-project
                s.programs.append(f"program/motie/{code}/{sub}")
            elif code in self.programs:
                s.programs.append(code)
        s.names = self.gazetteer.find(rest)
        key = search_key(text)
        lowered = text.casefold()
        s.words = {
            w for w, (ko, en) in _WORDS.items() if re.search(ko, key) or re.search(en, lowered)
        }
        return s

    # -- deciding
    def interpret(self, text: str) -> Interpretation:
        """The question ``text`` asks, with its parameters, or ``question=None``."""
        s = self._slots(text)
        programs = s.programs or [_program_param(f.node) for f in s.of("Program", "SubProject")]
        agencies = _distinct(s.of("Agency"))
        if programs and (s.cut is not None or "cut" in s.words):
            return self._cut(s, programs[0])
        if len(agencies) >= 2 or (agencies and "cooperation" in s.words and not s.agenda):
            return self._cooperation(s, agencies)
        if s.agenda or s.of("NationalAgendaTask"):
            return self._agenda(s)
        if s.tasks:
            return self._task(s)
        if programs:
            return self._program(s, programs[0])
        laws = _distinct(s.of("Law"))
        references = _distinct(s.of(*_REFERENCE_TYPES))
        if laws and "mention" not in s.words:
            return self._law(laws[0])
        if references and ("mention" in s.words or "coverage" in s.words):
            return self._mentions(references[0])
        if laws:
            return self._law(laws[0])
        return Interpretation(
            None,
            {},
            "무엇을 묻는 질문인지 알아듣지 못했습니다. 찾은 항목을 보여 드립니다.",
            "Not understood as one of the questions; here is what search finds.",
        )

    def _fiscal_year(self, s: _Slots) -> int:
        if s.years:
            return s.years[0]
        return max(self.fiscal_years) if self.fiscal_years else 2024

    def _cut(self, s: _Slots, program: str) -> Interpretation:
        cut = s.cut if s.cut is not None else DEFAULT_CUT
        year = self._fiscal_year(s)
        _node, label = self._program_node(program)
        pct = f"{Decimal(str(cut * 100)).normalize():f}%"
        return Interpretation(
            "budget-cut",
            {"program": program, "cut": _fraction(cut), "year": str(year)},
            f"단위사업 {_named(program, label)}의 {year}년 예산을 {pct} 줄이면 영향받는 곳"
            + ("" if s.cut is not None else f" (비율을 말하지 않아 {pct}로 봄)"),
            f"what a {pct} cut of program {program} in {year} affects",
        )

    def _program_node(self, program: str) -> tuple[str, str]:
        key = program[len("program/motie/") :] if program.startswith("program/") else program
        return self.programs.get(key, ("", ""))

    def _cooperation(self, s: _Slots, agencies: list[Found]) -> Interpretation:
        chosen: list[str] = []
        across = False
        for f in agencies:
            same = [g.node for g in s.names if g.type == "Agency" and g.start == f.start]
            node = next((n for n in same if n in self.successor), same[0])
            if len(same) > 1 and any(n in self.successor or n in self.predecessor for n in same):
                across = True  # a short name both the old and the new ministry carry
            if node in self.predecessor:
                across = True  # a new name: its predecessor's documents count too
            acronym = node.rsplit("/", 1)[-1]
            if acronym not in chosen:
                chosen.append(acronym)
        if len(chosen) == 1:
            own = "MOTIE" if chosen[0] != "MOTIE" else None
            if own is None:
                return self._mentions(agencies[0])
            chosen.insert(0, own)
        chosen = chosen[:3]
        params = {"a1": chosen[0], "a2": chosen[1], "a3": chosen[2] if len(chosen) > 2 else "none"}
        params["successors"] = "yes" if across else "no"
        names = "·".join(f"{self.labels.get(ID + 'agency/' + a, a)}({a})" for a in chosen)
        tail = " (조직 개편 전후 기관 포함)" if across else ""
        return Interpretation(
            "tasks-by-cooperation",
            params,
            f"{names}가 함께하는 과제{tail}",
            f"tasks depending on cooperation between {', '.join(chosen)}"
            + (" (predecessors and successors included)" if across else ""),
        )

    def _agenda(self, s: _Slots) -> Interpretation:
        if s.agenda:
            code = s.agenda[0][0]
            lists = sorted({k[0] for k in self.agenda if k[1] == code})
        else:
            node = s.of("NationalAgendaTask")[0].node
            code = node.rsplit("/", 1)[-1]
            lists = [int(node.split("/")[-2])]
        coverage = "coverage" in s.words and "budget" not in s.words
        if s.schemes and s.schemes[0] in lists:
            scheme = s.schemes[0]
        elif len(lists) == 1:
            scheme = lists[0]
        else:
            budget = [x for x in lists if x in self.budget_lists]
            scheme = max(lists) if coverage or not budget else budget[0]
        if not coverage and scheme not in self.budget_lists and "budget" not in s.words:
            coverage = True  # an item of a list no budget table links to: what covers it
        title = self.agenda.get((scheme, code), ("", ""))[1]
        item = f"국정과제 {code}({title}, {scheme}년 목록)" if title else f"국정과제 {code}"
        if coverage:
            return Interpretation(
                "agenda-coverage",
                {"task": code, "scheme": str(scheme)},
                f"{item}를 다루는 문서와 항목",
                f"which documents serve agenda item {code} of the {scheme} list",
            )
        year = self._fiscal_year(s)
        return Interpretation(
            "budgets-for-agenda",
            {"agenda": code, "scheme": str(scheme), "year": str(year)},
            f"{item}를 지원하는 {year}년 예산",
            f"budgets for agenda item {code} of the {scheme} list in {year}",
        )

    def _task(self, s: _Slots) -> Interpretation:
        code = s.tasks[0]
        title = self.tasks[code][1]
        return Interpretation(
            "task-budget",
            {"task": code},
            f"관리과제 {_named(code, title)}의 예산표",
            f"the budget table of management task {code}",
        )

    def _program(self, s: _Slots, program: str) -> Interpretation:
        code = program.split("/")[2] if program.startswith("program/") else program
        year = self._fiscal_year(s)
        label = self.programs.get(code, ("", ""))[1]
        return Interpretation(
            "program-uses",
            {"program": code, "year": str(year)},
            f"단위사업 {_named(code, label)}를 쓰는 {year}년 관리과제",
            f"the tasks program {code} funds in {year}",
        )

    def _law(self, law: Found) -> Interpretation:
        label = self.labels.get(law.node) or law.name
        return Interpretation(
            "law-timeline",
            {"law": label},
            f"{label}에 관한 날짜별 기술",
            f"dated statements about {label}",
        )

    def _mentions(self, entity: Found) -> Interpretation:
        label = self.labels.get(entity.node) or entity.name
        return Interpretation(
            "documents-mentioning",
            {"entity": label},
            f"{with_particle(label, '을', '를')} 언급하는 문서와 항목",
            f"documents and items mentioning {label}",
        )


def _program_param(node: str) -> str:
    """A program by its code (``3231``), a sub-project by its path (``program/motie/3231/302``)."""
    path = node[len(ID) :]
    parts = path.split("/")
    return parts[2] if len(parts) == 3 else path


def _distinct(found: list[Found]) -> list[Found]:
    """One per place in the text (several entities may share a name)."""
    seen: dict[int, Found] = {}
    for f in found:
        seen.setdefault(f.start, f)
    return list(seen.values())


def _named(code: str, label: str) -> str:
    return f"{code}({label})" if label else code


def _fraction(cut: float) -> str:
    """0.3 → '0.3'."""
    return f"{Decimal(str(cut)).normalize():f}"
