"""``python3 -m benchmarks.route_cost`` times the routes it means to (not their errors)."""

from __future__ import annotations

import pytest

from benchmarks import route_cost


def test_each_route_is_timed_answering_as_it_should(built_store, capsys):
    if "://" in str(built_store[0]):
        pytest.skip("the application's own cost: a store on disk")
    assert route_cost.main(["--store", str(built_store[0]), "--reps", "3"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows[1:]] == [
        f"{method} {path}" + (f"?{query}" if query else "")
        for method, path, query in route_cost.ROUTES
    ]
    assert rows[1].endswith("| 1.0 |")  # the reference, against itself


def test_a_route_answering_otherwise_stops_the_run(built_store, monkeypatch):
    if "://" in str(built_store[0]):
        pytest.skip("the application's own cost: a store on disk")
    wrong = {**route_cost.ROUTES, ("GET", "/api/questions/law-timeline", "law=x"): 404}
    monkeypatch.setattr(route_cost, "ROUTES", wrong)
    with pytest.raises(SystemExit, match="law=x: 200, not 404"):
        route_cost.main(["--store", str(built_store[0]), "--reps", "1"])
