"""The SHACL Core constraints our shapes use, evaluated directly on the store with SPARQL.

pyshacl needs the data as an rdflib graph: copying a store there costs seconds per 100,000 triples
and its evaluation more. The shapes of ``ontology/shapes.ttl`` only use node shapes with
``sh:targetClass`` and property shapes with an IRI ``sh:path`` and the components ``sh:minCount``,
``sh:maxCount``, ``sh:class``, ``sh:datatype``, ``sh:pattern`` (``sh:flags``), ``sh:uniqueLang``
and ``sh:in``. :func:`compile_shapes` reads shapes limited to these; each constraint of a property
shape is then one SPARQL query over the shape's focus nodes that returns only what violates it,
as the SHACL specification defines the constraint (``sh:pattern`` is SPARQL ``REGEX``, as there).
A conforming store returns no rows, so the evaluation stays inside the store. Shapes that use
anything else give ``None``, and :mod:`policykg.build.validate` runs pyshacl instead.

Targets include instances of subclasses (``rdfs:subClassOf`` of the ontology), as pyshacl does
with the ontology mixed in. ``sh:datatype`` also rejects ill-formed lexical forms of the numeric
and ``xsd:gYear`` datatypes, as pyshacl does.
"""

from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store, parse

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_NODE_KEYS = {RDF + "type", SH + "targetClass", SH + "property", RDFS + "comment", RDFS + "label"}
_PROPERTY_KEYS = {
    SH + k
    for k in (
        "path",
        "minCount",
        "maxCount",
        "class",
        "datatype",
        "pattern",
        "flags",
        "uniqueLang",
        "in",
        "name",
        "description",
        "severity",
        "message",
    )
}
_LEXICAL = {
    XSD + "integer": r"[+-]?[0-9]+",
    XSD + "decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
    XSD + "gYear": r"-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?",
}
_LANG_STRING = RDF + "langString"
_FLAGS = frozenset("smix")  # the flags of SPARQL REGEX (XPath) our shapes may use

# The focus nodes of a shape: the instances of its target classes (and their subclasses).
_FOCUS = "{ SELECT DISTINCT ?focus WHERE { VALUES ?class { %s } ?focus a ?class } }"


@dataclass
class PropertyShape:
    path: NamedNode
    min_count: int | None = None
    max_count: int | None = None
    classes: list[NamedNode] = field(default_factory=list)
    datatype: NamedNode | None = None
    pattern: str | None = None
    flags: str = ""
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
        shape.pattern, shape.flags = pattern.value, flags.value if flags is not None else ""
        if set(shape.flags) - _FLAGS:
            return None
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
    node_shapes = {
        q.subject
        for q in graph.quads_for_pattern(None, NamedNode(RDF + "type"), NamedNode(SH + "NodeShape"))
    }
    node_shapes |= {
        q.subject for q in graph.quads_for_pattern(None, NamedNode(SH + "targetClass"), None)
    }
    out = []
    for node in sorted(node_shapes, key=str):
        keys = {q.predicate.value for q in graph.quads_for_pattern(node, None, None)}
        if keys - _NODE_KEYS:
            return None
        read = [_property(graph, p) for p in _objects(graph, node, SH + "property")]
        properties = [p for p in read if p is not None]
        if len(properties) < len(read):
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

    return defaultdict(
        set, {c: below(c) for c in {*direct, *(s for v in direct.values() for s in v)}}
    )


def evaluate(store, shapes: list[NodeShape], closure) -> list[Result]:
    """The validation results of ``shapes`` over ``store`` (a PolicyStore), focus and path sorted.

    The property shapes are checked on a thread per CPU: the store evaluates a query without
    Python's GIL (a server, over its own connections), so the checks run side by side.
    """
    checks = [
        (set().union(*(closure.get(t) or {t} for t in shape.targets)), prop)
        for shape in shapes
        for prop in shape.properties
    ]
    with ThreadPoolExecutor(
        max_workers=os.cpu_count() or 1, thread_name_prefix="policykg-shacl"
    ) as pool:
        found = pool.map(lambda check: _check(store, check[0], check[1], closure), checks)
        results = [r for rs in found for r in rs]
    results.sort(key=lambda r: (r.focus, r.path, r.message))
    return results


def _check(store, classes: set[NamedNode], prop: PropertyShape, closure) -> list[Result]:
    """The results of one property shape: one query per constraint, each returning only the
    focus nodes (and values) that violate it."""
    focus = _FOCUS % " ".join(str(c) for c in sorted(classes, key=str))
    path = str(prop.path)
    out: list[Result] = []

    def fail(node, message: str) -> None:
        out.append(
            Result(
                node.value if not isinstance(node, BlankNode) else str(node),
                prop.path.value,
                message,
                prop.severity,
            )
        )

    bounds = [
        f"COUNT(DISTINCT ?v) {op} {n}"
        for op, n in (("<", prop.min_count), (">", prop.max_count))
        if n is not None
    ]
    if bounds:
        for row in store.select(f"""SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus}
                                    OPTIONAL {{ ?focus {path} ?v }} }} GROUP BY ?focus
                                    HAVING ({" || ".join(bounds)})"""):
            n = int(row["n"].value)
            if prop.min_count is not None and n < prop.min_count:
                fail(row["focus"], f"fewer than {prop.min_count} value(s): {n}")
            if prop.max_count is not None and n > prop.max_count:
                fail(row["focus"], f"more than {prop.max_count} value(s): {n}")
    for condition, reason in _value_constraints(prop, closure):
        for row in store.select(f"""SELECT DISTINCT ?focus ?v WHERE {{ {focus}
                                    ?focus {path} ?v FILTER({condition}) }}"""):
            fail(row["focus"], f"{reason}: {row['v']}")
    if prop.unique_lang:
        for row in store.select(f"""SELECT ?focus ?lang WHERE {{ {focus} ?focus {path} ?v
                                    BIND(LANG(?v) AS ?lang) FILTER(?lang != "") }}
                                    GROUP BY ?focus ?lang HAVING (COUNT(DISTINCT ?v) > 1)"""):
            fail(row["focus"], f"more than one value in language {row['lang'].value!r}")
    return out


def _value_constraints(prop: PropertyShape, closure) -> list[tuple[str, str]]:
    """``(SPARQL condition true of a violating ?v, reason)`` for each value constraint."""
    out = []
    for cls in prop.classes:
        allowed = ", ".join(str(c) for c in sorted(closure.get(cls) or {cls}, key=str))
        out.append(
            (
                f"isLiteral(?v) || NOT EXISTS {{ ?v a ?type FILTER(?type IN ({allowed})) }}",
                f"not an instance of {cls.value}",
            )
        )
    if prop.datatype is not None:
        # LANG first: Virtuoso leaves DATATYPE of a language-tagged literal unbound
        language = 'LANG(?v) = ""' if prop.datatype.value == _LANG_STRING else 'LANG(?v) != ""'
        condition = f"!isLiteral(?v) || {language} || DATATYPE(?v) != {prop.datatype}"
        lexical = _LEXICAL.get(prop.datatype.value)
        if lexical:
            condition += f" || !REGEX(STR(?v), {Literal(f'^({lexical})$')})"
        out.append((condition, f"not a well-formed {prop.datatype.value} literal"))
    if prop.pattern is not None:
        out.append(
            (
                f"isBlank(?v) || !REGEX(STR(?v), {Literal(prop.pattern)}, {Literal(prop.flags)})",
                f"does not match {prop.pattern!r}",
            )
        )
    if prop.allowed is not None:
        out.append(
            (
                "!(" + " || ".join(_same_term(a) for a in prop.allowed) + ")",
                "not one of " + ", ".join(str(a) for a in prop.allowed),
            )
        )
    return out


def _same_term(term) -> str:
    """``sameTerm(?v, term)``, spelled out for a plain string: Virtuoso 7.2 never finds a stored
    ``"info"`` sameTerm as ``"info"`` (nor as ``"info"^^xsd:string``) in a query."""
    if isinstance(term, Literal) and not term.language and term.datatype.value == XSD + "string":
        return (
            f'(isLiteral(?v) && LANG(?v) = "" && DATATYPE(?v) = <{XSD}string> && STR(?v) = {term})'
        )
    return f"sameTerm(?v, {term})"
