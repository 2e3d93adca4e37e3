"""What the analysis modules share: small checks and helpers over the co-mention graph."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg.errors import AnalysisError, Messages
from kg.records import LABELS


def check_label(label: str, what: str) -> str:
    """``label`` if it is one of kg's entity labels, else an :class:`AnalysisError`."""
    if label not in LABELS:
        raise AnalysisError(Messages.NOT_A_LABEL.format(what=what, label=label, labels=", ".join(LABELS)))
    return label


def check_edge_attribute(graph: nx.Graph, attribute: str, hint: str = "") -> None:
    """Raise when an edge of ``graph`` lacks ``attribute`` (names the first such edge)."""
    for u, v, data in graph.edges(data=True):
        if attribute not in data:
            raise AnalysisError(Messages.EDGE_WITHOUT_ATTRIBUTE.format(u=u, v=v, attribute=attribute,
                                                                      hint="; " + hint if hint else ""))


def display_names(graph: nx.Graph, nodes: Iterable[str] | None = None) -> dict[str, str]:
    """Entity name of each node, made unique: a name two nodes share gets the node id in brackets.

    >>> g = nx.Graph()
    >>> g.add_node("method:a", name="A"); g.add_node("dataset:a", name="A"); g.add_node("task:b", name="B")
    >>> display_names(g)
    {'method:a': 'A (method:a)', 'dataset:a': 'A (dataset:a)', 'task:b': 'B'}
    """
    chosen = list(graph.nodes if nodes is None else nodes)
    names = {n: str(graph.nodes[n].get("name", n)) for n in chosen}
    seen: dict[str, int] = {}
    for name in names.values():
        seen[name] = seen.get(name, 0) + 1
    return {n: (name if seen[name] == 1 else f"{name} ({n})") for n, name in names.items()}
