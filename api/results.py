"""Query answers as bytes, written by pyoxigraph's own serialisers and cut at the row cap.

A result is written once, by the engine, in a format with one line per row: SPARQL TSV for
solutions (terms in N-Triples syntax, so nothing is lost) and N-Triples for graphs. The writer it
is given counts lines and stops the engine past the cap, so a huge answer is neither evaluated nor
held in full. The lines kept are the answer in the requested format as they are, or read back and
written again in it (``parse_query_results`` / ``parse`` then ``serialize``), byte for byte what
pyoxigraph writes for the same rows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from pyoxigraph import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    parse,
    parse_query_results,
    serialize,
)

from policykg.model.vocab import PREFIXES


class _Full(Exception):
    """Raised through the engine's serialiser when the cap is reached."""


class _Capped:
    """A file-like object keeping the first ``lines`` lines written to it."""

    def __init__(self, lines: int) -> None:
        self.left = lines
        self.parts: list[bytes] = []
        self.truncated = False

    def write(self, data) -> int:
        chunk = bytes(data)
        if not chunk:
            return 0
        n = chunk.count(b"\n")
        if n > self.left or (n == self.left and not chunk.endswith(b"\n")):
            end = -1
            for _ in range(self.left):
                end = chunk.index(b"\n", end + 1)
            self.parts.append(chunk[: end + 1])
            self.left = 0
            self.truncated = True
            raise _Full
        self.left -= n
        self.parts.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.parts)


def _written(write, capped: _Capped) -> tuple[bytes, bool]:
    with contextlib.suppress(_Full):
        write(capped)
    return capped.value(), capped.truncated


def solutions(result: QuerySolutions, fmt: str, limit: int) -> tuple[bytes, bool]:
    """At most ``limit`` rows in the results format ``fmt`` (a ``QueryResultsFormat`` name)."""
    tsv, truncated = _written(
        lambda out: result.serialize(out, format=QueryResultsFormat.TSV), _Capped(limit + 1)
    )
    if fmt == "TSV":
        return tsv, truncated
    body = parse_query_results(tsv, format=QueryResultsFormat.TSV).serialize(
        format=getattr(QueryResultsFormat, fmt)
    )
    assert body is not None  # without an output, serialize returns the bytes
    return body, truncated


def boolean(result: QueryBoolean, fmt: str) -> bytes:
    body = result.serialize(format=getattr(QueryResultsFormat, fmt))
    assert body is not None  # without an output, serialize returns the bytes
    return body


def triples(result: QueryTriples | Iterable, fmt: str, limit: int) -> tuple[bytes, bool]:
    """At most ``limit`` triples in the RDF format ``fmt`` (an ``RdfFormat`` name)."""
    if isinstance(result, QueryTriples):
        write = lambda out: result.serialize(out, format=RdfFormat.N_TRIPLES)  # noqa: E731
    else:  # a remote store's CONSTRUCT answer: a list of triples
        write = lambda out: serialize(result, out, format=RdfFormat.N_TRIPLES)  # noqa: E731
    nt, truncated = _written(write, _Capped(limit))
    if fmt in ("N_TRIPLES", "N_QUADS"):  # an N-Triples document is an N-Quads document
        return nt, truncated
    return graph(parse(nt, format=RdfFormat.N_TRIPLES), fmt), truncated


def graph(statements: Iterable, fmt: str) -> bytes:
    """Triples (or default-graph quads) in the RDF format ``fmt``, with the policykg prefixes
    where the format has prefixes."""
    rdf_format = getattr(RdfFormat, fmt)
    prefixed = rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML)
    data = serialize(statements, format=rdf_format, prefixes=PREFIXES if prefixed else None)
    assert data is not None  # without an output, serialize returns the bytes
    return data
