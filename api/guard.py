"""What a request may ask the engine to do, decided before anything runs.

pyoxigraph evaluates ``SERVICE`` by calling out over HTTP and ``LOAD`` by fetching a document, so
both are refused. The decision does not trust a text search: the request is tokenised by a SPARQL
lexer (comments, strings and IRIs are tokens of their own, so ``# SERVICE`` or ``"SERVICE"`` cannot
trigger or hide anything) and, whenever the text mentions either keyword at all, also parsed by
rdflib's SPARQL grammar and its parse tree searched. A request either detector flags is refused; a
request that mentions the keywords and cannot be parsed by rdflib is refused as unverifiable.

The same token stream tells the query form (for content negotiation), whether the query names its
own dataset (``FROM``), and where the protocol's ``using-graph-uri`` parameters go in an update.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from pyoxigraph import NamedNode

from .errors import ApiError

_NAME = r"[\w\u00B7-\uFFFF-]"
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$]\w+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF](?:(?:"""
    + _NAME
    + r"""|\.)*"""
    + _NAME
    + r""")?)?:
               (?:(?:"""
    + _NAME
    + r"""|:|%[0-9A-Fa-f]{2}|\\.)
                  (?:(?:"""
    + _NAME
    + r"""|:|\.|%[0-9A-Fa-f]{2}|\\.)*
                     (?:"""
    + _NAME
    + r"""|:|%[0-9A-Fa-f]{2}|\\.))?)?)
  | (?P<word>[A-Za-z_]\w*|\d+)
  | (?P<punct>.)
""",
    re.X | re.S,
)

_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    depth: int  # brace depth before the token

    @property
    def keyword(self) -> str | None:
        return self.text.upper() if self.kind == "word" else None


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of a SPARQL request (no whitespace, no comments)."""
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        assert kind is not None  # every alternative of _TOKEN is a named group
        if kind in ("ws", "comment"):
            continue
        tok = Token(kind, m.group(), m.start(), depth)
        if kind == "punct" and tok.text == "{":
            depth += 1
        elif kind == "punct" and tok.text == "}":
            depth -= 1
        yield tok


def _unescape(text: str) -> str:
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _tree_has(node: object, names: set[str]) -> bool:
    """Whether an rdflib parse tree contains a component named in ``names``."""
    stack = [node]
    while stack:
        item = stack.pop()
        if getattr(item, "name", None) in names:
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        if isinstance(item, Iterable) and (
            isinstance(item, (list, tuple)) or hasattr(item, "asList")
        ):
            stack.extend(list(item))
    return False


_FORBIDDEN = {"SERVICE": "ServiceGraphPattern", "LOAD": "Load"}


def _refuse(keyword: str) -> ApiError:
    what = (
        "SERVICE (federated query) is not allowed: this endpoint makes no outbound requests"
        if keyword == "SERVICE"
        else "LOAD is not allowed: this endpoint reads neither the network nor local files"
    )
    return ApiError(400, "refused", what)


def _check(text: str, toks: Sequence[Token], *, update: bool) -> None:
    forbidden = ("SERVICE", "LOAD") if update else ("SERVICE",)
    for tok in toks:
        keyword = tok.keyword
        if keyword is not None and keyword in forbidden:
            raise _refuse(keyword)
    lowered = _unescape(text).lower()
    mentioned = [k for k in forbidden if k.lower() in lowered]
    if not mentioned:
        return
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = (parseUpdate if update else parseQuery)(text)
    except (ParseException, ValueError, TypeError) as exc:
        raise ApiError(
            400,
            "refused",
            f"the request mentions {' or '.join(mentioned)} and could not be verified safe: {exc}",
        ) from None
    for keyword in mentioned:
        if _tree_has(tree, {_FORBIDDEN[keyword]}):
            raise _refuse(keyword)


@dataclass(frozen=True)
class QueryInfo:
    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE (None if not recognised)
    names_dataset: bool  # the query has FROM / FROM NAMED


def inspect_query(text: str) -> QueryInfo:
    """Refuse unsafe queries; tell the query form and whether it names its dataset."""
    toks = list(tokens(text))
    _check(text, toks, update=False)
    form = next((t.keyword for t in toks if t.keyword in QUERY_FORMS), None)
    names_dataset = any(t.keyword == "FROM" for t in toks)
    return QueryInfo(form, names_dataset)


def inspect_update(text: str, using: Sequence[str] = (), using_named: Sequence[str] = ()) -> str:
    """Refuse unsafe updates; return the update with the protocol's dataset applied.

    ``using-graph-uri`` / ``using-named-graph-uri`` become ``USING`` / ``USING NAMED`` clauses of
    every ``DELETE``/``INSERT ... WHERE`` operation (SPARQL 1.1 Protocol §2.2.3). An operation that
    already has ``USING`` or ``WITH`` together with these parameters is an error (400). The IRIs
    are validated as IRIs and written in their canonical form, never spliced raw.
    """
    toks = list(tokens(text))
    _check(text, toks, update=True)
    if not using and not using_named:
        return text
    try:
        clause = " ".join(
            [f"USING {NamedNode(g)}" for g in using]
            + [f"USING NAMED {NamedNode(g)}" for g in using_named]
        )
    except ValueError as exc:
        raise ApiError(400, "bad-request", f"using-graph-uri: {exc}") from None
    inserts = []
    for op in _operations(toks):
        first = next(
            (i for i, t in enumerate(op) if t.keyword not in (None, "PREFIX", "BASE")), None
        )
        if first is None or op[first].keyword not in ("WITH", "DELETE", "INSERT"):
            continue
        after = op[first + 1].keyword if first + 1 < len(op) else None
        if op[first].keyword != "WITH" and after in ("DATA", "WHERE"):
            continue  # INSERT DATA / DELETE DATA / DELETE WHERE take no dataset
        words = [t.keyword for t in op if t.depth == 0 and t.keyword]
        if "WITH" in words or "USING" in words:
            raise ApiError(
                400,
                "dataset-conflict",
                "using-graph-uri/using-named-graph-uri cannot be combined with an "
                "update that has its own USING or WITH clause",
            )
        where = next((t for t in op if t.depth == 0 and t.keyword == "WHERE"), None)
        if where is not None:  # without WHERE the engine reports the syntax error
            inserts.append(where.start)
    for pos in reversed(inserts):
        text = f"{text[:pos]}{clause} {text[pos:]}"
    return text


def _operations(toks: Sequence[Token]) -> Iterator[list[Token]]:
    """Split an update's tokens into operations at top-level ``;``."""
    current: list[Token] = []
    for tok in toks:
        if tok.kind == "punct" and tok.text == ";" and tok.depth == 0:
            yield current
            current = []
        else:
            current.append(tok)
    if current:
        yield current
