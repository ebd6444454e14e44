"""The SHACL Core constraints our shapes use, evaluated directly on the store with SPARQL.

pyshacl needs the data as an rdflib graph: copying a store there costs seconds per 100,000 triples
and its evaluation more. The shapes of ``ontology/shapes.ttl`` only use node shapes with
``sh:targetClass`` and property shapes with an IRI ``sh:path`` and the components ``sh:minCount``,
``sh:maxCount``, ``sh:class``, ``sh:datatype``, ``sh:pattern`` (``sh:flags``), ``sh:uniqueLang``
and ``sh:in``. :func:`compile_shapes` reads shapes limited to these; for each (target class, path)
one bound SPARQL query fetches the focus nodes and their values — only what the shapes target —
and the constraints are checked on those rows as the SHACL specification defines them. Shapes
that use anything else give ``None``, and :mod:`policykg.validate` runs pyshacl instead.

Targets include instances of subclasses (``rdfs:subClassOf`` of the ontology), as pyshacl does
with the ontology mixed in. ``sh:datatype`` also rejects ill-formed lexical forms of the numeric
and ``xsd:gYear`` datatypes, as pyshacl does.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store, parse

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_NODE_KEYS = {RDF + "type", SH + "targetClass", SH + "property", RDFS + "comment", RDFS + "label"}
_PROPERTY_KEYS = {SH + k for k in ("path", "minCount", "maxCount", "class", "datatype", "pattern",
                                   "flags", "uniqueLang", "in", "name", "description",
                                   "severity", "message")}
_LEXICAL = {XSD + "integer": r"[+-]?[0-9]+", XSD + "decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
            XSD + "gYear": r"-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?"}
_FLAGS = {"i": re.I, "m": re.M, "s": re.S, "x": re.X}

# Each triple is stored in one graph (kg/shared.py), so the union default graph does not repeat
# it; DISTINCT still guards against a store written otherwise. The class and path are bound.
_VALUES = """SELECT DISTINCT ?class ?path ?focus ?v WHERE {
  ?focus a ?class OPTIONAL { ?focus ?path ?v } }"""
_VALUE_TYPES = """SELECT DISTINCT ?class ?path ?v ?type WHERE {
  ?focus a ?class ; ?path ?v . ?v a ?type }"""


@dataclass
class PropertyShape:
    path: NamedNode
    min_count: int | None = None
    max_count: int | None = None
    classes: list[NamedNode] = field(default_factory=list)
    datatype: NamedNode | None = None
    pattern: re.Pattern | None = None
    unique_lang: bool = False
    allowed: list | None = None
    severity: str = "Violation"


@dataclass
class NodeShape:
    targets: list[NamedNode]
    properties: list[PropertyShape]


@dataclass
class Result:
    focus: str
    path: str
    message: str
    severity: str


def _objects(graph: Store, s, p: str) -> list:
    return [q.object for q in graph.quads_for_pattern(s, NamedNode(p), None)]


def _one(graph: Store, s, p: str):
    values = _objects(graph, s, p)
    return values[0] if values else None


def _list(graph: Store, head) -> list:
    items = []
    while head is not None and head != NamedNode(RDF + "nil"):
        items.append(_one(graph, head, RDF + "first"))
        head = _one(graph, head, RDF + "rest")
    return items


def _property(graph: Store, node) -> PropertyShape | None:
    keys = {q.predicate.value for q in graph.quads_for_pattern(node, None, None)}
    path = _one(graph, node, SH + "path")
    if keys - _PROPERTY_KEYS or not isinstance(path, NamedNode):
        return None
    shape = PropertyShape(path, classes=_objects(graph, node, SH + "class"))
    for key, attr in (("minCount", "min_count"), ("maxCount", "max_count")):
        value = _one(graph, node, SH + key)
        setattr(shape, attr, None if value is None else int(value.value))
    shape.datatype = _one(graph, node, SH + "datatype")
    pattern = _one(graph, node, SH + "pattern")
    if pattern is not None:
        flags = _one(graph, node, SH + "flags")
        mode = 0
        for c in (flags.value if flags is not None else ""):
            mode |= _FLAGS[c]
        shape.pattern = re.compile(pattern.value, mode)
    unique = _one(graph, node, SH + "uniqueLang")
    shape.unique_lang = unique is not None and unique.value == "true"
    allowed = _one(graph, node, SH + "in")
    shape.allowed = None if allowed is None else _list(graph, allowed)
    severity = _one(graph, node, SH + "severity")
    shape.severity = "Violation" if severity is None else severity.value.rsplit("#", 1)[-1]
    return shape


def compile_shapes(shapes_ttl: str) -> list[NodeShape] | None:
    """The node shapes of a Turtle shapes graph, or ``None`` if one uses anything unsupported."""
    graph = Store()
    graph.extend(parse(shapes_ttl, format=RdfFormat.TURTLE))
    node_shapes = {q.subject for q in graph.quads_for_pattern(None, NamedNode(RDF + "type"),
                                                             NamedNode(SH + "NodeShape"))}
    node_shapes |= {q.subject for q in graph.quads_for_pattern(None, NamedNode(SH + "targetClass"),
                                                             None)}
    out = []
    for node in sorted(node_shapes, key=str):
        keys = {q.predicate.value for q in graph.quads_for_pattern(node, None, None)}
        if keys - _NODE_KEYS:
            return None
        properties = [_property(graph, p) for p in _objects(graph, node, SH + "property")]
        if any(p is None for p in properties):
            return None
        out.append(NodeShape(_objects(graph, node, SH + "targetClass"), properties))
    return out


def subclass_closure(ontology_ttl: str) -> dict[NamedNode, set[NamedNode]]:
    """Every class mapped to itself and all its (transitive) subclasses."""
    direct: dict[NamedNode, set[NamedNode]] = defaultdict(set)
    for q in parse(ontology_ttl, format=RdfFormat.TURTLE):
        if q.predicate.value == RDFS + "subClassOf" and isinstance(q.object, NamedNode):
            direct[q.object].add(q.subject)

    def below(cls: NamedNode) -> set[NamedNode]:
        seen, todo = {cls}, [cls]
        while todo:
            for sub in direct.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        return seen
    return defaultdict(set, {c: below(c) for c in {*direct, *(s for v in direct.values()
                                                                for s in v)}})


def evaluate(store, shapes: list[NodeShape], closure) -> list[Result]:
    """The validation results of ``shapes`` over ``store`` (a PolicyStore), focus and path sorted."""
    results: list[Result] = []
    for shape in shapes:
        classes = set().union(*(closure.get(t) or {t} for t in shape.targets))
        for prop in shape.properties:
            results += _check(store, classes, prop, closure)
    results.sort(key=lambda r: (r.focus, r.path, r.message))
    return results


def _check(store, classes: set[NamedNode], prop: PropertyShape, closure) -> list[Result]:
    values: dict = defaultdict(set)
    for cls in sorted(classes, key=str):
        for row in store.select(_VALUES, {"class": cls, "path": prop.path}):
            bucket = values[row["focus"]]
            if "v" in row:
                bucket.add(row["v"])
    types: dict = defaultdict(set)
    if prop.classes:
        for cls in sorted(classes, key=str):
            for row in store.select(_VALUE_TYPES, {"class": cls, "path": prop.path}):
                types[row["v"]].add(row["type"])
    out: list[Result] = []
    path = prop.path.value
    for focus, vals in values.items():
        def fail(message: str) -> None:
            out.append(Result(focus.value if not isinstance(focus, BlankNode) else str(focus),
                              path, message, prop.severity))
        if prop.min_count is not None and len(vals) < prop.min_count:
            fail(f"fewer than {prop.min_count} value(s): {len(vals)}")
        if prop.max_count is not None and len(vals) > prop.max_count:
            fail(f"more than {prop.max_count} value(s): {len(vals)}")
        for v in sorted(vals, key=str):
            for reason in _value_problems(v, prop, types, closure):
                fail(f"{reason}: {v}")
        if prop.unique_lang:
            langs = [v.language for v in vals if isinstance(v, Literal) and v.language]
            for lang in sorted({x for x in langs if langs.count(x) > 1}):
                fail(f"more than one value in language {lang!r}")
    return out


def _value_problems(v, prop: PropertyShape, types, closure):
    for cls in prop.classes:
        if isinstance(v, Literal) or not (types.get(v, set()) & (closure.get(cls) or {cls})):
            yield f"not an instance of {cls.value}"
    if prop.datatype is not None:
        lexical = _LEXICAL.get(prop.datatype.value)
        if not isinstance(v, Literal) or v.datatype != prop.datatype or (
                lexical and not re.fullmatch(lexical, v.value)):
            yield f"not a well-formed {prop.datatype.value} literal"
    if prop.pattern is not None and (isinstance(v, BlankNode) or not prop.pattern.search(v.value)):
        yield f"does not match {prop.pattern.pattern!r}"
    if prop.allowed is not None and v not in prop.allowed:
        yield "not one of " + ", ".join(str(a) for a in prop.allowed)
