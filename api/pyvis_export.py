"""A self-contained HTML page (pyvis) for one entity's neighbourhood.

``policykg export --format html --focus ID --depth N`` lands here. The neighbourhood is taken from
the one RDF→networkx projection
(:attr:`PolicyGraph.networkx <policykg.graph.PolicyGraph.networkx>`), ignoring edge direction, up
to ``depth`` hops and at most ``max_nodes`` nodes (nearest first). pyvis builds the network data
and options; the page around it is our own template, because pyvis's stock template loads
Bootstrap and vis-network from CDNs. Everything is inlined — the vendored vis-network build and the
pieces of the vendored Nanum Gothic font that the page's text needs — so the file opens with no
network. Colours and Korean names come from the graph page's ``palette.json``.

This module needs the ``web`` extra (pyvis, Jinja2); the core ``policykg`` never imports it.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from policykg.graph import PolicyGraph

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "static" / "vendor"
PALETTE = HERE / "static" / "graph" / "palette.json"
TEMPLATE = "graph-export.html"
FONT_STACK = "'Nanum Gothic','Noto Sans CJK KR','Apple SD Gothic Neo','Malgun Gothic',sans-serif"

#: Middle dots some documents print (U+FF65, U+30FB) that Korean fonts lack: drawn as "·".
_DOTS = str.maketrans({"\uff65": "·", "\u30fb": "·"})
EDGE_LABELS_UP_TO = 60

_FACE = re.compile(r"@font-face\s*\{(?P<body>[^}]*)\}")
_RANGE = re.compile(r"unicode-range:\s*(?P<ranges>[^;]+);")
_URL = re.compile(r"url\(\./(?P<file>files/[^)]+\.woff2)\)")


@dataclass(frozen=True)
class Neighbourhood:
    """The nodes within ``depth`` hops of ``focus`` (``truncated``: the node cap was reached)."""

    graph: nx.MultiDiGraph
    focus: str
    depth: int
    truncated: bool


def neighbourhood(
    G: nx.MultiDiGraph, focus: str, depth: int, max_nodes: int = 400
) -> Neighbourhood:
    """Breadth-first from ``focus`` over edges in either direction.

    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(neighbourhood(G, "a", 2).graph)
    ['a', 'b', 'c']
    >>> neighbourhood(G, "a", 3, max_nodes=2).truncated
    True
    """
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    undirected = G.to_undirected(as_view=True)
    seen = {focus: 0}
    frontier = [focus]
    truncated = False
    for hop in range(1, depth + 1):
        nxt = []
        for node in frontier:
            for other in sorted(undirected.neighbors(node)):
                if other in seen:
                    continue
                if len(seen) >= max_nodes:
                    truncated = True
                    break
                seen[other] = hop
                nxt.append(other)
        frontier = nxt
    sub = G.subgraph(seen).copy()
    nx.set_node_attributes(sub, seen, "hop")
    return Neighbourhood(sub, focus, depth, truncated)


def _palette() -> dict:
    return json.loads(PALETTE.read_text("utf-8"))


def _type_info(palette: dict, type_name: str) -> dict:
    spare = palette["spare"]
    return palette["types"].get(type_name) or {
        "ko": type_name,
        "color": spare[sum(map(ord, type_name)) % len(spare)],
    }


def _label(data: dict, node: str) -> str:
    title = (data.get("label") or node.rsplit("/", 1)[-1]).translate(_DOTS)
    short = title if len(title) <= 16 else title[:15] + "…"
    code = data.get("code")
    return f"{code}\n{short}" if code and not title.startswith(code) else short


def to_network(hood: Neighbourhood, palette: dict | None = None) -> Network:
    """The pyvis network of a neighbourhood: colours by type, Korean labels with codes."""
    palette = palette or _palette()
    net = Network(height="100%", width="100%", directed=True)
    for node, data in hood.graph.nodes(data=True):
        info = _type_info(palette, data.get("type") or "Thing")
        focus = node == hood.focus
        title = " ".join(filter(None, [data.get("code"), data.get("label")])).translate(_DOTS)
        net.add_node(
            node,
            label=_label(data, node),
            title=f"{title}\n{info['ko']} · {node}",
            color=info["color"],
            size=24 if focus else 12,
            borderWidth=3 if focus else 1,
            shape="dot",
        )
    edges = {(u, v, d.get("relation")) for u, v, d in hood.graph.edges(data=True)}
    show_labels = len(edges) <= EDGE_LABELS_UP_TO
    for u, v, relation in sorted(edges, key=lambda e: (e[0], e[1], e[2] or "")):
        key = (relation or "").split(":")[-1]
        name = palette["relations"].get(key, key)
        net.add_edge(u, v, title=name, **({"label": name} if show_labels else {}))
    net.options = {
        "layout": {"improvedLayout": len(hood.graph) <= 150, "randomSeed": 7},
        "nodes": {
            "font": {"face": FONT_STACK, "size": 13, "strokeWidth": 3, "strokeColor": "#fff"}
        },
        "edges": {
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.12},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#aab4c2"},
            "font": {"size": 10, "color": "#5f6b7a"},
        },
        "physics": {
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000,
                "centralGravity": 0.2,
                "springLength": 150,
                "springConstant": 0.04,
                "damping": 0.15,
                "avoidOverlap": 0.5,
            },
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        },
        "interaction": {"hover": True, "hideEdgesOnDrag": True},
    }
    return net


def _ranges(spec: str) -> list[tuple[int, int]]:
    out = []
    for part in spec.split(","):
        lo, _, hi = part.strip().removeprefix("U+").removeprefix("u+").partition("-")
        out.append((int(lo, 16), int(hi or lo, 16)))
    return out


def font_faces(text: str, weight: int = 400) -> str:
    """``@font-face`` rules, with the woff2 data inlined, for the font pieces ``text`` needs.

    Each character takes the piece a browser would use for it: the last declared face whose
    ``unicode-range`` covers it (CSS Fonts: later faces win).
    """
    folder = VENDOR / "nanum-gothic"
    missing = {ord(c) for c in text} | set(range(0x20, 0x7F))
    faces = list(_FACE.finditer((folder / f"{weight}.css").read_text("utf-8")))
    rules = []
    for face in reversed(faces):
        body = face["body"]
        unicode_range = _RANGE.search(body)
        assert unicode_range is not None  # every face of the vendored CSS has one
        ranges = _ranges(unicode_range["ranges"])
        covered = {c for c in missing if any(lo <= c <= hi for lo, hi in ranges)}
        if not covered:
            continue
        missing -= covered
        url = _URL.search(body)
        assert url is not None  # every face of the vendored CSS has one
        data = base64.b64encode((folder / url["file"]).read_bytes()).decode("ascii")
        rules.append("@font-face {" + _URL.sub(f"url(data:font/woff2;base64,{data})", body) + "}")
    return "\n".join(reversed(rules))


def _script_json(value) -> str:
    """JSON safe to place inside a ``<script>`` element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def render(hood: Neighbourhood, *, embed_font: bool = True) -> str:
    """The complete HTML page for a neighbourhood."""
    palette = _palette()
    net = to_network(hood, palette)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    focus = hood.graph.nodes[hood.focus]
    title = (
        " ".join(filter(None, [focus.get("code"), focus.get("label")])).translate(_DOTS)
        or hood.focus
    )
    types = sorted({d.get("type") or "Thing" for _, d in hood.graph.nodes(data=True)})
    legend = [
        {
            "name": _type_info(palette, t)["ko"],
            "color": _type_info(palette, t)["color"],
            "count": sum(1 for _, d in hood.graph.nodes(data=True) if d.get("type") == t),
        }
        for t in types
    ]
    text = (
        title
        + "".join(n["label"] + n["title"] for n in nodes)
        + "".join(e.get("title") or "" for e in edges)
        + "".join(item["name"] for item in legend)
    )
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
    )
    return env.get_template(TEMPLATE).render(
        title=title,
        focus=hood.focus,
        depth=hood.depth,
        truncated=hood.truncated,
        node_count=len(nodes),
        edge_count=len(edges),
        legend=legend,
        font_stack=FONT_STACK,
        fonts=font_faces(text) if embed_font else "",
        vis_js=(VENDOR / "vis-network" / "vis-network.min.js").read_text("utf-8"),
        nodes_json=_script_json(nodes),
        edges_json=_script_json(edges),
        options_json=options,
    )


def export_html(
    graph: PolicyGraph, focus: str, depth: int = 1, *, max_nodes: int = 400, embed_font: bool = True
) -> str:
    """The page for ``focus``'s neighbourhood; ``focus`` is anything
    :meth:`PolicyGraph.resolve <policykg.graph.PolicyGraph.resolve>` takes (IRI, path or code)."""
    hood = neighbourhood(graph.networkx, graph.resolve(focus), depth, max_nodes)
    return render(hood, embed_font=embed_font)
