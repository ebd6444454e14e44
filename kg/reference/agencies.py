"""The agency registry: curated names, short forms, validity dates and reorganisations.

The registry lives in ``data/reference/agencies.json`` (every fact there carries its source).
It answers three questions:

* which agency does a name mean *on a given date* — "산업부" is 산업통상자원부 (MOTIE) until
  2025-09-30 and 산업통상부 (MOTIR) from 2025-10-01;
* which agencies match a search by any of their names;
* where does a text name an agency — a tokeniser that respects word boundaries, so that
  "산업환경과" or "환경부담" never reads as 환경부, and that accepts one-word tags such as
  "농림" or "産" only inside a list of agencies.

>>> reg = registry()
>>> reg.resolve("산업부", "2024-03-01").acronym
'MOTIE'
>>> reg.resolve("산업부", "2025-12-17").acronym
'MOTIR'
>>> [m.agency.acronym for m in reg.find_mentions("관계부처(국방부·해수부·환경부 등)", "2024-01-01")]
['MND', 'MOF', 'ME']
>>> reg.find_mentions("산업환경과와 환경부담 완화", "2024-01-01")
[]
>>> reg.find_mentions("産·學·研 1천개 이상 단체가 참여", "2024-01-01")
[]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from typing import overload

from pyoxigraph import Literal, NamedNode, Triple

from policykg.model import iri
from policykg.model.errors import KGError, NotFoundError
from policykg.model.text import nfc, search_key
from policykg.model.vocab import ORG, PK, RDF, RDFS, SKOS, XSD

DateLike = date | str | None

#: Separators of a list of agencies: "(산업·문체·국토부)", "(중기부, 환경부 등)".
LIST_SEPARATORS = "·ㆍ‧,/、"
#: Particles and suffixes that may follow an agency name without a space ("환경부와", "산업부장관").
_PARTICLE_RE = re.compile(
    r"(?:와의|과의|에서|에게|으로|로부터|부터|까지|께서|장관|차관|측|간|와|과|는|은|"
    r"가|이|의|에|로|를|을|도|등|만|및)(?![0-9A-Za-z가-힣])"
)


class AmbiguousAgencyError(KGError):
    """A name means more than one agency on the given date (or no date was given)."""


@overload
def _date(value: date | str) -> date: ...
@overload
def _date(value: None) -> None: ...
def _date(value: DateLike) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


@dataclass(frozen=True)
class Agency:
    """One agency of the registry. ``list_only`` short tags count only inside agency lists."""

    acronym: str
    ko: str
    en: str
    category: str
    aliases: tuple[str, ...] = ()
    list_only: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None
    successor: str | None = None
    predecessor: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None
    acronym_coined: bool = False

    @property
    def iri(self) -> NamedNode:
        return iri.agency(self.acronym)

    @property
    def names(self) -> tuple[str, ...]:
        """The official Korean name and every alias (not the list-only tags)."""
        return (self.ko, *self.aliases)

    def valid_on(self, on: date | None) -> bool:
        if on is None:
            return True
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on <= self.valid_until
        )


@dataclass(frozen=True)
class AgencyChange:
    """A reorganisation: ``old`` became ``new`` on ``date``."""

    key: str
    date: date
    old: str
    new: str
    ko: str
    en: str
    source: str

    @property
    def iri(self) -> NamedNode:
        return iri.agency_change(self.key)


@dataclass(frozen=True)
class AgencyMention:
    """A place where a text names an agency: characters ``start``..``end`` read as ``form``."""

    start: int
    end: int
    form: str
    agency: Agency


class AgencyRegistry:
    """Agencies by acronym, with date-aware name resolution, search and a mention tokeniser."""

    def __init__(
        self, agencies: list[Agency], changes: list[AgencyChange], sources: dict[str, str]
    ) -> None:
        self.agencies = {a.acronym: a for a in agencies}
        self.changes = changes
        self.sources = sources
        self._by_name: dict[str, list[Agency]] = {}
        self._tags: dict[str, list[Agency]] = {}
        for a in agencies:
            for name in dict.fromkeys(a.names):
                self._by_name.setdefault(nfc(name), []).append(a)
            for tag in a.list_only:
                self._tags.setdefault(nfc(tag), []).append(a)
        for a in agencies:
            for ref in (a.successor, a.predecessor):
                if ref and ref not in self.agencies:
                    raise KGError(f"agencies.json: {a.acronym} refers to unknown agency {ref}")

    @classmethod
    def from_json(cls, data: dict) -> AgencyRegistry:
        agencies = [
            Agency(
                d["acronym"],
                d["ko"],
                d["en"],
                d["category"],
                tuple(d.get("aliases", ())),
                tuple(d.get("list_only", ())),
                _date(d.get("valid_from")),
                _date(d.get("valid_until")),
                d.get("successor"),
                d.get("predecessor"),
                tuple(d.get("sources", ())),
                d.get("note"),
                bool(d.get("acronym_coined", False)),
            )
            for d in data["agencies"]
        ]
        changes = [
            AgencyChange(
                c["id"], _date(c["date"]), c["from"], c["to"], c["ko"], c["en"], c["source"]
            )
            for c in data.get("changes", ())
        ]
        return cls(agencies, changes, dict(data.get("sources", {})))

    # -- lookup
    def get(self, acronym: str) -> Agency:
        try:
            return self.agencies[acronym.upper() if acronym.isascii() else acronym]
        except KeyError:
            raise NotFoundError(f"no agency {acronym!r} in the registry") from None

    def candidates(self, name: str, *, tags: bool = False) -> list[Agency]:
        """Every agency that ``name`` (an exact name or alias) can mean, at any date."""
        found = list(self._by_name.get(nfc(name).strip(), ()))
        if tags:
            found += [a for a in self._tags.get(nfc(name).strip(), ()) if a not in found]
        return found

    def resolve(self, name: str, on_date: DateLike = None, *, tags: bool = False) -> Agency | None:
        """The agency ``name`` means on ``on_date``; ``None`` if the registry does not know it.

        Among the agencies a name can mean, those that existed on the date win; a name that only
        ever meant one agency still means it after a reorganisation ("환경부" in 2026 is ME, whose
        successor is MCEE). Raises :class:`AmbiguousAgencyError` when several agencies remain (e.g.
        "산업부" with no date).
        """
        on = _date(on_date)
        found = _on_date(self.candidates(name, tags=tags), on)
        if len(found) > 1:
            raise AmbiguousAgencyError(
                f"{name!r} means {', '.join(a.acronym for a in found)}"
                + (f" on {on.isoformat()}" if on else "; give the document's date")
            )
        return found[0] if found else None

    def search(self, query: str) -> list[Agency]:
        """Agencies whose acronym, Korean or English name or any alias matches ``query``.

        Exact matches (ignoring spacing, middle dots and case) come first, then agencies whose
        official names contain the query.
        """
        key = search_key(query)
        if not key:
            return []
        exact, partial = [], []
        for a in self.agencies.values():
            keys = {search_key(n) for n in (a.acronym, a.en, *a.names, *a.list_only)}
            if key in keys:
                exact.append(a)
            elif key in search_key(a.ko) or key in search_key(a.en):
                partial.append(a)
        return exact + partial

    def successors(self, acronym: str) -> list[Agency]:
        """The chain of agencies that succeeded ``acronym``, nearest first."""
        out: list[Agency] = []
        current = self.get(acronym)
        while current.successor and current.successor not in {a.acronym for a in out}:
            current = self.get(current.successor)
            out.append(current)
        return out

    # -- finding names in text
    @cached_property
    def _name_re(self) -> re.Pattern:
        names = sorted(set(self._by_name) | set(self._tags), key=lambda n: (-len(n), n))
        return re.compile("|".join(re.escape(n) for n in names))

    def find_mentions(self, text: str, on_date: DateLike = None) -> list[AgencyMention]:
        """Every agency that ``text`` names, in order, resolved on ``on_date``.

        A name must stand as a word: not preceded by a letter, and followed by nothing, a
        non-letter, or a particle ("환경부와", "중기부 등"). So "산업환경과", "환경부담" and
        "산업부문" name no agency. Short tags ("산업", "농림", "문체") count only as an element
        of a list that names another agency ("산업·농림"), or as the last element after a comma
        of a parenthesis ("('24.4∼, 산업)"). A name that means several agencies on the date is
        skipped (:meth:`resolve` raises :class:`AmbiguousAgencyError` for it).
        """
        on = _date(on_date)
        out: list[AgencyMention] = []
        pos = 0
        while pos < len(text):
            m = self._name_re.search(text, pos)
            if not m:
                break
            form, start, end = m.group(0), m.start(), m.end()
            agency = self._accept(text, form, start, end, on)
            if agency is None:
                pos = start + 1
                continue
            out.append(AgencyMention(start, end, form, agency))
            pos = end
        return out

    def _accept(self, text: str, form: str, start: int, end: int, on: date | None) -> Agency | None:
        if start > 0 and text[start - 1].isalnum():
            return None
        if form in self._by_name:
            if end < len(text) and text[end].isalnum() and not _PARTICLE_RE.match(text, end):
                return None
            found = _on_date(self._by_name[form], on)
        else:
            if not self._in_agency_list(text, form, start, end):
                return None
            found = _on_date(self._tags[form], on)
        return found[0] if len(found) == 1 else None

    def _in_agency_list(self, text: str, form: str, start: int, end: int) -> bool:
        if not form.isascii() and not re.match(r"[가-힣]", form):
            # a one-character Hanja tag ("産", "國"): a word of its own is enough, unless it is
            # joined to words that name no agency: the idiom 産·學·研 is not a list of agencies
            if end < len(text) and text[end].isalnum():
                return False
            left, right = text[:start].rstrip(), text[end:].lstrip()
            if right[:1] and right[0] in LIST_SEPARATORS[:3]:
                return self._is_name(_first_word(right[1:]))
            if left[-1:] and left[-1] in LIST_SEPARATORS[:3]:
                return self._is_name(_last_word(left[:-1]))
            return True
        if end < len(text) and text[end].isalnum():
            return False
        left = text[:start].rstrip()
        right = text[end:].lstrip()
        if left[-1:] and left[-1] in LIST_SEPARATORS and self._is_name(_last_word(left[:-1])):
            return True
        if right[:1] and right[0] in LIST_SEPARATORS and self._is_name(_first_word(right[1:])):
            return True
        return bool(left[-1:] == "," and right[:1] in (")", "）"))

    def _is_name(self, word: str) -> bool:
        word = _PARTICLE_RE.sub("", word) if word not in self._by_name else word
        return word in self._by_name or word in self._tags

    # -- RDF
    def triples(self) -> list[Triple]:
        """The registry as RDF for the reference graph (no blank nodes; sources as text)."""
        out: list[Triple] = []

        def add(s, p, o) -> None:
            out.append(Triple(s, p, o))

        for a in self.agencies.values():
            add(a.iri, RDF.type, PK.Agency)
            add(a.iri, RDF.type, ORG.Organization)
            add(a.iri, RDFS.label, Literal(a.ko, language="ko"))
            add(a.iri, RDFS.label, Literal(a.en, language="en"))
            add(a.iri, PK.code, Literal(a.acronym))
            add(a.iri, PK.category, Literal(a.category))
            for alias in dict.fromkeys((*a.aliases, *a.list_only)):
                add(
                    a.iri,
                    SKOS.altLabel,
                    Literal(alias) if alias.isascii() else Literal(alias, language="ko"),
                )
            if a.valid_from:
                add(a.iri, PK.validFrom, Literal(a.valid_from.isoformat(), datatype=XSD.date))
            if a.valid_until:
                add(a.iri, PK.validUntil, Literal(a.valid_until.isoformat(), datatype=XSD.date))
            if a.successor:
                add(a.iri, PK.successor, iri.agency(a.successor))
            for src in a.sources:
                add(a.iri, PK.source, Literal(self.sources.get(src, src)))
        for c in self.changes:
            add(c.iri, RDF.type, PK.AgencyChange)
            add(c.iri, RDF.type, ORG.ChangeEvent)
            add(c.iri, RDFS.label, Literal(c.ko, language="ko"))
            add(c.iri, RDFS.label, Literal(c.en, language="en"))
            add(c.iri, PK.changeDate, Literal(c.date.isoformat(), datatype=XSD.date))
            add(c.iri, ORG.originalOrganization, iri.agency(c.old))
            add(c.iri, ORG.resultingOrganization, iri.agency(c.new))
            add(iri.agency(c.old), ORG.changedBy, c.iri)
            add(iri.agency(c.new), ORG.resultedFrom, c.iri)
            add(c.iri, PK.source, Literal(self.sources.get(c.source, c.source)))
        return out


def _on_date(candidates: list[Agency], on: date | None) -> list[Agency]:
    """The candidates that existed on ``on``; all of them if none did."""
    valid = [a for a in candidates if a.valid_on(on)]
    return valid or list(candidates)


def _last_word(text: str) -> str:
    return re.split(r"[\s()（）" + LIST_SEPARATORS + "]", text)[-1]


def _first_word(text: str) -> str:
    return re.split(r"[\s()（）" + LIST_SEPARATORS + "]", text.lstrip())[0]


@lru_cache(maxsize=1)
def registry() -> AgencyRegistry:
    """The registry shipped in ``data/reference/agencies.json``."""
    text = (
        resources.files("policykg.data")
        .joinpath("reference")
        .joinpath("agencies.json")
        .read_text("utf-8")
    )
    return AgencyRegistry.from_json(json.loads(text))


def agency_triples() -> list[Triple]:
    """The registry's triples, for the reference graph."""
    return registry().triples()
