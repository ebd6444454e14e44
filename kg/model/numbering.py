"""How documents number things: Roman numerals and circled digits, as glyphs and as patterns.

The one place the numeral glyphs are written. Codes keep them ASCII-normalised
(:func:`policykg.model.text.ascii_code`: ``Ⅰ-1-①`` → ``I-1-1``); loaders build their heading
patterns from the regex fragments below, so every pattern accepts the same glyphs.

>>> import re
>>> bool(re.fullmatch(ROMAN, "Ⅶ")), bool(re.fullmatch(ROMAN, "VII")), bool(re.fullmatch(ROMAN, "7"))
(True, True, False)
>>> bool(re.fullmatch(CIRCLED_DIGIT, "⑳")), bool(re.fullmatch(LIST_MARK, "➀"))
(True, True)
"""

from __future__ import annotations

ROMAN_NUMERALS = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"  # the Roman numeral glyphs Ⅰ..Ⅹ, in order
ROMAN_VALUES = dict(
    zip(ROMAN_NUMERALS, ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"], strict=False)
)
CIRCLED_DIGITS = "".join(chr(0x2460 + i) for i in range(20))  # ① .. ⑳, in order
CIRCLED_VALUES = {g: str(i + 1) for i, g in enumerate(CIRCLED_DIGITS)}

ROMAN_GLYPH = f"[{ROMAN_NUMERALS}]"  # one glyph Ⅰ..Ⅹ
ROMAN_LATIN = "[IVX]{1,4}"  # a Roman numeral in Latin capitals, as some headings print it
ROMAN = f"(?:{ROMAN_GLYPH}|{ROMAN_LATIN})"  # a Roman numeral either way
CIRCLED_DIGIT = f"[{CIRCLED_DIGITS}]"  # ① .. ⑳
# A list marker: a circled digit, or a dingbat circled digit (❶..❿, ➀..➉, ➊..➓) as some
# tables print them.
LIST_MARK = "[\u2460-\u2473\u2776-\u2793]"
CODE_CHAR = f"[0-9A-Za-z{ROMAN_NUMERALS}{CIRCLED_DIGITS}]"  # a character of a printed code


def roman_glyph(n: int) -> str | None:
    """The Roman numeral glyph of ``n`` (1..10), or None.

    >>> roman_glyph(4), roman_glyph(11)
    ('Ⅳ', None)
    """
    return ROMAN_NUMERALS[n - 1] if 0 < n <= len(ROMAN_NUMERALS) else None
