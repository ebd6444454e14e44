"""Every failure in the one JSON error shape, and documented as sent: invalid IRIs in the graph API,
the OpenAPI document's statuses, the Graph Store Protocol on a remote store."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from policykg import PolicyGraph
from policykg.api.main import create_app
from policykg.api.routers import graph as graph_router
from policykg.api.settings import Settings
from policykg.api.worker import Engine, _answer
from policykg.store.remote import RemoteStore
from tests.support.graph_fixtures import synthetic_store

ID = "https://w3id.org/policykg/id/"


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    graph = PolicyGraph(synthetic_store())
    app = create_app(Settings(store=tmp_path_factory.mktemp("no-store")))
    app.dependency_overrides[graph_router.get_graph] = lambda: graph
    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize("bad", [f"{ID}program/a>b", f"{ID}program/a b", "http://x/<y"])
@pytest.mark.parametrize(
    "url, param",
    [
        ("/api/entity/{}", None),
        ("/api/neighbors", "id"),
        ("/api/path", "source"),
        ("/api/impact", "id"),
        ("/api/impact/budget-cut", "program"),
    ],
)
def test_an_invalid_iri_is_a_400_in_every_route(client, url, param, bad):
    """A full IRI with ``>`` or a space once reached pyoxigraph's ``NamedNode`` and gave a
    plain-text 500."""
    params = {"target": "3231", "cut": 0.3, "year": 2024}
    if param:
        params[param] = bad
        r = client.get(url, params=params)
    else:
        r = client.get(url.format(bad.replace(" ", "%20").replace(">", "%3E")))
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"]["code"] == "bad-request"
    assert "not an IRI" in r.json()["error"]["message"]


def test_the_openapi_document_lists_the_statuses_the_server_sends(client):
    spec = client.get("/openapi.json").json()
    operations = [(p, m, op) for p, ops in spec["paths"].items() for m, op in ops.items()]
    assert all("422" not in op["responses"] for _, _, op in operations)
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, _, op in operations:
        assert {"400", "414", "500"} <= set(op["responses"]), path
    search = spec["paths"]["/api/search"]["get"]["responses"]
    assert search["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert {"404", "503"} <= set(search)
    sparql = spec["paths"]["/sparql"]
    assert {"get", "post"} == set(sparql)
    assert {"400", "405", "406", "413", "415", "503"} <= set(sparql["post"]["responses"])
    assert {"401", "403", "415", "501"} <= set(spec["paths"]["/store"]["put"]["responses"])


def test_the_docs_page_loads_only_vendored_assets(client):
    html = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert '"validatorUrl": null' in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"):
        assert client.get(f"/static/vendor/swagger-ui/{asset}").status_code == 200


def test_the_graph_store_protocol_on_a_remote_store_is_a_501_not_a_crash():
    """A worker forwarding to a SPARQL server has no store on disk to read graphs from directly;
    it once failed an assertion there (the worker died). The request is refused, nothing is
    sent to the remote server."""
    engine = Engine(RemoteStore.from_url("http://127.0.0.1:9/sparql"))
    for op in ("graph_read", "graph_delete"):
        reply = _answer(engine, {"op": op, "graph": None, "accept": None, "format": None})
        assert (reply["status"], reply["code"]) == (501, "not-supported")
