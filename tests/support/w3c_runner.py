"""Replay the W3C SPARQL 1.1 Protocol and Graph Store Protocol manifests against a live server.

Each test's ``ht:requests`` are sent in order (paths ``/sparql/`` and ``/gsp`` rewritten to the
endpoint under test) and each response is checked against ``mf:expectedStatus``,
``mf:expectedFormat``, ``mf:expectedBoolean``, the expected ``Content-Type`` and body (graph
isomorphism), and ``mf:expectedLocation`` (captured and substituted in later requests). Before
each test the dataset is emptied and the test's ``ut:graphData`` loaded (through the endpoint's own
update and Graph Store interfaces), so tests do not see each other's writes.

    python3 tests/support/w3c_runner.py http://127.0.0.1:8000 TOKEN     # prints the pass counts
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import httpx
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from tests.support.paths import W3C

MANIFESTS = {
    "protocol": [W3C / "protocol" / "manifest.ttl"],
    "graph-store": [
        W3C / "graph-store-protocol" / "manifest-direct.ttl",
        W3C / "graph-store-protocol" / "manifest-indirect.ttl",
    ],
}
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
STATUS = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404}
RESULT_TYPES = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]  # "200", "2xx", ...
    expected_format: str | None = None
    expected_boolean: bool | None = None
    expected_content_type: str | None = None
    expected_body: str | None = None
    location_variable: str | None = None


@dataclass
class W3CTest:
    suite: str
    iri: str
    name: str
    steps: list[Step]
    graph_data: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.iri.rsplit("#", 1)[-1]


def _headers(g: Graph, node) -> dict[str, str]:
    lst = g.value(node, HT.headers)
    if lst is None:
        return {}
    return {
        str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue))
        for h in Collection(g, lst)
    }


def _body(g: Graph, node) -> tuple[str | None, str]:
    body = g.value(node, HT.body)
    if body is None:
        return None, "utf-8"
    return str(g.value(body, CNT.chars)), str(g.value(body, CNT.characterEncoding) or "UTF-8")


def _statuses(g: Graph, resp) -> set[str]:
    out = set()
    for s in g.objects(resp, MF.expectedStatus):
        name = str(s).rsplit("#", 1)[-1]
        out.add(
            name[len("StatusCode") :].lower()
            if name.startswith("StatusCode")
            else str(STATUS[name])
        )
    return out


def load(suite: str) -> list[W3CTest]:
    """Every test of a suite (all typed test resources, including ones a manifest lists not)."""
    tests = []
    for path in MANIFESTS[suite]:
        g = Graph().parse(path, format="turtle")
        kinds = (MF.ProtocolTest, MF.GraphStoreProtocolTest)
        subjects = sorted({s for k in kinds for s in g.subjects(RDF.type, k)})
        for subject in subjects:
            action = g.value(subject, MF.action)
            steps = []
            for req in Collection(g, g.value(action, HT.requests)):
                text, encoding = _body(g, req)
                resp = g.value(req, HT.resp)
                expected_text, _ = _body(g, resp)
                rheaders = _headers(g, resp)
                boolean = g.value(resp, MF.expectedBoolean)
                location = g.value(resp, MF.expectedLocation)
                steps.append(
                    Step(
                        method=str(g.value(req, HT.methodName)),
                        path=str(g.value(req, HT.absolutePath)),
                        headers=_headers(g, req),
                        body=None if text is None else text.encode(encoding.lower()),
                        statuses=_statuses(g, resp),
                        expected_format=str(g.value(resp, MF.expectedFormat) or "") or None,
                        expected_boolean=None if boolean is None else boolean.toPython(),
                        expected_content_type=rheaders.get("content-type"),
                        expected_body=expected_text,
                        location_variable=None if location is None else str(location),
                    )
                )
            data = [
                (Path(urlsplit(str(g.value(gd, UT.graph))).path), str(g.value(gd, RDFS.label)))
                for gd in g.objects(subject, UT.graphData)
            ]
            tests.append(
                W3CTest(
                    suite,
                    str(subject),
                    str(g.value(subject, MF.name)),
                    steps,
                    sorted(data, key=lambda d: d[1]),
                )
            )
    return tests


class Runner:
    """Runs tests against ``base`` (``http://host:port``), writing with ``token``."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base.rstrip("/")
        self.auth = {"Authorization": f"Bearer {token}"}
        self.client = httpx.Client(timeout=30, follow_redirects=False)

    def reset(self, test: W3CTest) -> None:
        r = self.client.post(
            f"{self.base}/sparql",
            content=b"DROP ALL",
            headers={**self.auth, "Content-Type": "application/sparql-update"},
        )
        r.raise_for_status()
        for path, graph in test.graph_data:
            r = self.client.put(
                f"{self.base}/store",
                params={"graph": graph},
                content=path.read_bytes(),
                headers={**self.auth, "Content-Type": "application/n-triples"},
            )
            r.raise_for_status()

    def _url(self, path: str) -> str:
        if path.startswith("/sparql/"):
            path = "/sparql" + path[len("/sparql/") :]
        elif path.startswith("/gsp"):
            path = "/store" + path[len("/gsp") :]
        return self.base + path

    def run(self, test: W3CTest) -> list[str]:
        """The failures of one test (empty when it passes)."""
        self.reset(test)
        variables: dict[str, str] = {}
        for i, step in enumerate(test.steps, 1):
            path, body = step.path, step.body
            for var, value in variables.items():
                path = path.replace(var, value)
                body = body.replace(var.encode(), value.encode()) if body else body
            headers = {**step.headers, **self.auth}
            r = self.client.request(step.method, self._url(path), headers=headers, content=body)
            problems = self.check(step, r)
            if problems:
                return [f"request {i} ({step.method} {path}): {p}" for p in problems]
            if step.location_variable:
                variables[step.location_variable] = r.headers.get("location", "")
        return []

    def check(self, step: Step, r: httpx.Response) -> list[str]:
        status = str(r.status_code)
        if status not in step.statuses and f"{status[0]}xx" not in step.statuses:
            return [f"status {status} not in {sorted(step.statuses)}: {r.text[:200]}"]
        problems = []
        ctype = r.headers.get("content-type", "")
        media = ctype.split(";")[0].strip().lower()
        if step.expected_format == "boolean":
            value = _boolean(media, r.content)
            if value is None:
                problems.append(f"expected a boolean result, got {ctype}")
            elif step.expected_boolean is not None and value != step.expected_boolean:
                problems.append(f"expected {step.expected_boolean}, got {value}")
        elif step.expected_format == "tabular" and media not in RESULT_TYPES:
            problems.append(f"expected tabular results, got {ctype}")
        elif step.expected_format == "RDF":
            if media not in RDF_TYPES:
                problems.append(f"expected RDF, got {ctype}")
            else:
                Graph().parse(data=r.content, format=RDF_TYPES[media])
        squeeze = lambda value: value.replace(" ", "").lower()  # noqa: E731
        if step.expected_content_type and squeeze(ctype) != squeeze(step.expected_content_type):
            problems.append(f"Content-Type {ctype!r}, expected {step.expected_content_type!r}")
        if step.expected_body is not None and r.request.method != "HEAD":
            got = Graph().parse(data=r.content, format=RDF_TYPES.get(media, "turtle"))
            want = Graph().parse(data=step.expected_body, format="turtle")
            if not isomorphic(got, want):
                problems.append(f"body not isomorphic to the expected graph:\n{r.text}")
        if step.location_variable and not r.headers.get("location"):
            problems.append("no Location header")
        return problems

    def service_description(self) -> dict[str, list[str]]:
        """The three service-description tests (descriptive in the manifest)."""
        endpoint = f"{self.base}/sparql"
        r = self.client.get(endpoint, headers={"Accept": "text/turtle"})
        results: dict[str, list[str]] = {
            "returns-rdf": [],
            "has-endpoint-triple": [],
            "conforms-to-schema": [],
        }
        if r.status_code != 200 or r.headers.get("content-type", "").split(";")[0] not in RDF_TYPES:
            results["returns-rdf"].append(f"GET {endpoint}: {r.status_code} {r.headers}")
            return results
        g = Graph().parse(data=r.content, format="turtle")
        if (None, SD.endpoint, URIRef(endpoint)) not in g:
            results["has-endpoint-triple"].append(f"no sd:endpoint <{endpoint}>")
        for service in g.subjects(RDF.type, SD.Service):
            if g.value(service, SD.endpoint) is None:
                results["conforms-to-schema"].append(f"{service} has no sd:endpoint")
            langs = set(g.objects(service, SD.supportedLanguage))
            if not langs or not langs <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}:
                results["conforms-to-schema"].append(f"bad sd:supportedLanguage {langs}")
        if not list(g.subjects(RDF.type, SD.Service)):
            results["conforms-to-schema"].append("no sd:Service")
        return results


def _boolean(media: str, content: bytes) -> bool | None:
    try:
        if media in ("application/sparql-results+json", "application/json"):
            return json.loads(content)["boolean"]
        if media in ("application/sparql-results+xml", "application/xml"):
            node = ElementTree.fromstring(content).find(
                "{http://www.w3.org/2005/sparql-results#}boolean"
            )
            return None if node is None else node.text.strip() == "true"
    except (ValueError, KeyError, ElementTree.ParseError):
        return None
    return None


def main(argv: list[str]) -> int:
    base, token = argv[1], argv[2]
    runner = Runner(base, token)
    failed = 0
    for suite in MANIFESTS:
        tests = load(suite)
        passed = 0
        for test in tests:
            problems = runner.run(test)
            passed += not problems
            for p in problems:
                print(f"FAIL {suite} {test.short}: {p}")
        failed += len(tests) - passed
        print(f"{suite}: {passed}/{len(tests)} passed")
    sd = runner.service_description()
    print(f"service-description: {sum(not v for v in sd.values())}/{len(sd)} passed")
    return 1 if failed or any(sd.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
