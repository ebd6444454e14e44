"""Text normalisation shared by loaders and search: codes, numerals, middle dots, spacing."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from policykg.model.numbering import CIRCLED_VALUES, ROMAN_VALUES

MIDDLE_DOTS = "·‧ㆍ․･•∙⋅"
_MIDDLE_DOT_RE = re.compile(f"[{MIDDLE_DOTS}]")
_SPACE_RE = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def ascii_code(code: str) -> str:
    """ASCII-normalise a printed code: Roman numerals, circled digits, zero padding.

    >>> ascii_code("Ⅰ-1-①")
    'I-1-1'
    >>> ascii_code("03")
    '3'
    >>> ascii_code("20-01")
    '20-1'
    """
    out = "".join(ROMAN_VALUES.get(ch, CIRCLED_VALUES.get(ch, ch)) for ch in nfc(code).strip())
    parts = [p.lstrip("0") or "0" if p.isdigit() else p for p in out.split("-")]
    return "-".join(parts)


def clean_title(text: str) -> str:
    """Collapse runs of whitespace (lines joined from a flattened table) into single spaces."""
    return _SPACE_RE.sub(" ", text).strip()


def compare_key(text: str) -> str:
    """A key for comparing titles ignoring whitespace and middle-dot variants.

    >>> compare_key("첨단‧주력산업  경쟁력") == compare_key("첨단·주력산업 경쟁력")
    True
    """
    return _SPACE_RE.sub("", _MIDDLE_DOT_RE.sub("·", nfc(text)))


def search_key(text: str) -> str:
    """A looser key for search: like :func:`compare_key` but also drops middle dots and case."""
    return _MIDDLE_DOT_RE.sub("", compare_key(text)).casefold()


_NAME_MARKS = re.compile(r"\^\{[^}]*\}|[*「」｢｣『』【】‘’“”'\"]")
_DRAFT = re.compile(r"\s*\(안\)\s*$")
_ORDINAL = re.compile(r"(?<![\d가-힣A-Za-z])(?:제\s*)?(\d{1,3})\s*차(?=\s|[가-힣])")


@lru_cache(maxsize=1 << 16)  # a build asks again and again for the same few thousand names
def name_key(name: str) -> str:
    """The key of a law's or a plan's name: one key for the spellings of one name.

    Quotes, brackets and markup go, a draft mark ``(안)`` goes, an ordinal is written with 제
    (``11차`` and ``제11차`` are one), then spacing, middle dots and case are ignored.

    >>> name_key("｢11차 전력수급기본계획｣") == name_key("제11차 전력수급기본계획")
    True
    >>> name_key("'산업부문 순환경제 3x3=∞ 전략(안)'") == name_key("산업부문 순환경제 3x3=∞ 전략")
    True
    """
    text = _DRAFT.sub("", _NAME_MARKS.sub("", nfc(name)))
    return search_key(_ORDINAL.sub(r"제\1차 ", text))


# Unicode's White_Space characters: what ``\s`` matches in a SPARQL regular expression on
# Oxigraph (Rust's regex crate); Python's ``\s`` also matches U+001C..U+001F
_WHITE_SPACE_RE = re.compile(
    "[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def label_key(name: str) -> str:
    """How the named questions compare names: lower case, without white space — the value of
    ``REPLACE(LCASE(STR(?name)), "\\\\s", "")`` in their SPARQL, which the build writes as each
    label's ``pk:nameKey`` (:mod:`policykg.build.lookups`) so that a question finds a name by one
    lookup.

    >>> label_key("석유화학 특별법") == name_key("석유화학특별법")
    True
    >>> label_key("K-Battery Act")
    'k-batteryact'
    """
    return _WHITE_SPACE_RE.sub("", name.lower())


def with_particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """``word`` and the Korean particle its last syllable takes (은/는, 이/가, 을/를): the first
    after a final consonant, the second after a vowel; both, as ``은(는)``, after anything
    that is not a Hangul syllable (a Latin letter, a digit, a quote).

    >>> with_particle("대외무역법", "은", "는"), with_particle("반도체", "을", "를")
    ('대외무역법은', '반도체를')
    >>> with_particle("K-Chips Act", "이", "가")
    'K-Chips Act이(가)'
    """
    last = word.rstrip()[-1:]
    if not "가" <= last <= "힣":
        return f"{word}{after_consonant}({after_vowel})"
    final_consonant = (ord(last) - ord("가")) % 28
    return word + (after_consonant if final_consonant else after_vowel)
