"""kg/export/bolt.py: the plan of a push (statements and rows) and its errors, without a server.

A push to a live server is in test_neo4j_live.py.
"""

import re

import networkx as nx
import pytest

from kg.buildio import Build
from kg.export import bolt, cypher
from kg.records import Entity, Mention, Paper

HOSTILE = "x'}) DETACH DELETE n // \" `"


def _build() -> Build:
    papers = {"p1": Paper(id="p1", title=HOSTILE, abstract="We use BERT. BERT on SQuAD.", url=None),
              "p2": Paper(id="p2", title="T2", abstract="SQuAD again.", date="2024-01-02")}
    mentions = [Mention("p1", 0, 7, 11, "BERT", "METHOD", "r"), Mention("p1", 1, 13, 17, "BERT", "METHOD", "r"),
                Mention("p1", 1, 21, 26, "SQuAD", "DATASET", "r"), Mention("p2", 0, 0, 5, "SQuAD", "DATASET", "r")]
    entities = {"method:bert": Entity("method:bert", "METHOD", "bert", HOSTILE, ("BERT",), 1, 2),
                "dataset:squad": Entity("dataset:squad", "DATASET", "squad", "SQuAD", (), 2, 2)}
    graph = nx.Graph()
    for e in entities.values():
        graph.add_node(e.id, label=e.label, name=e.name, papers=e.papers, community=0)
    graph.add_edge("method:bert", "dataset:squad", papers=1, sentences=1, evidence="p1#1", npmi=float("nan"))
    return Build(folder=None, papers=papers, mentions=mentions, entities=entities, graph=graph,  # type: ignore[arg-type]
                 manifest={}, sentences={"p1": [(0, 12), (13, 27)], "p2": [(0, 12)]},
                 assignment={0: "method:bert", 1: "method:bert", 2: "dataset:squad", 3: "dataset:squad"})


def test_plan_rows_and_no_data_in_query_text():
    steps = cypher_steps = bolt.plan(_build())
    stages = [s for s, _, _ in cypher_steps]
    assert stages == ["papers", "entities", "entities", "entities", "mentions", "co_mentions"]
    fixed = {cypher.MERGE_PAPERS, cypher.MERGE_MENTIONS, cypher.MERGE_CO_MENTIONS,
             *(cypher.merge_entities(label) for label in cypher.ENTITY_LABELS)}
    for _, statement, _rows in steps:
        assert statement in fixed
        assert "x'})" not in statement and "DETACH" not in statement
        assert re.fullmatch(r"[A-Za-z0-9_:$.(){}\[\]<>=+, -]+", statement), statement
    papers = steps[0][2]
    assert papers[0] == {"id": "p1", "props": {"title": HOSTILE}}  # no None url/date
    assert papers[1]["props"] == {"title": "T2", "date": "2024-01-02"}
    methods = steps[1][2]
    assert methods == [{"id": "method:bert", "props": {"key": "bert", "name": HOSTILE, "aliases": ["BERT"],
                                                       "papers": 1, "mentions": 2, "community": 0}}]
    mentions = steps[4][2]
    assert mentions[1] == {"paper": "p1", "entity": "method:bert",
                           "props": {"count": 2, "sentences": [0, 1], "evidence": ["We use BERT.", "BERT on SQuAD."]}}
    (edge,) = steps[5][2]
    # endpoints ordered, NaN dropped, evidence a list
    assert edge == {"a": "dataset:squad", "b": "method:bert", "props": {"papers": 1, "sentences": 1,
                                                                        "evidence": ["p1#1"]}}


def test_unreachable_server_is_one_clear_error():
    conn = bolt.Connection(uri="bolt://127.0.0.1:9", password="x", retry_seconds=0)
    with pytest.raises(bolt.Neo4jError, match=r"cannot reach a Neo4j server at bolt://127\.0\.0\.1:9"):
        bolt.push(_build(), conn)
    with pytest.raises(bolt.Neo4jError, match="not a Bolt URI"):
        bolt.driver(bolt.Connection(uri="http//nope", password="x"))
