"""Reading the amount cells of a budget table: numbers, typos, "-", "종료" and parentheses.

A cell is one whitespace-separated token. It is an amount when it is a number (possibly in
parentheses, possibly followed by stray marks such as ``'`` or ``」``), ``-`` (nothing) or
``종료`` (the sub-project has ended). Typos are read to the number the printer meant and say so:

>>> read_amount("1,509").value
Decimal('1509')
>>> a = read_amount("53,27"); a.value, a.repair
(Decimal('53.27'), 'comma used as decimal mark')
>>> read_amount("215..94").value
Decimal('215.94')
>>> a = read_amount("(2,530.57)"); a.value, a.parenthesised
(Decimal('2530.57'), True)
>>> read_amount("23.89'").repair
"stray mark after the number: '"
>>> read_amount("종료").value is None and read_amount("종료").ended
True
>>> read_amount("산업") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_TOKEN = re.compile(
    r"^(?P<open>\()?(?P<body>[0-9][0-9.,]*|-|종료)(?P<close>\))?(?P<junk>['’`」]*)$"
)
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^\d+(\.\d+)?$")
ENDED = "종료"
NOTHING = "-"


@dataclass(frozen=True)
class Amount:
    """One amount cell: the printed token, its number in the table's unit (None for "-" or
    "종료"), whether it was in parentheses, and the repair made to read it, if any."""

    text: str
    value: Decimal | None
    parenthesised: bool
    line: int = 0
    repair: str | None = None

    @property
    def ended(self) -> bool:
        return ENDED in self.text

    @property
    def decimals(self) -> int:
        """How many decimal places were printed (0 for whole numbers)."""
        if self.value is None:
            return 0
        exponent = self.value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0

    def at(self, line: int) -> Amount:
        return Amount(self.text, self.value, self.parenthesised, line, self.repair)


def _number(body: str) -> tuple[Decimal, str | None]:
    if _GROUPED.match(body):
        return Decimal(body.replace(",", "")), None
    if _PLAIN.match(body):
        repair = "no thousands separator" if "." not in body and len(body) > 3 else None
        return Decimal(body), repair
    if ".." in body and _PLAIN.match(re.sub(r"\.{2,}", ".", body)):
        return Decimal(re.sub(r"\.{2,}", ".", body)), "repeated decimal point"
    if body.count(",") == 1 and "." not in body and re.match(r"^\d+,\d{1,2}$", body):
        return Decimal(body.replace(",", ".")), "comma used as decimal mark"
    cleaned = body.replace(",", "")
    if _PLAIN.match(cleaned):
        return Decimal(cleaned), "irregular thousands separators"
    raise ValueError(body)


def read_amount(token: str, line: int = 0) -> Amount | None:
    """The amount a token stands for, or ``None`` when the token is not an amount."""
    m = _TOKEN.match(token.strip())
    if not m or bool(m.group("open")) != bool(m.group("close")):
        return None
    body, junk = m.group("body"), m.group("junk")
    paren = bool(m.group("open"))
    if body in (NOTHING, ENDED):
        return Amount(token, None, paren, line, None)
    try:
        value, repair = _number(body)
    except ValueError:
        return None
    if junk:
        repair = repair if repair else f"stray mark after the number: {junk}"
    return Amount(token, value, paren, line, repair)


def is_amount_line(text: str) -> bool:
    """A line made only of amount cells (a stacked or wrapped row's numbers)."""
    tokens = text.split()
    return bool(tokens) and all(read_amount(t) is not None for t in tokens)
