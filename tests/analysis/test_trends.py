"""kg/analysis/trends.py: periods, counts by period, first seen, emerging and fading pairs."""

import pytest

from kg import analysis as A
from kg.analysis import AnalysisError
from kg.graph import comention_graph
from kg.records import Mention, Paper
from kg.resolve import resolve


def _timeline_records():
    papers = [Paper("p1", "T", "A", date="--03-01"), Paper("p2", "T", "A", date="--03-20"),
              Paper("p3", "T", "A", date="--04-02"), Paper("p4", "T", "A", date="--04-09"), Paper("p5", "T", "A")]
    # A-B: p2 (March), p3 and p4 (April); A-C: p1 and p2 (March only); p5 is undated.
    layout = {"p1": ["A", "C"], "p2": ["A", "B", "C"], "p3": ["A", "B"], "p4": ["A", "B"], "p5": ["A", "C"]}
    mentions = [Mention(p, 0, 0, 1, e, "METHOD", "r") for p, es in layout.items() for e in es]
    found = resolve(mentions)
    entities, assignment = found.entities, found.assignment
    return papers, mentions, assignment, comention_graph(entities, mentions, assignment, n_papers=5).graph


def test_time_functions_with_dates():
    papers, mentions, assignment, graph = _timeline_records()
    periods = A.paper_periods(papers)
    assert periods.to_dict() == {"p1": "--03", "p2": "--03", "p3": "--04", "p4": "--04"}
    assert periods.attrs["undated"] == 1
    ent = A.entity_counts_by_period(papers, mentions, assignment)
    assert ent.attrs["has_dates"] and ent.columns.tolist() == ["--03", "--04"]
    assert ent.loc["method:a"].tolist() == [2, 2] and ent.loc["method:c"].tolist() == [2, 0]
    pairs = A.pair_counts_by_period(graph, papers, mentions, assignment)
    assert pairs.loc[("method:a", "method:b")].tolist() == [1, 2]
    first = A.first_seen(papers, mentions, assignment)
    assert first.loc["method:b", "first_period"] == "--03" and first.loc["method:a", "dated_papers"] == 4
    # A-B: April 2 of 2 papers, before 1 of 2 -> rise 1 - 1/2 = 0.5. A-C: 0/2 - 2/2 = -1. B-C: 0 - 1/2.
    rising = A.emerging_pairs(graph, papers, mentions, assignment, min_papers=1)
    assert rising[["source_name", "target_name"]].values.tolist() == [["A", "B"]]
    assert rising.loc[0, "rise"] == pytest.approx(0.5) and rising.attrs["last_period"] == "--04"
    fading = A.fading_pairs(graph, papers, mentions, assignment, min_papers=1)
    assert fading["rise"].tolist() == pytest.approx([-1.0, -0.5])
    by_day = A.entity_counts_by_period(papers, mentions, assignment, freq="day")
    assert by_day.columns.tolist() == ["--03-01", "--03-20", "--04-02", "--04-09"]
    one_period = A.pair_trends(graph, papers, mentions, assignment, freq="year")
    assert one_period.empty and not one_period.attrs["has_dates"]


def test_time_functions_without_dates():
    papers, mentions, assignment, graph = _timeline_records()
    undated = [Paper(p.id, p.title, p.abstract) for p in papers]
    for frame in (A.entity_counts_by_period(undated, mentions, assignment),
                  A.pair_counts_by_period(graph, undated, mentions, assignment),
                  A.first_seen(undated, mentions, assignment),
                  A.emerging_pairs(graph, undated, mentions, assignment),
                  A.fading_pairs(graph, undated, mentions, assignment)):
        assert frame.empty and frame.attrs["has_dates"] is False
        assert "no paper has a date" in frame.attrs["message"]
    single = [Paper("p1", "T", "A", date="--03-01"), Paper("p2", "T", "A", date="--03-02")]
    trends = A.pair_trends(graph, single, mentions, assignment)
    assert trends.empty and "only one period" in trends.attrs["message"]
    with pytest.raises(AnalysisError):
        A.paper_periods(papers, freq="week")  # type: ignore[arg-type]


def test_time_on_sample_build(sample_build):
    b = sample_build
    counts = A.entity_counts_by_period(b.papers, b.mentions, b.assignment)
    assert counts.attrs["has_dates"] and counts.columns.tolist() == ["--04", "--05"]
    dated = A.paper_periods(b.papers)
    assert sum(counts.attrs["papers_per_period"].values()) == len(dated)
    trends = A.pair_trends(b.graph, b.papers, b.mentions, b.assignment, min_papers=1)
    assert not trends.empty and (trends["papers"] >= 1).all()
