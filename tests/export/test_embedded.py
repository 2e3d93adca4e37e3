"""kg/export/embedded.py: the build's embedded database holds the rows of the Neo4j push, read back from a real
LadybugDB file."""

from __future__ import annotations

import math

import ladybug
import networkx as nx
import pytest

from kg.errors import DatabaseError
from kg.export import bolt, cypher, embedded
from kg.graph.edgetable import edge_table
from kg.records import Entity, Mention, Paper


def _all(path, cypher_text):
    db = ladybug.Database(str(path), read_only=True)
    conn = ladybug.Connection(db)
    try:
        result = conn.execute(cypher_text)
        names = result.get_column_names()
        return [dict(zip(names, row, strict=True)) for row in result.get_all()]
    finally:
        conn.close()
        db.close()


def _props(row):
    """A database row as push properties: nulls left out."""
    return {k: v for k, v in row.items() if v is not None}


def _same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12)
    return a == b


def test_the_database_holds_the_rows_of_the_push(sample_build):
    """Every node and relationship of the push, with the same properties (a null where the push sets none)."""
    path = sample_build.folder / embedded.DB_FILE
    assert path.is_file()
    plan = {(stage, statement): rows for stage, statement, rows in bolt.plan(sample_build)}
    papers = {r["id"]: r["props"] for (stage, _), rows in plan.items() if stage == "papers" for r in rows}
    rows = [{k.removeprefix("p."): v for k, v in r.items()} for r in _all(path, "MATCH (p:Paper) RETURN p.*")]
    assert {r["id"]: _props({k: v for k, v in r.items() if k != "id"}) for r in rows} == papers
    for label, table in cypher.ENTITY_LABELS.items():
        expected = {r["id"]: r["props"] for r in cypher.entity_rows(sample_build.shown()[0], sample_build.graph)[label]}
        rows = [{k.removeprefix("n."): v for k, v in r.items()} for r in _all(path, f"MATCH (n:{table}) RETURN n.*")]
        assert {r["id"]: _props({k: v for k, v in r.items() if k != "id"}) for r in rows} == expected
    mentions = {(r["paper"], r["entity"]): r["props"] for (stage, _), rows in plan.items() if stage == "mentions"
                for r in rows}
    rows = _all(path, "MATCH (p:Paper)-[r:MENTIONS]->(e) RETURN p.id AS paper, e.id AS entity, r.count AS count, "
                      "r.sentences AS sentences, r.evidence AS evidence")
    assert {(r["paper"], r["entity"]): _props({k: r[k] for k in ("count", "sentences", "evidence")})
            for r in rows} == mentions
    co = {(r["a"], r["b"]): r["props"] for (stage, _), rows in plan.items() if stage == "co_mentions" for r in rows}
    rows = _all(path, "MATCH (a)-[r:CO_MENTIONED]->(b) RETURN a.id AS a, b.id AS b, r AS r")
    assert len(rows) == len(co)
    for row in rows:
        props = _props({k: v for k, v in row["r"].items() if not k.startswith("_")})
        expected = co[row["a"], row["b"]]
        assert props.keys() == expected.keys() and all(_same(props[k], expected[k]) for k in props)


def _records(frame):
    rows = frame.sort_values(["a", "b"]).to_dict("records")
    return [{k: None if isinstance(v, float) and v != v else v for k, v in row.items()} for row in rows]


def test_the_edge_table_gives_the_rows_of_the_edges(sample_build):
    """The columnar path (the build's) gives what the push's own co_mention_rows give, the reference."""
    graph = sample_build.graph
    from_rows = embedded.co_mention_frame(graph)
    from_table = embedded.co_mention_frame(graph, edge_table(graph))
    assert from_table.columns.tolist() == from_rows.columns.tolist() == ["a", "b", *from_rows.columns[2:]]
    assert _records(from_table) == _records(from_rows)
    assert str(from_table["npmi"].dtype) == "float64"  # numbers travel as numpy columns


def test_the_mention_frame_gives_the_rows_of_the_push(sample_build):
    """The build's path gives what the push's own mention_rows give, the reference."""
    _, assignment = sample_build.shown()
    texts = embedded.SentenceTexts(sample_build.papers, sample_build.sentences)
    for sentence_text in (texts, None):
        reference = cypher.mention_rows(sample_build.mentions, assignment, sentence_text)
        frame = embedded.mention_frame(sample_build.mentions, assignment, sentence_text)
        rows = sorted(({"paper": r["paper"], "entity": r["entity"], "props": {
            k: v for k, v in (("count", int(r["count"])), ("sentences", r["sentences"]), ("evidence", r["evidence"]))
            if v is not None}} for r in frame.to_dict("records")), key=lambda r: (r["paper"], r["entity"]))
        assert rows == reference


def _tiny(tmp_path, title):
    papers = [Paper(id="p1", title=title, abstract='One, "two". Three'), Paper(id="p2", title="Plain", abstract="x")]
    entities = [Entity("method:a", "METHOD", "a", "A, the method", ("A", 'the "a"'), 2, 3),
                Entity("dataset:b", "DATASET", "b", "B", (), 1, 1)]
    mentions = [Mention("p1", 0, 0, 3, "One", "METHOD", "r"), Mention("p1", 1, 0, 1, "B", "DATASET", "r"),
                Mention("p2", 0, 0, 1, "x", "METHOD", "r")]
    graph = nx.Graph()
    graph.add_node("method:a", label="METHOD", name="A, the method", community=0)
    graph.add_node("dataset:b", label="DATASET", name="B", community=0)
    graph.add_edge("method:a", "dataset:b", papers=1, sentences=0, evidence="p1#0|p1#1", npmi=float("nan"))
    texts = embedded.SentenceTexts({p.id: p for p in papers}, {"p1": [(0, 9), (11, 16)], "p2": [(0, 1)]})
    data = embedded.tables(papers, entities, mentions, {0: "method:a", 1: "dataset:b", 2: "method:a"}, texts, graph)
    return embedded.write_database(tmp_path / embedded.DB_FILE, data)


def test_quoted_commas_line_breaks_and_nan_load_as_they_are(tmp_path):
    title = 'Commas, "quotes"\nand a line break; 漢字'
    summary = _tiny(tmp_path, title)
    assert summary.rows == {"Paper": 2, "Method": 1, "Dataset": 1, "Task": 0, "MENTIONS": 3, "CO_MENTIONED": 1}
    path = tmp_path / embedded.DB_FILE
    assert _all(path, "MATCH (p:Paper {id: 'p1'}) RETURN p.title AS t") == [{"t": title}]
    assert _all(path, "MATCH (m:Method) RETURN m.aliases AS a") == [{"a": ["A", 'the "a"']}]
    rows = _all(path, "MATCH (:Paper {id: 'p1'})-[r:MENTIONS]->(m:Method) RETURN r.evidence AS e, r.sentences AS s")
    assert rows == [{"e": ["One, \"two"], "s": [0]}]
    edge = _all(path, "MATCH ()-[c:CO_MENTIONED]->() RETURN c.npmi AS npmi, c.evidence AS ev, c.weight AS w")
    assert edge == [{"npmi": None, "ev": ["p1#0", "p1#1"], "w": None}]  # NaN and the absent weight are nulls


def test_a_rebuilt_database_replaces_the_old_one(tmp_path):
    _tiny(tmp_path, "first")
    _tiny(tmp_path, "second")
    assert _all(tmp_path / embedded.DB_FILE, "MATCH (p:Paper {id: 'p1'}) RETURN p.title AS t") == [{"t": "second"}]


def test_a_property_name_that_is_not_a_word_is_refused(tmp_path):
    graph = nx.Graph()
    graph.add_node("method:a", label="METHOD", name="A", **{"bad name`) DROP": 1})
    data = embedded.tables([], [Entity("method:a", "METHOD", "a", "A", (), 1, 1)], [], {}, None, graph)
    with pytest.raises(DatabaseError, match="not a plain word"):
        embedded.write_database(tmp_path / embedded.DB_FILE, data)
