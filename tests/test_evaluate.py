import json

import pytest
import spacy
from paths import FIXTURES

from kg.evaluate import Counts, evaluate, format_report, match_exact, match_partial, run_evaluation, score_spans
from kg.gold import KG_MAPPING, GoldDoc, read_gold

GOLD = FIXTURES / "gold"
KG_CORPUS = GOLD / "kg_corpus.jsonl"


def test_counts_scores():
    assert Counts(10, 8, 6).precision == 0.75
    assert Counts(10, 8, 6).recall == 0.6
    assert Counts(10, 8, 6).f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts(0, 0, 0).f1 == Counts(3, 0, 0).precision == Counts(0, 3, 0).recall == 0.0


def test_exact_match_needs_same_boundaries_and_label():
    gold = [(0, 4, "METHOD"), (10, 20, "TASK"), (30, 35, "DATASET")]
    pred = [(0, 4, "METHOD"), (10, 19, "TASK"), (30, 35, "METHOD")]
    assert match_exact(gold, pred) == {(0, 4, "METHOD")}


def test_partial_match_is_one_to_one_and_greedy_by_overlap():
    # one prediction covers two gold spans: it is matched once, to the one it overlaps most
    gold = [(0, 5, "TASK"), (6, 20, "TASK")]
    assert match_partial(gold, [(3, 20, "TASK")]) == [((6, 20, "TASK"), (3, 20, "TASK"))]
    # two predictions inside one gold span: one match
    assert len(match_partial([(0, 20, "TASK")], [(0, 5, "TASK"), (8, 20, "TASK")])) == 1
    # touching is not overlapping; labels must agree
    assert match_partial([(0, 5, "TASK")], [(5, 9, "TASK"), (0, 5, "METHOD")]) == []
    # an exact pair is never given up for an equally large overlap
    assert match_partial([(0, 5, "TASK"), (0, 30, "TASK")], [(0, 5, "TASK")]) == [((0, 5, "TASK"), (0, 5, "TASK"))]


def test_score_spans_hand_computed():
    doc1 = ([(0, 4, "METHOD"), (10, 20, "TASK"), (25, 30, "TASK")],
            [(0, 4, "METHOD"), (12, 20, "TASK"), (40, 45, "METHOD"), (50, 55, "DATASET")])
    doc2 = ([(0, 6, "METHOD")], [(0, 6, "TASK")])
    exact, partial = score_spans([doc1, doc2], ["METHOD", "TASK"])
    assert exact["METHOD"] == Counts(gold=2, predicted=2, correct=1)
    assert exact["TASK"] == Counts(gold=2, predicted=2, correct=0)
    assert partial["TASK"] == Counts(gold=2, predicted=2, correct=1)
    assert exact["micro"] == Counts(gold=4, predicted=4, correct=1)   # the DATASET prediction is not scored
    assert partial["micro"] == Counts(gold=4, predicted=4, correct=2)
    assert exact["micro"].f1 == pytest.approx(0.25)
    assert partial["micro"].f1 == pytest.approx(0.5)


@pytest.fixture(scope="module")
def ruler_nlp():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([  # type: ignore[attr-defined]
        {"label": "METHOD", "pattern": "CLIP"},
        {"label": "TASK", "pattern": [{"LOWER": "segmentation"}]},
        {"label": "DATASET", "pattern": "GLUE"},
        {"label": "METHOD", "pattern": "pruning"},
    ])
    return nlp


def test_evaluate_runs_the_pipeline_and_scores(ruler_nlp):
    gold = read_gold(GOLD / "kg.jsonl", corpus=[KG_CORPUS])
    report = evaluate(ruler_nlp, gold.docs, labels=gold.labels, mapping=gold.mapping, gold="kg.jsonl", format="kg")
    # p1: CLIP exact, "segmentation" inside "open-vocabulary segmentation"; p2: "pruning" inside
    # "Magnitude pruning", GLUE exact
    assert report.exact["METHOD"] == Counts(gold=3, predicted=2, correct=1)
    assert report.partial["METHOD"] == Counts(gold=3, predicted=2, correct=2)
    assert report.exact["TASK"] == Counts(gold=1, predicted=1, correct=0)
    assert report.partial["TASK"] == Counts(gold=1, predicted=1, correct=1)
    assert report.exact["DATASET"] == Counts(gold=2, predicted=1, correct=1)
    assert report.exact["micro"] == Counts(gold=6, predicted=4, correct=2)
    assert report.docs == 2 and report.words == 18 and report.words_per_second > 0
    data = report.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["partial"]["micro"] == {"gold": 6, "predicted": 4, "correct": 4, "precision": 1.0,
                                        "recall": 0.6667, "f1": 0.8}
    assert data["mapping"] == dict(KG_MAPPING) and data["labels"] == ["METHOD", "DATASET", "TASK"]
    table = format_report(report)
    assert table == report.table()
    assert "kg.jsonl (kg, all): 2 docs, 18 words" in table
    assert [line.split()[0] for line in table.splitlines()[4:]] == ["METHOD", "DATASET", "TASK", "micro"]


def test_evaluate_scores_only_the_given_labels(ruler_nlp):
    doc = GoldDoc("d", "CLIP on GLUE.", ((0, 4, "METHOD"),), "")
    report = evaluate(ruler_nlp, [doc], labels=["METHOD"])
    assert report.labels == ("METHOD",)
    assert report.exact["micro"] == Counts(gold=1, predicted=1, correct=1)


def test_run_evaluation_with_the_rules_pipeline():
    report = run_evaluation(GOLD / "tdmsci.conll", heldout=False, limit=3)
    assert report.docs == 3 and report.format == "tdmsci" and report.labels == ("DATASET", "TASK")
    assert report.selection == "all, first 3"
    assert report.exact["micro"].gold == 5
    assert report.partial["micro"].correct >= report.exact["micro"].correct
    assert run_evaluation(GOLD / "tdmsci.conll", heldout=True).docs == 0
