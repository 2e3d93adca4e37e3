import json
from pathlib import Path

import networkx as nx
import pytest

from kg.build import run_build
from kg.records import LABELS

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
def test_seed_build_counts(tmp_path):
    result = run_build([SEEDS], tmp_path / "out")
    assert (result.records, result.papers) == (310, 212)
    for label in LABELS:
        assert result.mentions[label] >= 100, (label, result.mentions)
    graph = nx.read_graphml(tmp_path / "out" / "graph.graphml")
    assert graph.number_of_nodes() == result.nodes and graph.number_of_edges() == result.edges
    papers = [json.loads(line) for line in (tmp_path / "out" / "papers.jsonl").read_text().splitlines()]
    assert len({p["id"] for p in papers}) == 212
    mentions = [json.loads(line) for line in (tmp_path / "out" / "mentions.jsonl").read_text().splitlines()]
    abstracts = {p["id"]: p["abstract"] for p in papers}
    assert all(abstracts[m["paper_id"]][m["start"]:m["end"]] == m["text"] for m in mentions)
