"""Reference implementations, spelled out the slow way, that tests compare kg's fast code against, and small
hand-worked graphs that several tests check numbers on."""

import networkx as nx

from kg.graph.comention import entity_nodes


def comention_reference(entities, mentions, assignment, *, max_evidence=10):
    """The unweighted co-mention graph by plain loops: kg's node attributes, and per edge ``papers``,
    ``sentences`` and ``evidence`` (shared sentences in paper-id and sentence order, then papers without one)."""
    where = {}
    for i, eid in assignment.items():
        m = mentions[i]
        where.setdefault(eid, {}).setdefault(m.paper_id, set()).add(m.sentence)
    graph = entity_nodes(entities)
    ids = sorted(where)
    for a_index, a in enumerate(ids):
        for b in ids[a_index + 1:]:
            papers = sorted(set(where[a]) & set(where[b]))
            if not papers:
                continue
            same = [f"{p}#{s}" for p in papers for s in sorted(where[a][p] & where[b][p])]
            rest = [p for p in papers if not where[a][p] & where[b][p]]
            graph.add_edge(a, b, papers=len(papers), sentences=len(same),
                           evidence="|".join((same + rest)[:max_evidence]))
    return nx.Graph(graph)


# A-B and A-C have the hand-worked q-value 0.39286, B-C 0.7778 (tests/graph/test_weights.py works them out).
def tiny_graph() -> nx.Graph:
    """N = 10 papers; A in 4, B in 2, C in 5; A-B share 2 papers, A-C 3, B-C 1.

    Sentence layer, N = 20 sentences: A in 5, B in 2, C in 6; A-B share 1 sentence, A-C none, B-C 2.
    """
    g = nx.Graph()
    g.add_node("a", label="METHOD", name="A", papers=4, mentions=6, sentences=5)
    g.add_node("b", label="DATASET", name="B", papers=2, mentions=2, sentences=2)
    g.add_node("c", label="TASK", name="C", papers=5, mentions=7, sentences=6)
    g.add_edge("a", "b", papers=2, sentences=1)
    g.add_edge("a", "c", papers=3, sentences=0)
    g.add_edge("b", "c", papers=1, sentences=2)
    return g
