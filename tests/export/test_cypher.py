"""kg/export/cypher.py: the Cypher text and the rows of the Neo4j push (no server needed)."""

import networkx as nx
import numpy as np
import pytest

from kg.export import cypher


def test_identifier_whitelist():
    assert cypher.identifier("Task") == "Task"
    for bad in ("Paper2", "Foo", "Method`", "method", "Method:Entity", ""):
        with pytest.raises(ValueError):
            cypher.identifier(bad)
    with pytest.raises(KeyError):
        cypher.merge_entities("METRIC")


def test_batches():
    assert [len(b) for b in cypher.batches([{"i": i} for i in range(2500)], 1000)] == [1000, 1000, 500]
    assert list(cypher.batches([], 10)) == []
    with pytest.raises(ValueError):
        list(cypher.batches([{}], 0))


def test_rows_of_mentions_and_co_mentions():
    from kg.records import Mention

    mentions = [Mention("p1", s, 0, 1, "A", "METHOD", "r") for s in (4, 0, 2, 0, 1)] + \
               [Mention("p1", 0, 0, 1, "X", "METHOD", "r")]
    text = {("p1", s): f"sentence {s} " + "x" * 500 for s in range(5)}
    rows = cypher.mention_rows(mentions, {0: "method:a", 1: "method:a", 2: "method:a", 3: "method:a", 4: "method:a"},
                               text)
    assert len(rows) == 1  # the unassigned mention makes no row
    props = rows[0]["props"]
    assert (rows[0]["paper"], rows[0]["entity"], props["count"], props["sentences"]) == ("p1", "method:a", 5, [0, 1, 2, 4])
    assert len(props["evidence"]) == cypher.MENTION_EVIDENCE and props["evidence"][0].startswith("sentence 0 ")
    assert {len(t) for t in props["evidence"]} == {cypher.EVIDENCE_CHARS}
    assert "evidence" not in cypher.mention_rows(mentions[:1], {0: "method:a"})[0]["props"]  # no text, no evidence

    g = nx.Graph()
    g.add_edge("z", "b", papers=2, evidence="", npmi=float("nan"), tags=["x"])
    g.add_edge("a", "c", papers=1, evidence="p1#0|p2", weight=np.float64(0.5))
    assert cypher.co_mention_rows(g) == [
        {"a": "a", "b": "c", "props": {"papers": 1, "weight": 0.5, "evidence": ["p1#0", "p2"]}},
        {"a": "b", "b": "z", "props": {"papers": 2}}]  # ends ordered; NaN, empty evidence and lists dropped
