"""kg/analysis/typed.py: typed matrices, bipartite views and the gap finders."""

import networkx as nx
import pytest

from kg import analysis as A
from kg.analysis import AnalysisError


def typed_graph() -> nx.Graph:
    g = nx.Graph()
    for n, label, papers in [("m1", "METHOD", 5), ("m2", "METHOD", 3), ("m3", "METHOD", 1), ("d1", "DATASET", 4),
                             ("d2", "DATASET", 2), ("t1", "TASK", 4), ("t2", "TASK", 2)]:
        g.add_node(n, label=label, name=n.upper(), papers=papers)
    for u, v, p in [("m1", "d1", 3), ("m2", "d1", 1), ("m1", "t1", 2), ("t1", "d1", 3), ("t1", "d2", 2),
                    ("m2", "t2", 1), ("d2", "m3", 1), ("m1", "m2", 1)]:
        g.add_edge(u, v, papers=p, sentences=0)
    return g


def test_typed_matrix_and_bipartite():
    g = typed_graph()
    md = A.typed_matrix(g, "METHOD", "DATASET")
    # rows by total: M1 (3), then M2 and M3 (1 each; M2 has more papers); columns D1 (4), D2 (1)
    assert md.index.tolist() == ["M1", "M2", "M3"] and md.columns.tolist() == ["D1", "D2"]
    assert md.to_numpy().tolist() == [[3, 0], [1, 0], [0, 1]]
    assert A.typed_matrix(g, "METHOD", "DATASET", top=1).to_numpy().tolist() == [[3]]
    td = A.typed_matrix(g, "TASK", "DATASET")
    assert td.loc["T1", "D1"] == 3 and td.loc["T1", "D2"] == 2 and "T2" not in td.index
    b = A.bipartite_view(g, "METHOD", "TASK")
    assert sorted(b.edges) == [("m1", "t1"), ("m2", "t2")] and nx.is_bipartite(b)
    assert {n: d for n, d in b.nodes(data="bipartite")} == {"m1": 0, "m2": 0, "t1": 1, "t2": 1}
    with pytest.raises(AnalysisError):
        A.typed_matrix(g, "METHOD", "PAPER")
    with pytest.raises(AnalysisError):
        A.bipartite_view(g, "TASK", "TASK")


def test_gap_finder():
    g = typed_graph()
    # T1-D1 (3 papers): M1 is linked to both -> 1 method; T1-D2 (2 papers): M1 links T1 only, M3 links D2 only -> 0.
    gaps = A.task_dataset_gaps(g, min_papers=2, max_methods=1)
    assert gaps[["task", "dataset", "papers", "methods"]].values.tolist() == [["T1", "D2", 2, 0], ["T1", "D1", 3, 1]]
    assert gaps.loc[1, "shared_methods"] == "M1"
    assert A.task_dataset_gaps(g, min_papers=3, max_methods=0).empty
    # M2-T1 never co-mentioned: N(M2) = {D1, T2, M1}, N(T1) = {M1, D1, D2}; shared {D1, M1} -> 2/4.
    mt = A.method_task_gaps(g, min_common=2)
    assert mt[["method", "task", "common"]].values.tolist() == [["M2", "T1", 2]]
    assert mt.loc[0, "jaccard"] == pytest.approx(0.5) and mt.loc[0, "via"] == "M1, D1"
    assert A.method_task_gaps(g, min_common=2, min_jaccard=0.6).empty
    with pytest.raises(AnalysisError):
        A.method_task_gaps(g, min_jaccard=2)
