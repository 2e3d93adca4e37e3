"""Reference implementations, spelled out the slow way, that tests compare kg's fast code against."""

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
