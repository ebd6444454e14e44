"""The SPARQL 1.1 Service Description of the endpoint, as RDF terms (no blank nodes)."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Triple

from .negotiation import RESULTS

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
FORMATS = {
    "JSON": "SPARQL_Results_JSON",
    "XML": "SPARQL_Results_XML",
    "CSV": "SPARQL_Results_CSV",
    "TSV": "SPARQL_Results_TSV",
}
GRAPH_FORMATS = ("Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N-Quads", "TriG")


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def describe(endpoint: str, *, update: bool, graphs: list[str]) -> list[Triple]:
    """Triples describing the service at ``endpoint`` and its default dataset."""
    service = NamedNode(endpoint)
    dataset = NamedNode(endpoint + "#dataset")
    default = NamedNode(endpoint + "#default-graph")
    out = [
        Triple(service, RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), service),
        Triple(service, RDFS_LABEL, Literal("policykg SPARQL endpoint", language="en")),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, _sd("Dataset")),
        Triple(dataset, _sd("defaultGraph"), default),
        Triple(default, RDF_TYPE, _sd("Graph")),
    ]
    if update:
        out.append(Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    for fmt in RESULTS:
        out.append(
            Triple(
                service,
                _sd("resultFormat"),
                NamedNode("http://www.w3.org/ns/formats/" + FORMATS[fmt.name]),
            )
        )
    for name in GRAPH_FORMATS:
        out.append(
            Triple(service, _sd("resultFormat"), NamedNode("http://www.w3.org/ns/formats/" + name))
        )
    for i, g in enumerate(graphs, 1):
        named = NamedNode(g)
        node = NamedNode(f"{endpoint}#named-graph-{i}")
        out += [
            Triple(dataset, _sd("namedGraph"), node),
            Triple(node, RDF_TYPE, _sd("NamedGraph")),
            Triple(node, _sd("name"), named),
        ]
    return out
