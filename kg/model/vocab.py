"""The closed vocabulary: ``PK.Term`` exists only if ``ontology/policy.ttl`` declares it.

A typo in a predicate fails loudly instead of writing a term nobody queries:

>>> PK.ManagementTask.value
'https://w3id.org/policykg/ontology#ManagementTask'
>>> PK.managmentTask
Traceback (most recent call last):
...
AttributeError: pk:managmentTask is not declared in ontology/policy.ttl
"""

from __future__ import annotations

from functools import cached_property
from importlib import resources

from pyoxigraph import NamedNode, RdfFormat, parse

PK_NS = "https://w3id.org/policykg/ontology#"


def ontology_text() -> str:
    """The Turtle text of ``ontology/policy.ttl`` as shipped in the package."""
    return resources.files("policykg.ontology").joinpath("policy.ttl").read_text("utf-8")


def shapes_text() -> str:
    """The Turtle text of the SHACL shapes in ``ontology/shapes.ttl``."""
    return resources.files("policykg.ontology").joinpath("shapes.ttl").read_text("utf-8")


class _Namespace:
    def __init__(self, base: str, names: frozenset[str] | None = None) -> None:
        self._base = base
        self._fixed = names

    @cached_property
    def names(self) -> frozenset[str]:
        if self._fixed is not None:
            return self._fixed
        subjects = {t.subject.value for t in parse(ontology_text(), format=RdfFormat.TURTLE)}
        return frozenset(s[len(self._base) :] for s in subjects if s.startswith(self._base))

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_") or name not in self.names:
            raise AttributeError(f"pk:{name} is not declared in ontology/policy.ttl")
        term = NamedNode(self._base + name)
        setattr(self, name, term)  # looked up once: the next access is a plain attribute
        return term

    def __getitem__(self, name: str) -> NamedNode:
        return self.__getattr__(name)


def _ns(base: str, *names: str) -> _Namespace:
    return _Namespace(base, frozenset(names))


PK = _Namespace(PK_NS)
#: The links the build derives for the named questions (``policykg.build.lookups``, graph
#: ``graph/lookups``): no document states them, so a description of an entity leaves them out.
LOOKUP_LINKS = frozenset(
    PK[name].value for name in ("nameKey", "programYear", "yearOf", "issuedBy", "lineage")
)
RDF = _ns(
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "type",
    "Statement",
    "subject",
    "predicate",
    "object",
)
RDFS = _ns("http://www.w3.org/2000/01/rdf-schema#", "label", "comment", "subClassOf", "seeAlso")
SKOS = _ns(
    "http://www.w3.org/2004/02/skos/core#",
    "Concept",
    "ConceptScheme",
    "inScheme",
    "broader",
    "narrower",
    "prefLabel",
    "altLabel",
    "notation",
    "topConceptOf",
    "hasTopConcept",
    "definition",
)
PROV = _ns("http://www.w3.org/ns/prov#", "wasDerivedFrom", "Entity", "generatedAtTime")
ORG = _ns(
    "http://www.w3.org/ns/org#",
    "Organization",
    "OrganizationalUnit",
    "subOrganizationOf",
    "unitOf",
    "hasUnit",
    "ChangeEvent",
    "originalOrganization",
    "resultingOrganization",
    "changedBy",
    "resultedFrom",
)
DCT = _ns("http://purl.org/dc/terms/", "title", "issued", "publisher", "source", "date")
XSD = _ns(
    "http://www.w3.org/2001/XMLSchema#", "integer", "decimal", "gYear", "date", "boolean", "string"
)

PREFIXES = {
    "pk": PK_NS,
    "id": "https://w3id.org/policykg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
