"""``build``: parse every source document into its named graph of a new store generation.

What a document says about a resource others describe too (an agency, an agenda task, a law) goes
to the one shared graph instead, so that each triple is stored once (see
:mod:`policykg.build.shared`).

Each document is written into a fresh generation as it is parsed (the store loads it in the
background while the parse goes on), after the ontology and reference graphs; then the
cross-document checks run, the lookup links the named questions read are derived from what is
written (:mod:`policykg.build.lookups`), and the generation is validated (on an in-memory copy,
while the generation is compacted) and swapped in. A failed build (a
parse error included) leaves the previous store as it was. A remote store (``store`` an
``http(s)://`` URL) is built in memory, validated there, then uploaded and swapped in (see
:mod:`policykg.store.policy_store`).
"""

from __future__ import annotations

import fnmatch
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from importlib.metadata import entry_points
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Triple, parse

from policykg.build import shared
from policykg.build.findings import finding_triples
from policykg.build.lookups import write_lookups
from policykg.build.reading import load, open_document, shown
from policykg.build.validate import ValidationReport, validate
from policykg.model import iri
from policykg.model.errors import (
    KGError,
    SourceParseError,
    StrictBuildError,
    UnknownLoaderError,
)
from policykg.model.records import Finding, ParseResult
from policykg.model.vocab import ontology_text
from policykg.reference.triples import reference_triples
from policykg.store.writers import writer as store_writer

Progress = Callable[[str], None]
Linker = Callable[[Sequence[ParseResult]], ParseResult]
LINKER_GROUP = "policykg.linkers"


@dataclass
class BuildReport:
    """What a build wrote and found."""

    store: Path | str
    documents: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    links: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    validation: ValidationReport | None = None


def bundled_sources() -> Path:
    """The folder of the corpus shipped with the package."""
    return Path(str(resources.files("policykg.data").joinpath("sources")))


def source_files(sources: str | Path | Iterable[str | Path] | None) -> list[Path]:
    """The ``*.txt`` documents of a folder (or the given files), sorted by name.

    Each must be a regular, readable file (a symlink to one is followed) with a UTF-8 name and
    within the size limit (:func:`~policykg.build.reading.open_document`); anything else among
    them (a folder named ``*.txt``, a FIFO, a dangling symlink or a loop, ...) is a
    :class:`SourceParseError` naming every such path, raised before anything is built.
    """
    if sources is None:
        sources = bundled_sources()
    if isinstance(sources, (str, Path)):
        path = Path(sources)
        if path.is_dir():
            try:
                files = sorted(p for p in path.iterdir() if fnmatch.fnmatchcase(p.name, "*.txt"))
            except OSError as exc:
                raise KGError(
                    f"cannot list the source folder {shown(path)}: {exc.strerror}"
                ) from None
        elif path.exists() or path.is_symlink():
            files = [path]
        else:
            raise KGError(f"no such source folder or file: {shown(path)}")
    else:
        files = sorted(Path(p) for p in sources)
    if not files:
        raise KGError(f"no *.txt documents in {sources}")
    refused = []
    for file in files:
        try:
            with open_document(file):
                pass
        except SourceParseError as exc:
            refused.append(exc)
    if len(refused) == 1:
        raise refused[0]
    if refused:
        raise KGError(
            f"{len(refused)} sources are not documents:\n  " + "\n  ".join(map(str, refused))
        )
    return files


def linkers() -> dict[str, Linker]:
    """Cross-document checks registered in the ``policykg.linkers`` entry-point group.

    A linker takes every parsed document and returns triples and findings that concern several
    of them (contradictory dates of one law, ...); they go to the links graph.
    """
    return {
        ep.name: ep.load() for ep in sorted(entry_points(group=LINKER_GROUP), key=lambda e: e.name)
    }


def run_linkers(results: Sequence[ParseResult], say: Progress) -> ParseResult:
    """Run every linker after all documents are parsed; their output merged."""
    merged = ParseResult("links", [])
    for name, linker in linkers().items():
        say(f"cross-document check {name}")
        out = linker(results)
        merged.triples.extend(out.triples)
        merged.findings.extend(out.findings)
    return merged


def build(
    sources=None,
    store: str | Path | None = None,
    *,
    progress: Progress | None = None,
    strict: bool = False,
) -> BuildReport:
    """Build the store at ``store`` (a directory or a SPARQL server URL) from ``sources``.

    ``strict``: refuse the build (raise :class:`StrictBuildError`, leave the store as it was)
    when a document is not recognised, a SHACL shape is violated or a finding is an error.
    """
    say = progress or (lambda _msg: None)
    files = source_files(sources)
    skipped: list[Finding] = []

    def parsed(out: DocumentWriter) -> Iterator[ParseResult]:
        # The smallest documents first: the store loads each while the next is parsed. A long
        # document is handed over in parts as it is parsed (records.HAND_OVER), so when the
        # last one is parsed, little is left to load.
        for n, path in enumerate(sorted(files, key=lambda f: f.stat().st_size), 1):
            say(f"[{n}/{len(files)}] parsing {path.name}")
            try:
                yield load(path, sink=out.sink(path.stem))
            except UnknownLoaderError as exc:
                skipped.append(Finding(path.stem, None, "unrecognised-document", str(exc)))
                say(f"  skipped: {exc}")

    with collector_paused():
        return _build(parsed, store, skipped, say, strict)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block (on again after, if it was on).

    A build allocates a few hundred thousand objects that all live until it ends (triples,
    terms, spans); the collector would walk them again and again — about 0.25 s of a 3 s build
    (docs/performance.md). Without it the build's peak memory is the same (about 200 MB for
    the bundled corpus): there is little cyclic garbage to free before the build returns.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def build_parsed(
    results: Iterable[ParseResult],
    store: str | Path | None = None,
    *,
    skipped: Sequence[Finding] = (),
    progress: Progress | None = None,
    strict: bool = False,
) -> BuildReport:
    """The second half of :func:`build` for documents parsed already: write, link, validate and
    swap them in. ``skipped`` may grow while ``results`` is consumed."""
    return _build(lambda _out: results, store, skipped, progress or (lambda _msg: None), strict)


def _build(
    parse: Callable[[DocumentWriter], Iterable[ParseResult]], store, skipped, say, strict: bool
) -> BuildReport:
    """Write each document as ``parse`` gives it (the store loads it in the background while
    the next one is parsed; an error while parsing aborts the build), then link, validate and
    swap in. The report lists the documents, and the linkers see them, in the order of their
    names."""
    writer = store_writer(store)
    try:
        report = BuildReport(writer.root)
        say("writing ontology and reference graphs")
        out = DocumentWriter(writer)
        by_name: dict[str, ParseResult] = {}
        for result in parse(out):
            out.write(result)
            by_name[result.document] = result
        parsed = [by_name[name] for name in sorted(by_name)]
        links = run_linkers(parsed, say)
        out.write(links, graph=iri.LINKS_GRAPH)
        report.documents = {r.document: out.counts[r.document] for r in parsed}
        report.findings = [*skipped, *(f for r in parsed for f in r.findings), *links.findings]
        say("loading the store")
        view = written(writer, say)
        say("validating")
        with ThreadPoolExecutor(max_workers=2) as pool:  # the store counts while SHACL runs
            counts = pool.submit(view.count_by_type)
            links_by_property = pool.submit(link_counts, view)
            report.validation = validate(view)
            report.counts, report.links = counts.result(), links_by_property.result()
        if strict:
            refuse_if_problems(report, skipped)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    say(f"store ready at {writer.root}")
    return report


def written(writer, say: Progress = lambda _msg: None):
    """What ``writer`` wrote, once loaded, with the lookup links derived from it
    (:mod:`policykg.build.lookups`), and the store's compaction started (in the background: the
    commit waits for it). The view to validate: the in-memory copy, if the writer keeps one."""
    view = writer.view()
    say("writing lookup links")
    write_lookups(view, writer)
    writer.compact()  # after the lookups' load, while the store is validated
    return writer.view()


def refuse_if_problems(report: BuildReport, skipped: Sequence[Finding]) -> None:
    """Raise :class:`StrictBuildError` naming each problem that a strict build refuses."""
    validation = report.validation
    assert validation is not None  # a build is refused once it is validated
    problems = [f"{f.where()}: {f.message}" for f in skipped]
    problems += [f"{f.where()}: [{f.kind}] {f.message}" for f in validation.errors]
    problems += [f"SHACL: {v.focus} {v.path}: {v.message}" for v in validation.violations]
    if problems:
        raise StrictBuildError(report, problems)


class DocumentWriter:
    """Writes a build's graphs: first the ontology and reference graphs, then each document's
    own triples and findings to its graph, those about shared resources to the shared graph
    (see :mod:`policykg.build.shared`; reference triples are not written again).

    A document may come in parts: :meth:`sink` takes those its loader hands over while it
    parses (the store loads them meanwhile), :meth:`write` the parsed document (what it did not
    hand over). ``counts``: how many triples each document gave.
    """

    def __init__(self, writer) -> None:
        self.writer = writer
        writer.add_graph(iri.ONTOLOGY_GRAPH, parse(ontology_text(), format=RdfFormat.TURTLE))
        self.reference = frozenset(reference_triples())
        writer.add_graph(iri.REFERENCE_GRAPH, self.reference)
        self.counts: dict[str, int] = {}
        self._statements: dict[str, set[NamedNode]] = {}  # of a document in parts: shared.split

    def sink(self, document: str) -> Callable[[list[Triple]], None]:
        """What takes the parts of ``document`` as its parse hands them over."""
        return lambda triples: self._write(document, triples)

    def write(self, result: ParseResult, *, graph: NamedNode | None = None) -> int:
        """Write a parsed document (its graph is ``graph`` if given); its number of triples."""
        self._write(
            result.document,
            result.triples[result.handed :] + finding_triples(result.findings),
            graph,
        )
        self._statements.pop(result.document)
        return self.counts[result.document]

    def _write(self, document: str, triples: list[Triple], graph: NamedNode | None = None):
        own, common = shared.split(
            triples, self.reference, self._statements.setdefault(document, set())
        )
        graph = graph or iri.document_graph(document)
        if document in self.counts:
            self.writer.extend_graph(graph, own)
        else:
            self.writer.add_graph(graph, own)
        self.writer.extend_graph(iri.SHARED_GRAPH, common)
        self.counts[document] = self.counts.get(document, 0) + len(own) + len(common)


def link_counts(store) -> dict[str, int]:
    """How many triples each ``pk:`` object property has (each triple is stored in one graph).

    The properties are those the ontology declares (the vocabulary is closed, see
    :mod:`policykg.model.vocab`): a count by index per property, not a scan of every triple."""
    rows = store.select(
        f"""
        SELECT ?p (COUNT(*) AS ?n) WHERE {{
          {{ SELECT DISTINCT ?p WHERE {{
              GRAPH <{iri.ONTOLOGY_GRAPH.value}> {{ ?p a ?kind }}
              FILTER(STRSTARTS(STR(?p), STR(pk:))) }} }}
          ?s ?p ?o . FILTER(isIRI(?o))
        }} GROUP BY ?p ORDER BY ?p"""
    )
    return {r["p"].value: int(r["n"].value) for r in rows}
