"""Amounts in won as people read them: 억원 as the budget tables print them, 조 and 억 in prose.

Every amount shown to a person (pages, downloads, the CLI) is formatted here, from the integer
won the graph stores (``pk:amountKRW``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

EOK = 10**8
JO = 10**12


def eok(won: int) -> str:
    """Won shown in 억원 as the tables print them.

    >>> eok(314_026_000_000)
    '3,140.26억원'
    """
    return f"{(Decimal(won) / EOK).normalize():,f}억원"


def eok_number(won: int) -> Decimal:
    """Won as a number of 억원, exact (for tables and downloads).

    >>> eok_number(1_141_045_000_000), eok_number(110_000_000_000)
    (Decimal('11410.45'), Decimal('1100'))
    """
    value = Decimal(won) / EOK
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def korean_amount(won: int) -> str:
    """Won as prose says it: 조 and 억 rounded to the nearest 억 (만원 below 1억).

    >>> korean_amount(3_069_248_000_000)
    '3조 692억원'
    >>> korean_amount(1_160_662_000_000), korean_amount(2_000_000_000_000)
    ('1조 1,607억원', '2조원')
    >>> korean_amount(444_066_900_000), korean_amount(35_000_000), korean_amount(0)
    ('4,441억원', '3,500만원', '0원')
    >>> korean_amount(-15_905_000_000)
    '-159억원'
    """
    if won < 0:
        return "-" + korean_amount(-won)
    if won < EOK:
        man = int((Decimal(won) / 10_000).quantize(Decimal(1), ROUND_HALF_UP))
        return f"{man:,}만원" if man else "0원"
    eoks = int((Decimal(won) / EOK).quantize(Decimal(1), ROUND_HALF_UP))
    jo, rest = divmod(eoks, JO // EOK)
    if not jo:
        return f"{rest:,}억원"
    return f"{jo}조 {rest:,}억원" if rest else f"{jo}조원"


def english_amount(won: int) -> str:
    """Won in English prose: billions or trillions of won, three significant figures.

    >>> english_amount(3_069_248_000_000), english_amount(444_066_900_000)
    ('3.07 trillion won', '444 billion won')
    """
    if abs(won) >= JO:
        return f"{won / JO:.3g} trillion won"
    if abs(won) >= 10**9:
        return f"{won / 10**9:.3g} billion won"
    return f"{won / 10**6:.3g} million won"
