"""``policykg export --format html --focus ID --depth N``: a self-contained pyvis page."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import networkx as nx
import pytest

pytest.importorskip("pyvis", reason="pyvis is in the web extra")

from policykg.api.pyvis_export import export_html, font_faces, neighbourhood
from policykg.cli.main import main
from policykg.graph import PolicyGraph

GOAL = "https://w3id.org/policykg/id/plan/motie-2024/goal/I-2"


def _data(page: str, name: str) -> list[dict]:
    found = re.search(rf"const {name} = new vis\.DataSet\((.*?)\);\n", page)
    assert found, f"no {name} DataSet in the page"
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def graph(store) -> PolicyGraph:
    return PolicyGraph(store)


def test_neighbourhood_follows_edges_both_ways_and_stops_at_depth():
    G = nx.MultiDiGraph(
        [("task", "goal"), ("goal", "strategy"), ("program", "task"), ("strategy", "plan")]
    )
    hood = neighbourhood(G, "task", 1)
    assert sorted(hood.graph) == ["goal", "program", "task"]
    assert not hood.truncated
    assert sorted(neighbourhood(G, "task", 2).graph) == ["goal", "program", "strategy", "task"]
    assert neighbourhood(G, "task", 2).graph.nodes["strategy"]["hop"] == 2


def test_neighbourhood_cap_keeps_the_nearest_and_says_so():
    G = nx.MultiDiGraph([("hub", f"leaf{i}") for i in range(10)] + [("leaf0", "far")])
    hood = neighbourhood(G, "hub", 2, max_nodes=4)
    assert len(hood.graph) == 4 and hood.truncated
    assert "far" not in hood.graph
    with pytest.raises(ValueError):
        neighbourhood(G, "hub", -1)


def test_page_is_self_contained_and_shows_the_neighbourhood(graph):
    page = export_html(graph, "plan/motie-2024/goal/I-2", 1)
    # Nothing is loaded from anywhere: no src/href attributes, the library is inlined.
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    assert not re.search(r"//(cdn|cdnjs|unpkg|fonts)\.", page) and "url(http" not in page
    assert "vis.Network" in page and "data:font/woff2;base64," in page
    nodes = {n["id"]: n for n in _data(page, "nodes")}
    codes = {n["label"].split("\n")[0] for n in nodes.values()}
    # Goal I-2's own line of the plan: strategic goal I above, tasks I-2-1..I-2-4 below.
    assert {"I", "I-2-1", "I-2-2", "I-2-3", "I-2-4"} <= codes
    assert nodes[GOAL]["size"] > max(n["size"] for i, n in nodes.items() if i != GOAL)
    assert "소재·부품·장비" in nodes[GOAL]["title"]
    edges = _data(page, "edges")
    assert {(e["from"], e["to"]) for e in edges} >= {
        ("https://w3id.org/policykg/id/plan/motie-2024/task/I-2-1", GOAL)
    }
    # Stabilise, then physics off: no endless simulation.
    assert "setOptions({ physics: { enabled: false } })" in page


def test_focus_accepts_a_code_and_depth_widens(graph):
    one = _data(export_html(graph, "I-2", 1, embed_font=False), "nodes")
    two = _data(export_html(graph, "I-2", 2, embed_font=False), "nodes")
    assert len(two) > len(one)


def test_font_pieces_follow_the_text():
    assert font_faces("ABC").count("@font-face") == 1  # the latin piece only
    korean = font_faces("ABC 국정과제 관리과제 예산")
    assert 1 < korean.count("@font-face") < 10
    assert "unicode-range" in korean


def test_cli_writes_the_page(built_store, tmp_path, capsys):
    out = tmp_path / "i-2.html"
    rc = main(
        [
            "--store",
            str(built_store[0]),
            "export",
            "--format",
            "html",
            "--focus",
            "plan/motie-2024/goal/I-2",
            "--depth",
            "1",
            "-o",
            str(out),
        ]
    )
    assert rc == 0
    text = out.read_text("utf-8")
    assert text.startswith("<!doctype html>") and "I-2" in text


def test_cli_errors_name_the_problem(built_store, capsys):
    store = str(built_store[0])
    assert main(["--store", store, "export", "--format", "html"]) == 2
    assert "needs --focus" in capsys.readouterr().err
    assert main(["--store", store, "export", "--format", "html", "--focus", "agenda/1999/0"]) == 2
    assert "agenda/1999/0" in capsys.readouterr().err


def test_cli_without_pyvis_says_which_extra(built_store, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyvis", None)
    monkeypatch.setitem(sys.modules, "pyvis.network", None)
    monkeypatch.delitem(sys.modules, "policykg.api.pyvis_export", raising=False)
    rc = main(["--store", str(built_store[0]), "export", "--format", "html", "--focus", "I-2"])
    assert rc == 2
    assert "policykg[web]" in capsys.readouterr().err


def test_core_does_not_import_pyvis():
    code = "import policykg, policykg.graph, sys; print('pyvis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
