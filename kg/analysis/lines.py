"""The text of a document's lines, as the graph quotes them.

Every source span stores its quote (:meth:`~policykg.model.records.GraphBuilder.quote`: the span's
lines joined by newlines, stripped, cut after :data:`~policykg.model.records.QUOTE_LIMIT`
characters); its IRI names its document and lines (:func:`policykg.model.iri.span_lines`).
:class:`LineIndex` reads every quote once and keeps, for each document line some span covers, its
text from the smallest span whose quote maps onto its lines: a one-line span, a quote that was not
cut and has one line per line of its span, or the whole lines before the cut of a cut one (a span
starts on a line with text, so stripping does not shift its lines). So a page can show any line a
finding or a figure names, as the graph read it, without the source file.
"""

from __future__ import annotations

from policykg.model.iri import span_lines
from policykg.model.records import QUOTE_LIMIT

_QUOTES = "SELECT ?span ?quote WHERE { ?span pk:quote ?quote }"


class LineIndex:
    """Line texts by document file stem and line number.

    >>> index = LineIndex([("doc", 3, 4, "첫째 줄\\n둘째 줄"), ("doc", 4, 4, "둘째 줄")])
    >>> index.text("doc", 3), index.text("doc", 4), index.text("doc", 5) is None
    ('첫째 줄', '둘째 줄', True)
    """

    def __init__(self, spans) -> None:
        self.texts: dict[str, dict[int, str]] = {}
        for doc, start, end, quote in sorted(spans, key=lambda s: s[2] - s[1]):
            lines = quote.split("\n")
            if start != end and len(quote) > QUOTE_LIMIT:
                lines = lines[:-1]  # the last line is cut (or is only the cut mark)
            elif start != end and len(lines) != end - start + 1:
                continue
            known = self.texts.setdefault(doc, {})
            for n, text in enumerate(lines, start):
                known.setdefault(n, text)

    @classmethod
    def from_store(cls, store) -> LineIndex:
        """Every line the spans of ``store`` quote."""
        spans = []
        for r in store.select(_QUOTES):
            where = span_lines(r["span"].value)
            if where is not None:
                spans.append((*where, r["quote"].value))
        return cls(spans)

    def text(self, document: str, line: int) -> str | None:
        """The text of ``line`` of ``document`` (a file stem), or ``None`` if no span quotes it."""
        return self.texts.get(document, {}).get(line)
