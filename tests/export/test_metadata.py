"""Paper metadata (authors, year, venue, DOI, arXiv id, source ids) from the readers to every output of a build."""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import pytest

from kg.analysis.trends import paper_periods
from kg.build import run_build
from kg.buildio import load_build
from kg.export import bolt, cypher
from kg.export.html import page_data, to_pyvis
from kg.records import BuildSettings, Paper

FIXTURES = Path(__file__).parents[1] / "corpus" / "data"
TITLE = "Contrastive Pretraining of Speech Encoders"


@pytest.fixture(scope="module")
def metadata_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("metadata") / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run_build([FIXTURES], out, BuildSettings(model="rules", html=True))
    return out


def test_papers_jsonl_and_load_build_keep_the_metadata(metadata_build):
    rows = {r["title"]: r for r in map(json.loads, (metadata_build / "papers.jsonl").read_text().splitlines())}
    speech = rows[TITLE]
    assert speech["authors"] == ["Rossi, Maria", "Chen, Wei"] and speech["year"] == 2023
    assert (speech["venue"], speech["doi"]) == ("Invented Journal of Speech", "10.5555/kg.2023.010")
    assert speech["ids"] == {"s2": "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"}  # merged in from s2_search.json
    loaded = {p.title: p for p in load_build(metadata_build).papers.values()}[TITLE]
    assert loaded.authors == ("Rossi, Maria", "Chen, Wei") and loaded.ids == (("s2", speech["ids"]["s2"]),)
    manifest = json.loads((metadata_build / "manifest.json").read_text())
    assert manifest["corpus"]["per_format"]["ris"] == {"files": 1, "read": 2, "skipped": 1}
    assert manifest["counts"]["records_skipped"] == 12 == sum(f["skipped"] for f in manifest["corpus"]["per_format"].values())


def test_neo4j_csv_has_typed_metadata_columns(metadata_build):
    with open(metadata_build / "neo4j" / "papers.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    assert header[:10] == ["id:ID(Paper)", "title", "date", "url", "year:int", "authors:string[]", "venue", "doi",
                           "arxiv_id", "ids:string[]"]
    speech = next(dict(zip(header, r, strict=True)) for r in rows[1:] if r[1] == TITLE)
    assert speech["authors:string[]"] == "Rossi, Maria;Chen, Wei" and speech["year:int"] == "2023"


def test_cypher_rows_carry_lists_and_numbers():
    paper = Paper("p", "T", "A", year=2021, authors=("A. One", "B. Two"), doi="10.1/x", ids=(("s2", "abc"),))
    [row] = cypher.paper_rows([paper])
    assert row["props"] == {"title": "T", "year": 2021, "authors": ["A. One", "B. Two"], "doi": "10.1/x",
                            "ids": ["s2:abc"]}


def test_html_panel_shows_year_venue_and_a_safe_link():
    import networkx as nx

    g = nx.Graph()
    g.add_node("method:bert", label="METHOD", name="BERT", aliases="", papers=1, mentions=1)
    g.add_node("dataset:squad", label="DATASET", name="SQuAD", aliases="", papers=1, mentions=1)
    g.add_edge("method:bert", "dataset:squad", papers=1, sentences=1, evidence="p1#0")
    paper = Paper("p1", "T", "BERT on SQuAD.", year=2022, venue="<img src=x onerror=alert(1)>", doi="10.1/a b")
    data = page_data(to_pyvis(g), papers={"p1": paper}, sentences={"p1": [(0, 14)]})
    assert data["papers"]["p1"] == {"title": "T", "url": "https://doi.org/10.1/a%20b", "date": None, "year": 2022,
                                    "venue": "<img src=x onerror=alert(1)>"}


def test_trends_per_year_from_year_and_dates(metadata_build):
    papers = load_build(metadata_build).papers
    years = paper_periods(papers, freq="year")
    assert set(years) >= {"1999", "2019", "2020", "2021", "2022", "2023", "2024"}
    assert years.attrs["undated"] == 0


@pytest.mark.slow
def test_push_writes_metadata_as_paper_properties(server, metadata_build):
    with bolt.driver(server) as drv:
        drv.execute_query("MATCH (n) DETACH DELETE n", database_=server.database)
    bolt.push(load_build(metadata_build), server, batch_size=100)
    with bolt.driver(server) as drv:
        records, _, _ = drv.execute_query("MATCH (p:Paper {title: $title}) RETURN p.authors AS a, p.year AS y, "
                                          "p.doi AS d", title=TITLE, database_=server.database)
    assert [(list(r["a"]), r["y"], r["d"]) for r in records] == [(["Rossi, Maria", "Chen, Wei"], 2023,
                                                                 "10.5555/kg.2023.010")]
