import json

import networkx as nx
import pytest

from kg.records import LABELS


@pytest.mark.slow
def test_seed_build_counts(seed_build):
    out, result = seed_build
    assert (result.records, result.papers) == (310, 212)
    for label in LABELS:
        assert result.mentions[label] >= 100, (label, result.mentions)
    graph = nx.read_graphml(out / "graph.graphml")
    assert graph.number_of_nodes() == result.nodes and graph.number_of_edges() == result.edges
    papers = [json.loads(line) for line in (out / "papers.jsonl").read_text().splitlines()]
    assert len({p["id"] for p in papers}) == 212
    mentions = [json.loads(line) for line in (out / "mentions.jsonl").read_text().splitlines()]
    abstracts = {p["id"]: p["abstract"] for p in papers}
    assert all(abstracts[m["paper_id"]][m["start"]:m["end"]] == m["text"] for m in mentions)
