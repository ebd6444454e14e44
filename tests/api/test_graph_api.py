"""The REST graph API under /api on a synthetic plan: shapes, formats, errors, questions."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import policykg.api.tabular
from policykg import PolicyGraph
from policykg.analysis.questions import Param, Question, questions
from policykg.api.main import create_app
from policykg.api.routers import graph as graph_router
from policykg.api.settings import Settings
from policykg.model import iri
from tests.support.graph_fixtures import EOK, synthetic_store
from tests.support.paths import DOCS

ERROR_KEYS = {"status", "code", "message"}


@pytest.fixture(scope="module")
def graph() -> PolicyGraph:
    return PolicyGraph(synthetic_store())


@pytest.fixture(scope="module")
def client(graph, tmp_path_factory) -> TestClient:
    app = create_app(Settings(store=tmp_path_factory.mktemp("no-store")))
    app.dependency_overrides[graph_router.get_graph] = lambda: graph
    return TestClient(app)


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == ERROR_KEYS
    assert body["error"]["status"] == status
    return body["error"]


def test_search_json(client):
    body = client.get("/api/search", params={"q": "환경부"}).json()
    assert body["query"] == "환경부" and body["columns"][0] == "iri"
    assert body["rows"][0]["iri"] == iri.agency("ME").value
    rows = client.get("/api/search", params={"q": "산업부"}).json()["rows"]
    assert {r["code"] for r in rows[:2]} == {"MOTIE", "MOTIR"}
    rows = client.get("/api/search", params={"q": "CBAM"}).json()["rows"]
    assert [r["iri"] for r in rows[:2]] == [iri.cooperation(1).value, iri.task("IV-3-3").value]


def test_search_csv_and_xlsx(client):
    r = client.get("/api/search", params={"q": "환경부", "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0]["label"] == "환경부" and rows[0]["code"] == "ME"
    r = client.get("/api/search", params={"q": "환경부"}, headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv")
    openpyxl = pytest.importorskip("openpyxl")
    r = client.get("/api/search", params={"q": "환경부", "format": "xlsx"})
    assert r.headers["content-type"] == policykg.api.tabular.XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert [c.value for c in sheet[1]][:4] == ["iri", "type", "code", "label"]
    assert sheet["D2"].value == "환경부"


def test_entity(client):
    body = client.get("/api/entity/program/motie/3231").json()
    assert body["iri"] == iri.program("3231").value and body["types"] == ["pk:Program"]
    assert body["label"] == "소재부품장비기술개발"
    assert {f["year"] for f in body["fundings"]} == {2023, 2024}
    task = client.get("/api/entity/I-2-1").json()
    assert task["neighbours"]["pk:supportsAgenda"][0]["sources"][0]["start"] == 14
    assert task["provenance"][0]["quote"].startswith("Ⅰ-2-①")
    encoded = client.get("/api/entity/" + iri.task("I-2-1").value.replace("/", "%2F"))
    assert encoded.status_code == 200 and encoded.json()["iri"] == iri.task("I-2-1").value


def test_neighbors_are_paged_with_nodes_and_edges(client):
    body = client.get("/api/neighbors", params={"id": "I-2-1", "limit": 2}).json()
    assert body["total"] == 5 and body["has_more"] is True and len(body["rows"]) == 2
    assert {n["iri"] for n in body["nodes"]} >= {iri.task("I-2-1").value}
    body = client.get("/api/neighbors", params={"id": "IV-3-3", "kind": "mention"}).json()
    assert [r["code"] for r in body["rows"]] == ["ME"]
    assert body["edges"] == [
        {
            "source": iri.task("IV-3-3").value,
            "target": iri.agency("ME").value,
            "relation": "mentions-agency",
            "kind": "mention",
        }
    ]


def test_path_is_capped(client):
    body = client.get("/api/path", params={"source": "3231", "target": "ME"}).json()
    assert body["paths"] == [
        [
            iri.program("3231").value,
            iri.task("I-2-1").value,
            iri.cooperation(2).value,
            iri.agency("ME").value,
        ]
    ]
    assert len(body["edges"]) == 3 and body["rows"][0]["step"] == 0
    _error(client.get("/api/path", params={"source": "3231", "target": "ME", "max": 1000}), 400)


def test_impact(client):
    body = client.get("/api/impact", params={"id": "3231", "year": 2024}).json()
    assert body["counts"]["ManagementTask"] == 2
    up = client.get("/api/impact", params={"id": "I", "direction": "upstream"}).json()
    assert iri.program("3231").value in {r["iri"] for r in up["rows"]}
    assert all(e["relation"] for e in up["edges"])


def test_budget_cut_json_and_csv(client):
    params = {"program": "program/motie/3231", "cut": 0.3, "year": 2024}
    body = client.get("/api/impact/budget-cut", params=params).json()
    assert body["lost_krw"] == 30 * EOK and body["units"] == [iri.program("3231").value]
    rows = {r["code"]: r for r in body["rows"]}
    assert set(rows) >= {"I-2-1", "I-2-3", "I-2", "I", "20-1", "24-1"}
    assert rows["24-1"]["share"] == 0.075
    assert rows["24-1"]["path"] == [
        iri.program("3231").value,
        iri.task("I-2-3").value,
        iri.agenda_task(2022, "24-1").value,
    ]
    assert rows["24-1"]["path_text"] == "3231 —funds→ I-2-3 —supports→ 24-1"
    text = client.get("/api/impact/budget-cut", params={**params, "format": "csv"}).text
    assert "I-2-3" in text and "0.075" in text


@pytest.mark.parametrize(
    "url, params, status",
    [
        ("/api/search", {}, 400),
        ("/api/search", {"q": "환경부", "format": "pdf"}, 400),
        ("/api/search", {"q": "환경부", "limit": 0}, 400),
        ("/api/entity/program/motie/0000", {}, 404),
        ("/api/entity/0000", {}, 404),
        ("/api/neighbors", {"id": "I-2-1", "direction": "up"}, 400),
        ("/api/neighbors", {"id": "I-2-1", "kind": "friendship"}, 400),
        ("/api/path", {"source": "3231"}, 400),
        ("/api/impact", {"id": "3231", "direction": "sideways"}, 400),
        ("/api/impact/budget-cut", {"program": "I-2-1", "cut": 0.3, "year": 2024}, 400),
        ("/api/impact/budget-cut", {"program": "3231", "cut": 1.5, "year": 2024}, 400),
        ("/api/impact/budget-cut", {"program": "3231", "cut": "much", "year": 2024}, 400),
        ("/api/impact/budget-cut", {"program": "3231", "cut": 0.3}, 400),
        ("/api/questions/no-such-question", {}, 404),
    ],
)
def test_invalid_input_gets_the_one_error_shape(client, url, params, status):
    _error(client.get(url, params=params), status)


def test_no_store_is_503(tmp_path):
    app = create_app(Settings(store=tmp_path))
    _error(TestClient(app).get("/api/search", params={"q": "x"}), 503)


def test_every_named_question_gets_a_documented_route(graph, tmp_path, monkeypatch):
    q = Question(
        "codes-of-type",
        "Codes of one type",
        "Codes of the entities of a class.",
        (
            Param("kind", "iri", True, None, "the class"),
            Param("code", "string", False, None, "one code"),
        ),
        ("s", "code"),
        "SELECT ?s ?code ?kind WHERE { ?s a ?kind ; pk:code ?code } ORDER BY ?code",
    )
    monkeypatch.setattr(graph_router, "questions", lambda: {q.name: q})
    monkeypatch.setattr("policykg.analysis.questions.questions", lambda: {q.name: q})
    app = create_app(Settings(store=tmp_path))
    app.dependency_overrides[graph_router.get_graph] = lambda: graph
    client = TestClient(app)
    listed = client.get("/api/questions").json()
    assert listed[0]["name"] == "codes-of-type" and listed[0]["params"][0]["required"] is True
    operation = app.openapi()["paths"]["/api/questions/codes-of-type"]["get"]
    names = {p["name"]: p["required"] for p in operation["parameters"]}
    assert names == {"kind": True, "code": False, "format": False}
    kind = "https://w3id.org/policykg/ontology#CooperationItem"
    body = client.get("/api/questions/codes-of-type", params={"kind": kind}).json()
    assert [r["code"] for r in body["rows"]] == ["1", "2"] and body["question"] == "codes-of-type"
    one = client.get("/api/questions/codes-of-type", params={"kind": kind, "code": "2"}).json()
    assert [r["code"] for r in one["rows"]] == ["2"]
    csv_text = client.get(
        "/api/questions/codes-of-type", params={"kind": kind, "format": "csv"}
    ).text
    assert csv_text.lstrip("\ufeff").startswith("s,code,kind")
    _error(client.get("/api/questions/codes-of-type"), 400)  # missing kind
    _error(client.get("/api/questions/codes-of-type", params={"kind": kind, "bogus": 1}), 400)


def test_http_api_doc_names_every_route_and_error_code(client):
    doc = (DOCS / "http-api.md").read_text("utf-8")
    routes = [
        p
        for p in client.app.openapi()["paths"]
        if p.startswith("/api/") and not p.startswith("/api/questions/")
    ]
    assert routes and all(f"`GET {r.split('{')[0]}" in doc for r in routes), routes
    source = Path(graph_router.__file__).read_text("utf-8") + Path(
        policykg.api.tabular.__file__
    ).read_text("utf-8")
    codes = set(re.findall(r'ApiError\(\d{3}, "([a-z-]+)"', source))
    assert codes and all(f"`{c}`" in doc for c in codes), codes


def test_openapi_documents_the_graph_routes(client):
    paths = client.app.openapi()["paths"]
    for path in (
        "/api/search",
        "/api/entity/{ref}",
        "/api/neighbors",
        "/api/path",
        "/api/impact",
        "/api/impact/budget-cut",
        "/api/questions",
    ):
        assert path in paths, path


# -- the bundled corpus


@pytest.fixture(scope="module")
def real_client(store, tmp_path_factory) -> TestClient:
    app = create_app(Settings(store=tmp_path_factory.mktemp("unused")))
    real = PolicyGraph(store)
    app.dependency_overrides[graph_router.get_graph] = lambda: real
    return TestClient(app)


def test_real_search_over_http(real_client):
    rows = real_client.get("/api/search", params={"q": "환경부"}).json()["rows"]
    assert rows[0]["iri"] == iri.agency("ME").value
    rows = real_client.get("/api/search", params={"q": "산업부"}).json()["rows"]
    assert {r["code"] for r in rows[:2]} == {"MOTIE", "MOTIR"}
    rows = real_client.get("/api/search", params={"q": "CBAM"}).json()["rows"]
    top = [r["iri"] for r in rows[:3]]
    assert iri.cooperation(1).value in top and iri.task("IV-3-3").value in top


def test_real_budget_cut_over_http(real_client):
    body = real_client.get(
        "/api/impact/budget-cut", params={"program": "program/motie/3231", "cut": 0.3, "year": 2024}
    ).json()
    rows = {r["code"]: r for r in body["rows"]}
    for code in ("I-2-1", "I-2-3", "I-2", "I", "20-1", "24-1"):
        assert rows[code]["path"][0] == iri.program("3231").value
        assert 0 < rows[code]["share"] <= 0.3
    assert rows["20-1"]["path_text"].startswith("3231 —funds→ I-2-")


def test_every_real_named_question_has_a_route_with_its_parameters(real_client):
    paths = real_client.app.openapi()["paths"]
    listed = {q["name"] for q in real_client.get("/api/questions").json()}
    assert listed == set(questions())
    for name, q in questions().items():
        params = {p["name"] for p in paths[f"/api/questions/{name}"]["get"]["parameters"]}
        assert params == {p.name for p in q.params} | {"format"}, name


def test_openapi_operation_ids_are_unique():
    """Routes serving several methods get one operation id per method (OpenAPI clients need it)."""
    import warnings

    from policykg.api.main import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        spec = create_app().openapi()
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids)) and "sparql_get" in ids and "store_put" in ids
