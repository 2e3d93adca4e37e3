"""Reference implementations, spelled out the slow way, that tests compare kg's fast code against, and small
hand-worked graphs that several tests check numbers on."""

from pathlib import Path

import networkx as nx

import kg.db
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


def database_content(folder: Path) -> bytes:
    """The embedded database's tables, row by row in id order (LadybugDB writes a random database id into the
    file's header, so its bytes differ from build to build while its content does not)."""
    parts = []
    with kg.db.connect(folder) as db:
        for table in ("Paper", "Method", "Dataset", "Task"):
            parts.append(db.query(f"MATCH (n:{table}) RETURN n.* ORDER BY n.id").to_csv(index=False))
        for rel in ("MENTIONS", "CO_MENTIONED"):
            rows = db.query(f"MATCH (a)-[r:{rel}]->(b) RETURN a.id AS source, b.id AS target, r ORDER BY source, target")
            rows["r"] = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows["r"]]
            parts.append(rows.to_csv(index=False))
    return "\n".join(parts).encode()
