"""What a request may ask the engine to do, decided before it runs, in time linear in its length.

pyoxigraph evaluates ``SERVICE`` by calling out over HTTP and ``LOAD`` by fetching a document, so
both are refused. Two checks decide, and the guard runs in the query worker (inside the request's
time limit, never on the server's event loop):

* a SPARQL lexer (:data:`_TOKEN`): comments, strings, IRIs, variables and prefixed names are
  tokens of their own, so ``# SERVICE`` or ``"SERVICE"`` neither trigger nor hide anything. Every
  alternative of its pattern either matches at its first attempt or fails after a bounded look,
  so the scan is linear in the text (a regular expression that backtracks over a long name made
  the old lexer quadratic: a 64 KB query took 21 s);
* the engine itself, whenever the text mentions a refused keyword anywhere at all (in a comment,
  a string, an IRI, a name): every occurrence of the word is changed by one letter (``SERVICE`` ->
  ``SERVICX``) and pyoxigraph parses the result on an empty in-memory store. A keyword changed so
  is a syntax error; a word in a string, comment, IRI or name is not. So the request is refused
  when the engine would have read the keyword, even where a lexer and the engine could disagree
  (``?a<?b`` is a comparison to the engine but the start of an IRI to a lexer). A mention made of
  ``\\u`` escapes is refused outright.

The same lexer tells whether a query names its own dataset (``FROM``: it stops where the WHERE
clause starts, as a dataset clause comes before it), how deeply brackets nest
(:data:`MAX_NESTING`: deeper requests are refused before the engine's recursive parser could
exhaust its stack), and where the protocol's ``using-graph-uri`` parameters go in an update.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from pyoxigraph import NamedNode, Store

from policykg.model.vocab import PREFIXES

from .errors import ApiError

MAX_NESTING = 1000

_C = r"\w\u00B7-\uFFFF\-"  # characters of names (PN_CHARS, loosely)
_LOCAL = rf"[{_C}:%\\]"  # characters of a prefixed name (with %-escapes and \-escapes)
# Tokens that need no further look: each alternative matches at its first attempt (an
# unterminated string runs to the end of its line, or of the text) or fails after one character.
_SKIP = r"""
    \s+
  | \#[^\n\r]*
  | <[^<>"{}|^`\\\x00-\x20]*>
  | '''(?:[^'\\]|\\.|'(?!''))*(?:''')?
  | \"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\")?
  | '(?:[^'\\\n\r]|\\.)*'?
  | "(?:[^"\\\n\r]|\\.)*"?
  | [?$]\w*
  | @[A-Za-z]+(?:-[A-Za-z0-9]+)*
  | \d+
  | [.,*+/|!=>&^~%\\-]+
"""
# Captured: bare words (keywords) and the marks the checks need; everything else is skipped.
_WORD = rf"[A-Za-z]+(?![{_C}:%\\]|\.+{_LOCAL})"
_NAME = rf"[A-Za-z_\u00C0-\uFFFF:]{_LOCAL}*(?:\.+{_LOCAL}+)*"
_TOKEN = re.compile(rf"(?:{_SKIP})|({_WORD}|[{{}}()\[\];])|(?:{_NAME})|.", re.X | re.S)
# a keyword neither after a letter or _ nor before a word character (the lookbehind after the
# word: a pattern that starts with it lets the engine look for the word itself, 3 times faster)
_MAYBE_BARE = {
    k: re.compile(rf"{k}(?<![A-Za-z_]{k})(?!\w)", re.I) for k in ("SERVICE", "LOAD", "FROM")
}
_OPEN = {"(": 1, "{": 1, "[": 1, ")": -1, "}": -1, "]": -1}
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Token:
    """A keyword-like word (``kind == "word"``) or one of ``{ } ( ) [ ] ;`` (``"punct"``)."""

    kind: str
    text: str
    start: int
    depth: int  # brace depth before the token

    @property
    def keyword(self) -> str | None:
        return self.text.upper() if self.kind == "word" else None


def tokens(text: str) -> Iterator[Token]:
    """The bare words and brackets of a SPARQL request, outside strings, IRIs and comments.

    >>> [t.text for t in tokens('SELECT ?s { ?s ex:p "FROM x" } # WHERE')]
    ['SELECT', '{', '}']
    """
    depth = 0
    for m in _TOKEN.finditer(text):
        word = m.group(1)
        if not word:
            continue
        kind = "word" if word[0].isalpha() else "punct"
        yield Token(kind, word, m.start(1), depth)
        if word == "{":
            depth += 1
        elif word == "}":
            depth -= 1


def _words(text: str) -> list[str]:
    """The captured tokens of ``text`` in order (one C-level pass)."""
    return [w for w in _TOKEN.findall(text) if w]


def _nesting(words: Sequence[str]) -> int:
    return max(accumulate(_OPEN.get(w, 0) for w in words), default=0)


def _refuse(keyword: str) -> ApiError:
    what = (
        "SERVICE (federated query) is not allowed: this endpoint makes no outbound requests"
        if keyword == "SERVICE"
        else "LOAD is not allowed: this endpoint reads neither the network nor local files"
    )
    return ApiError(400, "refused", what)


def _unescape(text: str) -> str:
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _changed(text: str, keyword: str) -> str:
    """``text`` with the last letter of every occurrence of ``keyword`` (any case) changed."""
    pattern = re.compile(re.escape(keyword[:-1]) + "(" + keyword[-1] + ")", re.I)
    return pattern.sub(lambda m: m.group(0)[:-1] + ("X" if m.group(1).isupper() else "x"), text)


def _verify(text: str, mentioned: list[str], *, update: bool, base_iri: str | None) -> None:
    """Refuse unless the engine, given ``text`` with the mentioned keywords changed, parses it."""
    probe = text
    for keyword in mentioned:
        probe = _changed(probe, keyword)
    names = " or ".join(mentioned)
    try:
        if update:
            Store().update(probe, base_iri=base_iri, prefixes=PREFIXES)
        else:
            Store().query(probe, base_iri=base_iri, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise ApiError(
            400, "refused", f"the request mentions {names} and could not be verified safe: {exc}"
        ) from None
    except (RuntimeError, OSError, ValueError):
        pass  # parsed: evaluating on an empty store may still fail, which proves nothing


class _Scan:
    """The text, lowered, and its tokens, scanned only if something asks for them (most queries
    mention no refused keyword, no FROM and few brackets, and need no scan at all)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = text.lower()
        self._words: list[str] | None = None
        self._keywords: frozenset[str] | None = None  # the bare words, upper-cased

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = _words(self.text)
        return self._words

    def may_have(self, keyword: str) -> bool:
        """Whether ``keyword`` may be a bare word of the text: it stands somewhere, in ASCII
        letters of any case (a bare word has no others, so the lowered text holds it), neither
        after a letter or ``_`` nor before a word character, where no bare word does
        (``prov:wasDerivedFrom`` needs no scan)."""
        if keyword.lower() not in self.lowered:
            return False
        return _MAYBE_BARE[keyword].search(self.text) is not None

    def has_keyword(self, keyword: str) -> bool:
        """Whether ``keyword`` is a bare word of the text (scanned only if it may be one)."""
        if not self.may_have(keyword):
            return False
        if self._keywords is None:
            self._keywords = frozenset(w.upper() for w in self.words if w[0].isalpha())
        return keyword in self._keywords

    def names_dataset(self) -> bool:
        """Whether a query has ``FROM`` or ``FROM NAMED``.

        In a query the engine accepts, ``FROM`` stands in the dataset clause only, before the
        WHERE clause. So the lexer stops where that starts: at a bare ``WHERE``, or at a ``{``
        outside any bracket that opens no ``CONSTRUCT`` template. The body, most of a long
        query, is not scanned. A ``FROM`` further on is a syntax error, which the engine
        reports whatever this says.
        """
        if not self.may_have("FROM"):
            return False
        if self._keywords is not None:  # the whole text is lexed already
            return "FROM" in self._keywords
        brackets, previous = 0, ""
        for m in _TOKEN.finditer(self.text):
            word = m.group(1)
            if not word:
                continue
            key = word.upper()
            if key == "FROM":
                return True
            if not brackets and (key == "WHERE" or (key == "{" and previous != "CONSTRUCT")):
                return False
            brackets += _OPEN.get(key, 0)
            previous = key
        return False


def _check(scan: _Scan, *, update: bool, base_iri: str | None) -> None:
    forbidden = ("SERVICE", "LOAD") if update else ("SERVICE",)
    for keyword in forbidden:
        if scan.has_keyword(keyword):
            raise _refuse(keyword)
    text, lowered = scan.text, scan.lowered
    if "\\u" in lowered:
        unescaped = _unescape(text).lower()
        hidden = [k for k in forbidden if unescaped.count(k.lower()) > lowered.count(k.lower())]
        if hidden:
            raise ApiError(
                400,
                "refused",
                f"{' and '.join(hidden)} written with \\u escapes is not accepted",
            )
    mentioned = [k for k in forbidden if k.lower() in lowered]
    if mentioned:
        _verify(text, mentioned, update=update, base_iri=base_iri)
    depth = _nesting(scan.words) if sum(text.count(c) for c in "({[") > MAX_NESTING else 0
    if depth > MAX_NESTING:
        raise ApiError(
            400,
            "too-complex",
            f"brackets nest {depth} deep; at most {MAX_NESTING} levels are accepted",
        )


@dataclass(frozen=True)
class QueryInfo:
    names_dataset: bool  # the query has FROM / FROM NAMED


def inspect_query(text: str, base_iri: str | None = None) -> QueryInfo:
    """Refuse unsafe queries; tell whether the query names its dataset.

    >>> inspect_query("PREFIX ex: <http://e/> SELECT * FROM <http://e/g> { ?s ex:from ?o }")
    QueryInfo(names_dataset=True)
    """
    scan = _Scan(text)
    _check(scan, update=False, base_iri=base_iri)
    return QueryInfo(scan.names_dataset())


def inspect_update(
    text: str,
    using: Sequence[str] = (),
    using_named: Sequence[str] = (),
    base_iri: str | None = None,
) -> str:
    """Refuse unsafe updates; return the update with the protocol's dataset applied.

    ``using-graph-uri`` / ``using-named-graph-uri`` become ``USING`` / ``USING NAMED`` clauses of
    every ``DELETE``/``INSERT ... WHERE`` operation (SPARQL 1.1 Protocol §2.2.3). An operation that
    already has ``USING`` or ``WITH`` together with these parameters is an error (400). The IRIs
    are validated as IRIs and written in their canonical form, never spliced raw.
    """
    _check(_Scan(text), update=True, base_iri=base_iri)
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
    for op in _operations(list(tokens(text))):
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
