"""The command line over a real store: build report, query formats, export, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from policykg.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_query_formats(built_store, capsys, tmp_path):
    path = str(built_store[0])
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?c WHERE { ?g a pk:StrategicGoal ; pk:code ?c } ORDER BY ?c", "utf-8")
    code, out, _ = run(capsys, "--store", path, "query", str(rq), "--format", "json")
    assert code == 0
    codes = [r["c"] for r in json.loads(out)["rows"]]
    assert codes == ["I", "II", "III", "IV", "V", "VI", "VII"]
    code, out, _ = run(capsys, "--store", path, "query", str(rq), "--format", "csv")
    assert list(csv.reader(io.StringIO(out)))[1] == ["I"]
    code, out, _ = run(capsys, "--store", path, "query", str(rq))
    assert out.splitlines()[0].strip() == "c" and "VII" in out


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
