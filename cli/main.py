"""The ``policykg`` command line."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from pathlib import Path

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, serialize

from policykg.analysis import questions as q
from policykg.api.settings import serve_options, settings_from
from policykg.build.pipeline import build
from policykg.build.validate import validate
from policykg.model.errors import KGError, StrictBuildError
from policykg.model.terms import python_value
from policykg.store.policy_store import PolicyStore, default_store_path, store_location
from policykg.store.remote import is_remote

from . import output
from .report import render_build_report, render_validation


def _store(args) -> PolicyStore:
    return PolicyStore.open(args.store)


def cmd_build(args) -> int:
    try:
        report = build(
            args.sources,
            args.store,
            strict=args.strict,
            progress=lambda msg: print(msg, file=sys.stderr, flush=True),
        )
    except StrictBuildError as exc:
        print(render_build_report(exc.report))
        print(f"policykg: {exc}", file=sys.stderr)
        return 1
    print(render_build_report(report))
    return 0


RESULT_FORMATS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}
"""The W3C SPARQL 1.1 result formats of a SELECT or ASK answer, by ``--format`` name."""

ROWS_FORMATS = ("table", "rows-json")
"""policykg's own renderings of a SELECT answer: an aligned table, and ``{"columns", "rows"}``
JSON of plain values (as ``policykg ask --format json`` writes rows)."""


def cmd_query(args) -> int:
    result = _store(args).query(_query_text(args.file))
    fmt = args.format
    if isinstance(result, (QuerySolutions, QueryBoolean)):
        if fmt in EXPORT_FORMATS:
            raise KGError(
                f"--format {fmt} is for CONSTRUCT and DESCRIBE; a SELECT or ASK answer is "
                f"written as {', '.join([*ROWS_FORMATS, *RESULT_FORMATS])}"
            )
        if fmt in RESULT_FORMATS:
            _write(result.serialize(format=RESULT_FORMATS[fmt]))
        elif isinstance(result, QueryBoolean):
            print(output.to_json({"boolean": bool(result)}) if fmt == "rows-json" else bool(result))
        else:
            cols = [v.value for v in result.variables]
            rows = [{c: python_value(r[c]) for c in cols} for r in result]
            print(output.render(cols, rows, "json" if fmt == "rows-json" else fmt))
        return 0
    if fmt in RESULT_FORMATS or fmt == "rows-json":
        raise KGError(
            f"--format {fmt} is for SELECT and ASK; a CONSTRUCT or DESCRIBE answer is written "
            f"as {', '.join(sorted(EXPORT_FORMATS))} (table: turtle)"
        )
    _write(serialize(result, format=EXPORT_FORMATS["turtle" if fmt == "table" else fmt]))
    return 0


def _query_text(file: str) -> str:
    """The query of ``file`` (``-``: standard input), UTF-8."""
    try:
        return sys.stdin.read() if file == "-" else Path(file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else f"not UTF-8 ({exc.reason})"
        raise KGError(f"cannot read the query {file}: {reason}") from None


def _write(data: bytes | None) -> None:
    """Bytes to standard output, ending with a line end."""
    assert data is not None  # without an output, serialize returns the bytes
    sys.stdout.flush()
    sys.stdout.buffer.write(data if data.endswith(b"\n") else data + b"\n")
    sys.stdout.buffer.flush()


def cmd_ask(args) -> int:
    question = q.question(args.name)
    params = dict(_parse_params(question, args.params))
    answer = q.ask(_store(args), args.name, **params)
    if args.format == "json":
        print(
            output.to_json(
                {
                    "question": answer.question,
                    "columns": answer.columns,
                    "rows": answer.rows,
                    "summary": answer.summary,
                }
            )
        )
        return 0
    print(output.render(answer.columns, answer.rows, args.format))
    if answer.summary and args.format == "table":
        print()
        for key, value in answer.summary.items():
            print(f"{key}: {output.to_json(value) if isinstance(value, (dict, list)) else value}")
    return 0


def _parse_params(question: q.Question, raw: list[str]):
    """``key=value`` or ``--key value`` pairs, or bare values in the declared parameter order."""
    positional = [p.name for p in question.params]
    i = 0
    items = iter(raw)
    for item in items:
        if "=" in item:
            key, value = item.split("=", 1)
            yield key.lstrip("-"), value
        elif item.startswith("--") and len(item) > 2:
            following = next(items, None)
            if following is None:
                raise KGError(f"{question.name}: {item} needs a value")
            yield item[2:], following
        else:
            if i >= len(positional):
                raise KGError(
                    f"{question.name}: too many values; parameters are {', '.join(positional)}"
                )
            yield positional[i], item
            i += 1


def cmd_questions(args) -> int:
    for question in q.questions().values():
        params = " ".join(
            f"{p.name}{'' if p.required else '=' + str(p.default)}" for p in question.params
        )
        print(f"{question.name:24} {params:32} {question.title}")
    return 0


EXPORT_FORMATS = {
    "nquads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
}


def cmd_export(args) -> int:
    store = _store(args)
    if args.format == "html":
        return _export_html(store, args)
    fmt = EXPORT_FORMATS[args.format]
    with contextlib.ExitStack() as stack:
        out = (
            sys.stdout.buffer
            if args.output == "-"
            else stack.enter_context(open(args.output, "wb"))
        )
        if fmt.supports_datasets:
            store.store.dump(out, format=fmt)
        else:
            triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            data = serialize(triples, format=fmt, prefixes=dict(_prefixes()))
            assert data is not None  # without an output, serialize returns the bytes
            out.write(data)
    return 0


def _export_html(store: PolicyStore, args) -> int:
    """A self-contained pyvis page of ``--focus``'s neighbourhood (needs the ``web`` extra)."""
    if not args.focus:
        raise KGError("export --format html needs --focus ID (e.g. agenda/2022/20)")
    try:
        from policykg.api.pyvis_export import export_html
    except ImportError as exc:
        raise KGError(
            f"export --format html needs the web extra (pip install 'policykg[web]'): {exc}"
        ) from None
    from policykg.graph import PolicyGraph

    page = export_html(PolicyGraph(store), args.focus, args.depth, max_nodes=args.max_nodes)
    if args.output == "-":
        sys.stdout.write(page)
    else:
        Path(args.output).write_text(page, encoding="utf-8")
    return 0


def _prefixes():
    from policykg.model.vocab import PREFIXES

    return PREFIXES.items()


def cmd_trace(args) -> int:
    from policykg.graph import PolicyGraph

    graph = PolicyGraph(_store(args))
    result = graph.impact(
        args.node, cut=args.cut, year=args.year, depth=args.depth, direction=args.direction
    )
    rows = result.rows()
    # the columns of the API's table; the IRI in CSV only, the path as path_text
    columns = [c for c in result.COLUMNS if c != "path" and (c != "iri" or args.format != "table")]
    if args.cut is None:
        head = {"source": result.source, "direction": result.direction}
    else:
        head = {
            "program": result.program,
            "cut": result.cut,
            "year": result.year,
            "lost_krw": result.lost_krw,
        }
    if args.format == "json":
        print(output.to_json({**head, "counts": result.counts, "rows": rows}))
        return 0
    print(output.render(columns, rows, args.format))
    if args.format == "table":
        print()
        for key, value in {**head, "counts": result.counts}.items():
            print(f"{key}: {value}")
    return 0


def cmd_validate(args) -> int:
    report = validate(_store(args))
    print(render_validation(report))
    return 0 if report.ok else 1


def cmd_serve(args) -> int:
    from policykg.api.main import create_app
    from policykg.api.server import serve
    from policykg.store.writers import StoreWriter

    root = store_location(args.store)
    if args.allow_update and not is_remote(root) and not (Path(root) / "current").exists():
        StoreWriter(root).commit()  # a private, writable store may start empty
    store = PolicyStore.open(root)
    print(f"store {root}: {len(store)} quads in {len(store.graphs())} graphs", file=sys.stderr)
    del store
    try:
        settings = settings_from(
            {name: getattr(args, name) for name, _f, _k in serve_options()} | {"store": root}
        )
    except ValueError as exc:
        raise KGError(str(exc)) from None
    print(
        f"SPARQL endpoint http://{settings.host}:{settings.port}/sparql, query page /query"
        f"{' (updates enabled)' if args.allow_update else ' (read-only)'}",
        file=sys.stderr,
    )
    serve(create_app(settings), settings)
    return 0


def _global_options(p: argparse.ArgumentParser, default) -> None:
    """``--store`` and ``--debug``: taken before the command name and after it alike."""
    p.add_argument(
        "--store",
        default=default if default is argparse.SUPPRESS else None,
        help=f"store directory or SPARQL server URL (default $POLICYKG_STORE or "
        f"{default_store_path()})",
    )
    p.add_argument(
        "--debug",
        action="store_true",
        default=default if default is argparse.SUPPRESS else False,
        help="on an unexpected error, print the Python trace",
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="policykg", description=__doc__)
    _global_options(p, None)
    # The same options on each command, not defaulted there, so a value given before the
    # command name is kept unless one is given after it.
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", required=True)

    def command(name: str, **kw) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], **kw)

    b = command("build", help="parse the source documents into a new store generation")
    b.add_argument("--sources", default=None, help="folder of *.txt documents (default: bundled)")
    b.add_argument(
        "--strict",
        action="store_true",
        help="refuse the build (exit 1, store unchanged) if a document is not "
        "recognised, a SHACL shape is violated or a finding is an error",
    )
    b.set_defaults(func=cmd_build)

    s = command("serve", help="serve the store over HTTP (SPARQL endpoint, pages)")
    for _name, flag, kw in serve_options():
        s.add_argument(flag, **kw)
    s.set_defaults(func=cmd_serve)

    qy = command("query", help="run a SPARQL query over the store")
    qy.add_argument("file", help="a .rq file, or - for standard input")
    qy.add_argument(
        "--format",
        choices=[*ROWS_FORMATS, *RESULT_FORMATS, *sorted(EXPORT_FORMATS)],
        default="table",
        help="SELECT/ASK: table, rows-json (policykg's {columns, rows}) or a W3C format "
        "(json, xml, csv, tsv); CONSTRUCT/DESCRIBE: turtle (also for table), nquads, ntriples, "
        "trig",
    )
    qy.set_defaults(func=cmd_query)

    a = command("ask", help="run a named question (see `policykg questions`)")
    a.add_argument("name")
    a.add_argument("params", nargs="*", help="values in order, or name=value")
    a.add_argument("--format", choices=["json", "csv", "table"], default="table")
    a.set_defaults(func=cmd_ask)

    ql = command("questions", help="list the named questions and their parameters")
    ql.set_defaults(func=cmd_questions)

    e = command("export", help="dump the store as RDF, or one neighbourhood as an HTML page")
    e.add_argument("--format", choices=sorted([*EXPORT_FORMATS, "html"]), default="nquads")
    e.add_argument(
        "--focus", help="html: the entity at the centre (IRI, path such as agenda/2022/20, or code)"
    )
    e.add_argument("--depth", type=int, default=1, help="html: hops around the focus (default 1)")
    e.add_argument("--max-nodes", type=int, default=400, help="html: node cap (default 400)")
    e.add_argument("--output", "-o", default="-")
    e.set_defaults(func=cmd_export)

    t = command("trace", help="impact tracing: what a node affects, or a budget cut")
    t.add_argument("node", help="an IRI, a path under id/ (program/motie/3231) or a code")
    t.add_argument(
        "--cut",
        type=float,
        default=None,
        help="simulate cutting a program or sub-project by this fraction (0.3 = 30%%)",
    )
    t.add_argument(
        "--year",
        type=int,
        default=None,
        help="fiscal year of the fundings followed (required with --cut)",
    )
    t.add_argument("--depth", type=int, default=None, help="largest number of edges followed")
    t.add_argument("--direction", choices=["downstream", "upstream"], default="downstream")
    t.add_argument("--format", choices=["json", "csv", "table"], default="table")
    t.set_defaults(func=cmd_trace)

    v = command("validate", help="SHACL shapes and the data-quality report")
    v.set_defaults(func=cmd_validate)
    return p


def main(argv: list[str] | None = None) -> int:
    args, extra = parser().parse_known_args(argv)
    if extra and args.command == "ask":
        args.params += extra
    elif extra:
        parser().error(f"unrecognised arguments: {' '.join(extra)}")
    try:
        return args.func(args)
    except KGError as exc:
        print(f"policykg: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (``| head``): nothing more to say, and nothing to flush at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("policykg: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last handler: no command ends in a Python trace
        if args.debug:
            traceback.print_exc()
        hint = "" if args.debug else " (--debug prints the trace)"
        print(
            f"policykg: error: unexpected {type(exc).__name__}: {exc}{hint}",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
