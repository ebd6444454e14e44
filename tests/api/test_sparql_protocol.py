"""Reading a /sparql request's parameters: the fast %-decoding reads what ``parse_qsl`` reads."""

from __future__ import annotations

import random
from urllib.parse import parse_qsl, urlencode

import pytest

from policykg.api.errors import ApiError
from policykg.api.protocol import parameters

# Pieces a form may hold: escapes good and bad, the codec's own escape syntax, UTF-8 raw and
# escaped, an escape of a lone UTF-8 continuation byte, separators.
PIECES = [
    "a", "Z", "가", "=", "&", "&&", "+", " ", "%", "%4", "%zz", "%%41", "%41", "%4g", "%EA%B0%80",
    "%ea%b0", "%80", "%25", "%5C", "%5Cx41", "\\", "\\x41", "\\u0041", "\\N{DASH}", "\\\\", "x",
]  # fmt: skip


def _reference(encoded: bytes) -> list[tuple[str, str]] | None:
    """What the standard library reads, or None where it finds a %-escape that is not UTF-8."""
    try:
        return parse_qsl(encoded.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return None


def test_every_form_reads_as_parse_qsl_reads_it():
    rng = random.Random(20261207)
    cases = ["".join(rng.choices(PIECES, k=rng.randint(0, 12))) for _ in range(5000)]
    refused = 0
    for case in cases:
        encoded = case.encode("utf-8")
        expected = _reference(encoded)
        if expected is None:
            refused += 1
            with pytest.raises(ApiError) as err:
                parameters(encoded, "the form body")
            assert err.value.code == "bad-encoding", case
        else:
            assert parameters(encoded, "the form body") == expected, case
    assert 100 < refused < 4000  # both kinds of case were met


def test_a_query_in_korean_round_trips():
    text = 'SELECT * { ?s rdfs:label "석유화학 특별법 \\u0041 100%" } # 주석 + \\ %zz'
    encoded = urlencode({"query": text, "$law": '"분산에너지활성화특별법"'}).encode()
    assert parameters(encoded, "the form body") == [
        ("query", text),
        ("$law", '"분산에너지활성화특별법"'),
    ]


def test_a_raw_byte_that_is_not_utf8_names_the_part_of_the_request():
    with pytest.raises(ApiError) as err:
        parameters(b"query=ASK%20%7B%7D\xff", "the query string")
    assert err.value.code == "bad-encoding"
    assert "the query string" in err.value.message
