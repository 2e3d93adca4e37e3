"""Graphs the export tests share."""

import networkx as nx


def weighted_graph(n_nodes: int = 10, n_edges: int = 20) -> nx.Graph:
    g = nx.gnm_random_graph(n_nodes, n_edges, seed=3)
    g = nx.relabel_nodes(g, {i: f"task:t{i}" for i in g})
    for i, node in enumerate(g):
        g.nodes[node].update(label="TASK", name=f"t{i}", aliases="", papers=n_nodes - i, mentions=n_nodes - i)
    for i, (u, v) in enumerate(g.edges):
        g.edges[u, v].update(papers=1 + i % 4, sentences=0, evidence="")
    return g
