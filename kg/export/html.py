"""The interactive HTML page: pyvis builds the network, kg's template makes it one offline, escaped file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from pyvis.network import Network

#: Colour of each label (colour-blind safe palette).
COLOURS = {"METHOD": "#0072B2", "DATASET": "#E69F00", "TASK": "#009E73"}
_LAYOUT_SCALE = 1000


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style, as shipped inside the pyvis package (inlined: no CDN)."""
    lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(
        encoding="utf-8")


def to_pyvis(graph: nx.Graph, *, seed: int = 0, label_top: int = 40) -> Network:
    """A pyvis network with positions precomputed by networkx (seeded), sizes by papers, widths by weight.

    Hover titles are plain text (vis-network shows strings as text, not HTML). The input graph is not changed.
    """
    net = Network(height="100%", width="100%", directed=False, cdn_resources="remote")
    positions = nx.spring_layout(graph, seed=seed, weight="papers", k=None) if len(graph) else {}
    ranked = sorted(graph.nodes, key=lambda n: -graph.nodes[n].get("papers", 0))
    labelled = set(ranked[:label_top])
    for node, data in graph.nodes(data=True):
        x, y = positions.get(node, (0.0, 0.0))
        aliases = data.get("aliases", "")
        title = (f"{data.get('name', node)} ({data.get('label', '')})\n"
                 f"papers: {data.get('papers', 0)}, mentions: {data.get('mentions', 0)}"
                 + (f"\naliases: {aliases.replace('|', ', ')}" if aliases else ""))
        net.add_node(node, label=data.get("name", node) if node in labelled else " ", title=title,
                     color=COLOURS.get(data.get("label", ""), "#999999"), value=data.get("papers", 1),
                     x=float(x) * _LAYOUT_SCALE, y=float(y) * _LAYOUT_SCALE, group=data.get("label", ""))
    for u, v, data in graph.edges(data=True):
        net.add_edge(u, v, value=data.get("papers", 1),
                     title=f"{graph.nodes[u].get('name', u)} - {graph.nodes[v].get('name', v)}\n"
                           f"papers: {data.get('papers', 0)}, sentences: {data.get('sentences', 0)}")
    net.toggle_physics(False)
    return net


def render_html(graph: nx.Graph, *, title: str = "kg co-mention graph", seed: int = 0) -> str:
    """The page as a string: one file, vis-network inlined, data embedded as escaped JSON."""
    net = to_pyvis(graph, seed=seed)
    script, style = _vis_assets()
    env = jinja2.Environment(loader=jinja2.PackageLoader("kg.export", "templates"),
                             autoescape=jinja2.select_autoescape(["html", "j2"]))
    template = env.get_template("graph.html.j2")
    counts: dict[str, Any] = {label: sum(1 for _, d in graph.nodes(data=True) if d.get("label") == label)
                              for label in COLOURS}
    return template.render(title=title, nodes=net.nodes, edges=net.edges, colours=COLOURS, counts=counts,
                           vis_script=script, vis_style=style, n_nodes=len(graph), n_edges=graph.number_of_edges())


def write_html(graph: nx.Graph, path: Path, **kwargs: Any) -> None:
    """Write the page to ``path`` (and nothing else: no ``lib/`` folder)."""
    Path(path).write_text(render_html(graph, **kwargs), encoding="utf-8")
