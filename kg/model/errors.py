"""The error types of policykg. Every error raised by library code derives from :class:`KGError`."""

from __future__ import annotations


class KGError(Exception):
    """Base class of every policykg error."""


class SourceParseError(KGError):
    """A source document could not be read or parsed.

    Carries the document, the 1-based line, the offending snippet and the reason, so that the
    message points at the text (in the manner of rdflib's ``BadSyntax``).
    """

    def __init__(self, document: str, line: int | None, reason: str, snippet: str = "") -> None:
        self.document = document
        self.line = line
        self.reason = reason
        self.snippet = snippet
        where = f"{document}:{line}" if line else document
        text = f"{where}: {reason}"
        if snippet:
            text += f"\n    {snippet.strip()[:120]}"
        super().__init__(text)


class UnknownLoaderError(KGError):
    """No loader family is registered under a name, or none recognises a document."""


class StoreError(KGError):
    """The store is missing, locked, or a build could not be committed."""


class QueryError(KGError):
    """A query is malformed, refused, or a named question got bad parameters."""


class NotFoundError(KGError):
    """An entity, named question or resource does not exist."""


class StrictBuildError(KGError):
    """A ``--strict`` build found errors; the build was not swapped in.

    ``report`` is the build's :class:`~policykg.build.pipeline.BuildReport` (what it would have
    stored).
    """

    def __init__(self, report, problems: list[str]) -> None:
        self.report = report
        self.problems = problems
        shown = "\n  ".join(problems[:20])
        more = f"\n  ... {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"strict build refused, the store is unchanged: {len(problems)} "
            f"problem(s)\n  {shown}{more}"
        )
