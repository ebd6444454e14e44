"""Reading a SPARQL 1.1 Protocol request: which operation, which text, which dataset.

Three ways in (SPARQL 1.1 Protocol §2.1, §2.2): ``GET`` with ``query=``; ``POST`` with an
``application/x-www-form-urlencoded`` body carrying ``query=`` or ``update=``; ``POST`` with the
text itself as ``application/sparql-query`` or ``application/sparql-update`` (UTF-8 only). Dataset
parameters (``default-graph-uri``, ``named-graph-uri``, ``using-graph-uri``,
``using-named-graph-uri``) come from the URL and, for form posts, from the body too. Anything else
is a 4xx with the reason; text that is not UTF-8 (raw, or in a ``%``-escape) is ``400
bad-encoding``, never silently replaced.

As in RDF4J's protocol, a parameter ``$name`` binds the query variable ``?name`` to a term given in
N-Triples syntax (``$task="I-1-1"``, ``$program=<https://...>``): the value is parsed as a term and
substituted by the engine, never spliced into the query text.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass
class Operation:
    kind: str  # "query", "update" or "describe" (no operation given)
    text: str = ""
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    format: str | None = None  # the ``format`` override, if any
    bindings: dict[str, str] = field(default_factory=dict)  # ``$name`` -> N-Triples term

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def media_type(header: str | None) -> tuple[str, dict[str, str]]:
    """``text/turtle; charset=utf-8`` -> ("text/turtle", {"charset": "utf-8"})."""
    if not header:
        return "", {}
    main, *params = header.split(";")
    parsed = {}
    for p in params:
        key, _, value = p.partition("=")
        parsed[key.strip().lower()] = value.strip().strip('"')
    return main.strip().lower(), parsed


def too_large(limit: int, what: str = "request body") -> ApiError:
    return ApiError(413, "too-large", f"{what} over the limit of {limit} bytes")


async def read_body(
    receive: Callable[[], Awaitable[MutableMapping[str, Any]]], declared: str | None, limit: int
) -> bytes:
    """An ASGI request's body, refusing more than ``limit`` bytes without reading it all."""
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ApiError(400, "bad-request", "the client left before the body was read")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "bad-encoding", f"{what} is not valid UTF-8: {exc}") from None


def parameters(encoded: bytes, what: str) -> list[tuple[str, str]]:
    """The ``name=value`` pairs of a query string or form body, decoded as UTF-8 strictly, as
    :func:`urllib.parse.parse_qsl` reads them with ``keep_blank_values`` (empty fields skipped, a
    field without ``=`` an empty value, ``+`` a space, a ``%`` without two hex digits kept).

    >>> parameters(b"query=ASK%20%7B%7D&%24x=%EA%B0%80", "the query string")
    [('query', 'ASK {}'), ('$x', '가')]
    """
    pairs = []
    try:
        for part in encoded.split(b"&"):
            if part:
                name, _, value = part.partition(b"=")
                pairs.append((_percent_decoded(name), _percent_decoded(value)))
    except UnicodeDecodeError as exc:
        utf8(encoded, what)  # raw bytes that are not UTF-8 are refused as such
        raise ApiError(
            400, "bad-encoding", f"{what} has a %-escape that is not UTF-8: {exc}"
        ) from None
    return pairs


_LONE_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def _percent_decoded(data: bytes) -> str:
    """One name or value of a form: ``+`` a space, ``%XX`` its byte, then UTF-8 (or
    :class:`UnicodeDecodeError`).

    In C rather than :func:`urllib.parse.unquote`'s loop over escapes (a 2 KB query in Korean
    has some 800 of them: 0.19 ms against 0.01): every backslash is doubled and every ``%``
    becomes ``\\x``, which the ``unicode_escape`` codec reads as the byte it names (a ``%``
    without two hex digits after it is written ``%25`` first, so it stays).
    """
    text = data.replace(b"+", b" ")
    if b"%" in text:
        text = text.replace(b"\\", b"\\\\")
        try:
            text = _escapes_read(text)
        except UnicodeDecodeError:  # a lone "%": the codec refuses "\\x" without two hex digits
            text = _escapes_read(_LONE_PERCENT.sub(b"%25", text))
    return text.decode("utf-8")


def _escapes_read(text: bytes) -> bytes:
    return text.replace(b"%", b"\\x").decode("unicode_escape").encode("latin-1")


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise ApiError(400, "bad-request", f"more than one {name!r} parameter")
    return values[0] if values else None


def _format(params: list[tuple[str, str]]) -> str | None:
    return next((v for k, v in params if k == "format" and v), None)


def _operation(kind: str, text: str, params: list[tuple[str, str]]) -> Operation:
    if kind == "query":
        default, named = "default-graph-uri", "named-graph-uri"
        stray = {"using-graph-uri", "using-named-graph-uri"}
    else:
        default, named = "using-graph-uri", "using-named-graph-uri"
        stray = {"default-graph-uri", "named-graph-uri"}
    misplaced = sorted(stray & {k for k, _ in params})
    if misplaced:
        raise ApiError(400, "bad-request", f"{', '.join(misplaced)} does not apply to a {kind}")
    return Operation(
        kind,
        text,
        default_graphs=[v for k, v in params if k == default],
        named_graphs=[v for k, v in params if k == named],
        format=_format(params),
        bindings={k[1:]: v for k, v in params if k.startswith("$") and len(k) > 1},
    )


def read(
    method: str, query_string: bytes, content_type: str | None, body: bytes, limit: int
) -> Operation:
    """The protocol operation a ``/sparql`` request asks for (``body`` is empty for ``GET``)."""
    if len(query_string) > limit:
        raise too_large(limit, "query string")
    url_params = parameters(query_string, "the query string")
    if method == "GET":
        if any(k == "update" for k, _ in url_params):
            raise ApiError(
                405, "method-not-allowed", "updates must be sent with POST", {"Allow": "POST"}
            )
        query = _single(url_params, "query")
        if query is None:
            return Operation("describe", format=_format(url_params))
        return _operation("query", query, url_params)
    mt, mparams = media_type(content_type)
    if mt == FORM:
        params = url_params + parameters(body, "the form body")
        query, update = _single(params, "query"), _single(params, "update")
        if query is not None and update is not None:
            raise ApiError(400, "bad-request", "a request carries either query or update, not both")
        if query is None and update is None:
            raise ApiError(400, "bad-request", "the form has neither a query nor an update field")
        if query is not None:
            return _operation("query", query, params)
        assert update is not None  # one of the two, as checked above
        return _operation("update", update, params)
    if mt in (QUERY, UPDATE):
        charset = mparams.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise ApiError(
                415, "unsupported-media-type", f"{mt} must be UTF-8 encoded, not {charset}"
            )
        kind = "query" if mt == QUERY else "update"
        return _operation(kind, utf8(body, f"the {kind}"), url_params)
    raise ApiError(
        415,
        "unsupported-media-type",
        f"POST needs Content-Type {FORM}, {QUERY} or {UPDATE}; got {mt or 'none'}",
    )
