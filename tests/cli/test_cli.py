"""The command line over a real store: build report, query formats, export, errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
from xml.etree import ElementTree

import pytest
from pyoxigraph import RdfFormat, parse

from policykg.cli import main as cli
from policykg.cli.main import main
from tests.support.paths import SOURCES


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


GOALS = "SELECT ?c WHERE { ?g a pk:StrategicGoal ; pk:code ?c } ORDER BY ?c"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


def query(capsys, tmp_path, store, text: str, *options: str):
    rq = tmp_path / "q.rq"
    rq.write_text(text, "utf-8")
    return run(capsys, "query", str(rq), *options, "--store", str(store))


def test_query_formats(built_store, capsys, tmp_path):
    """A SELECT answer as policykg's table and rows JSON, and in the W3C result formats."""
    store = built_store[0]
    code, out, _ = query(capsys, tmp_path, store, GOALS)
    assert code == 0 and out.splitlines()[0].strip() == "c" and "VII" in out
    code, out, _ = query(capsys, tmp_path, store, GOALS, "--format", "rows-json")
    assert code == 0 and json.loads(out) == {"columns": ["c"], "rows": [{"c": c} for c in ROMAN]}
    code, out, _ = query(capsys, tmp_path, store, GOALS, "--format", "json")
    answer = json.loads(out)
    assert code == 0 and answer["head"]["vars"] == ["c"]
    assert [b["c"] for b in answer["results"]["bindings"]] == [
        {"type": "literal", "value": c} for c in ROMAN
    ]
    code, out, _ = query(capsys, tmp_path, store, GOALS, "--format", "xml")
    root = ElementTree.fromstring(out)
    values = [e.text for e in root.iter(f"{SPARQL_RESULTS}literal")]
    assert code == 0 and root.tag == f"{SPARQL_RESULTS}sparql" and values == ROMAN
    code, out, _ = query(capsys, tmp_path, store, GOALS, "--format", "csv")
    assert code == 0 and list(csv.reader(io.StringIO(out))) == [["c"], *([c] for c in ROMAN)]
    code, out, _ = query(capsys, tmp_path, store, GOALS, "--format", "tsv")
    assert code == 0 and out.splitlines() == ["?c", *(f'"{c}"' for c in ROMAN)]


def test_ask_and_construct_answers(built_store, capsys, tmp_path):
    store = built_store[0]
    ask = "ASK { ?g a pk:StrategicGoal }"
    assert json.loads(query(capsys, tmp_path, store, ask, "--format", "json")[1]) == {
        "head": {},
        "boolean": True,
    }
    assert json.loads(query(capsys, tmp_path, store, ask, "--format", "rows-json")[1]) == {
        "boolean": True
    }
    construct = "CONSTRUCT { ?g pk:code ?c } WHERE { ?g a pk:StrategicGoal ; pk:code ?c }"
    for fmt, rdf in [("nquads", RdfFormat.N_QUADS), ("turtle", RdfFormat.TURTLE)]:
        code, out, _ = query(capsys, tmp_path, store, construct, "--format", fmt)
        codes = sorted(q.object.value for q in parse(out.encode(), format=rdf))
        assert code == 0 and codes == sorted(ROMAN), fmt


@pytest.mark.parametrize(
    ("text", "fmt", "says"),
    [
        (GOALS, "turtle", "--format turtle is for CONSTRUCT and DESCRIBE"),
        ("CONSTRUCT WHERE { ?s a pk:StrategicGoal }", "json", "--format json is for SELECT"),
    ],
)
def test_a_format_of_the_other_kind_of_answer_is_refused(
    built_store, capsys, tmp_path, text, fmt, says
):
    code, out, err = query(capsys, tmp_path, built_store[0], text, "--format", fmt)
    assert (code, out) == (2, "") and err.startswith(f"policykg: error: {says}")


def test_query_syntax_error_is_reported(built_store, capsys, tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT WHERE {", "utf-8")
    code, _, err = run(capsys, "--store", str(built_store[0]), "query", str(rq))
    assert code == 2 and "syntax" in err.lower()


@pytest.mark.parametrize("fmt,marker", [("nquads", b"> ."), ("trig", b"{"), ("turtle", b"@prefix")])
def test_export(built_store, capsysbinary, fmt, marker):
    assert main(["--store", str(built_store[0]), "export", "--format", fmt]) == 0
    out = capsysbinary.readouterr().out
    assert marker in out and "관리과제".encode() in out


def test_unknown_question_lists_available(built_store, capsys):
    code, _, err = run(capsys, "--store", str(built_store[0]), "ask", "no-such-question")
    assert code == 2 and "available" in err


def test_store_before_or_after_the_command(built_store, capsys, tmp_path):
    """``--store`` after the command name (the form people try first) is the same option; given
    on both sides, the one after the command wins."""
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES / "moti-2025-12-work-report.txt", sources)
    code, out, _ = run(capsys, "build", "--sources", str(sources), "--store", str(tmp_path / "s"))
    assert code == 0 and f"store: {tmp_path / 's'}" in out
    path = str(built_store[0])
    before = run(capsys, "--store", path, "ask", "budgets-for-agenda", "20", "--format", "csv")
    after = run(capsys, "ask", "budgets-for-agenda", "20", "--store", path, "--format", "csv")
    assert before[0] == after[0] == 0 and len(after[1].splitlines()) > 10
    assert sorted(before[1].splitlines()) == sorted(after[1].splitlines())  # rows tie in order
    both = run(capsys, "--store", str(tmp_path / "nowhere"), "ask", "budgets-for-agenda", "20")
    assert both[0] == 2  # the store before the command alone is used: it does not exist
    nowhere = str(tmp_path / "nowhere")
    code, out, _ = run(
        capsys, "--store", nowhere, "ask", "budgets-for-agenda", "20", "--store", path
    )
    assert code == 0 and len(out.splitlines()) > 10


def test_an_unexpected_error_is_one_line_and_debug_shows_the_trace(capsys, monkeypatch):
    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "cmd_questions", broken)
    code, out, err = run(capsys, "questions")
    assert (code, out) == (2, "")
    assert err == "policykg: error: unexpected RuntimeError: boom (--debug prints the trace)\n"
    for argv in (["--debug", "questions"], ["questions", "--debug"]):
        code, _, err = run(capsys, *argv)
        assert code == 2 and "Traceback" in err and 'raise RuntimeError("boom")' in err
        assert err.endswith("policykg: error: unexpected RuntimeError: boom\n")


def test_an_interrupt_is_one_line(capsys, monkeypatch):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_questions", interrupted)
    assert run(capsys, "questions") == (130, "", "policykg: interrupted\n")


def test_a_missing_query_file_is_named(built_store, capsys, tmp_path):
    missing = tmp_path / "none.rq"
    code, _, err = run(capsys, "query", str(missing), "--store", str(built_store[0]))
    assert code == 2
    assert err == f"policykg: error: cannot read the query {missing}: No such file or directory\n"
