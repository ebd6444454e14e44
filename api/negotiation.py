"""Content negotiation: which serialisation answers a request.

SELECT and ASK results go out as SPARQL JSON (default), XML, CSV or TSV; graphs (CONSTRUCT,
DESCRIBE, the service description, Graph Store reads) as Turtle (default), N-Triples, RDF/XML,
JSON-LD, N-Quads or TriG (the graph as the default graph of a dataset). A ``format`` parameter
(short name or media type) overrides the ``Accept`` header.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ApiError


@dataclass(frozen=True)
class Format:
    name: str  # the pyoxigraph enum member (QueryResultsFormat.* or RdfFormat.*)
    media_type: str  # what the response says in Content-Type
    aliases: tuple[str, ...]

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "json"))
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


RESULTS = (
    Format("JSON", "application/sparql-results+json", ("json", "application/json", "srj")),
    Format("XML", "application/sparql-results+xml", ("xml", "application/xml", "text/xml", "srx")),
    Format("CSV", "text/csv", ("csv",)),
    Format("TSV", "text/tab-separated-values", ("tsv",)),
)
GRAPHS = (
    Format("TURTLE", "text/turtle", ("turtle", "ttl", "n3", "application/x-turtle", "text/n3")),
    Format("N_TRIPLES", "application/n-triples", ("ntriples", "nt", "n-triples", "text/plain")),
    Format(
        "RDF_XML",
        "application/rdf+xml",
        ("rdfxml", "rdf", "rdf+xml", "xml", "application/xml", "text/xml"),
    ),
    Format("JSON_LD", "application/ld+json", ("jsonld", "json-ld", "json", "application/json")),
    Format("N_QUADS", "application/n-quads", ("nquads", "nq", "n-quads")),
    Format("TRIG", "application/trig", ("trig",)),
)


def _accepted(accept: str) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal quality)."""
    ranges = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((media, q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges]


def _matches(media_range: str, fmt: Format) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return fmt.media_type.startswith(media_range[:-1])
    return media_range == fmt.media_type or media_range in fmt.aliases


def choose(candidates: tuple[Format, ...], accept: str | None, override: str | None) -> Format:
    """The format for a response; 406 when nothing the client accepts is offered."""
    if override:
        wanted = override.strip().lower()
        for fmt in candidates:
            if wanted == fmt.media_type or wanted in fmt.aliases or wanted == fmt.name.lower():
                return fmt
        offered = ", ".join(f.aliases[0] for f in candidates)
        raise ApiError(400, "bad-format", f"unknown format {override!r} here; use one of {offered}")
    if not accept or not accept.strip():
        return candidates[0]
    for media_range, _ in _accepted(accept):
        for fmt in candidates:
            if _matches(media_range, fmt):
                return fmt
    raise ApiError(
        406,
        "not-acceptable",
        f"cannot answer with {accept!r}; available: {', '.join(f.media_type for f in candidates)}",
    )
