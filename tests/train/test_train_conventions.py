"""kg.train.conventions: spans moved towards kg's guidelines."""

import pytest

from kg.train.conventions import DATASET_HEADS, TASK_GENERIC_HEADS, apply_conventions, split_acronyms, strip_heads
from kg.train.records import TrainingDoc


def _mentions(text, spans):
    return [(text[s:e], label) for s, e, label in spans]


@pytest.mark.parametrize(("text", "heads", "expected"), [
    ("MNIST dataset", DATASET_HEADS, "MNIST"),
    ("the UCI data sets", DATASET_HEADS, "the UCI"),
    ("IWSLT 2010 evaluation datasets", DATASET_HEADS, "IWSLT 2010"),
    ("Penn Treebank", DATASET_HEADS, "Penn Treebank"),
    ("parsing task", TASK_GENERIC_HEADS, "parsing"),
    ("dataset", DATASET_HEADS, None),
])
def test_strip_heads(text, heads, expected):
    out = strip_heads(text, (0, len(text), "X"), heads)
    assert (text[out[0]:out[1]] if out else None) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("machine translation (MT)", ["machine translation", "MT"]),
    ("Chain-of-thought (CoT)", ["Chain-of-thought", "CoT"]),
    ("models (see below)", ["models (see below)"]),
    ("RNN (lstm)", ["RNN (lstm)"]),
    ("BERT", ["BERT"]),
])
def test_split_acronyms(text, expected):
    assert [text[s:e] for s, e, _ in split_acronyms(text, (0, len(text), "TASK"))] == expected


def test_conventions_follow_the_guidelines():
    text = "The CUB and Cars datasets, the gallery set, the WSJ corpus (WSJ) and an analysis method for the QA task."
    spans = tuple((text.index(m), text.index(m) + len(m), label) for m, label in [
        ("CUB and Cars datasets", "DATASET"), ("gallery set", "DATASET"), ("WSJ corpus (WSJ)", "DATASET"),
        ("analysis method", "METHOD"), ("QA task", "TASK")])
    out = apply_conventions(TrainingDoc("d", text, spans), corpus="scierc")
    assert _mentions(text, out.spans) == [("CUB", "DATASET"), ("Cars", "DATASET"), ("WSJ", "DATASET"),
                                          ("WSJ", "DATASET"), ("QA", "TASK")]
    assert sorted(text[s:e] for s, e in out.unknown) == ["analysis method", "gallery set"]
    # outside SciERC a METHOD with a generic head is kept as annotated
    kept = apply_conventions(TrainingDoc("d", text, spans[3:4]), corpus="tdmsci")
    assert _mentions(text, kept.spans) == [("analysis method", "METHOD")]
