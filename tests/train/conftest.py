"""Fixtures of the kg.train tests: the gold fixtures laid out like ../shared/data, and one SciREX paper."""

import gzip
import hashlib
import json
import shutil

import pytest
from paths import FIXTURES

from kg.train import DataPaths

GOLD = FIXTURES / "gold"

_SCIREX_TEXT = "Fast BERT Tuning We fine-tune BERT on SQuAD for question answering."
_SCIREX_KG = {"paper": "x1", "abstract_sha1": hashlib.sha1(_SCIREX_TEXT.encode()).hexdigest(), "split": "train",
              "spans": [[0, 16, "METHOD"], [30, 34, "METHOD"], [38, 43, "DATASET"], [48, 66, "TASK"]]}


def _scirex_record():
    text = ("document : Fast BERT Tuning section : Abstract We fine - tune BERT on SQuAD for question answering . "
            "section : Intro BERT is a Transformer encoder trained on BookCorpus and Wikipedia text .")
    words = text.split(" ")
    tag = {"BERT": "Method", "SQuAD": "Material", "Transformer": "Method"}
    ner = [[i, i + 1, tag[w]] for i, w in enumerate(words) if w in tag]
    ner.append([words.index("question"), words.index("question") + 2, "Task"])
    first_intro = words.index("Intro") - 2
    return {"doc_id": "x1", "words": words, "sections": [[0, 5], [5, first_intro], [first_intro, len(words)]],
            "sentences": [[0, 5], [5, first_intro], [first_intro + 3, len(words)]], "ner": ner}


@pytest.fixture
def data_paths(tmp_path):
    """The gold fixtures laid out like ../shared/data, plus kg offsets as seed annotations."""
    data = tmp_path / "data"
    for source, target in [("scierc.json", "scierc/json/train.json"), ("scierc.json", "scierc/json/dev.json"),
                           ("tdmsci.conll", "tdmsci/train_1500_v2.conll"), ("scier.jsonl", "scier/PLM/dev.jsonl")]:
        (data / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(GOLD / source, data / target)
    heddes = data / "dataset-names-heddes2021" / "iob" / "Train_set.csv.gz"
    heddes.parent.mkdir(parents=True)
    heddes.write_bytes(gzip.compress((GOLD / "heddes.csv").read_bytes()))
    scirex = data / "scirex" / "train.jsonl.gz"
    scirex.parent.mkdir(parents=True)
    scirex.write_bytes(gzip.compress((json.dumps(_scirex_record()) + "\n").encode()))
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    shutil.copy(GOLD / "kg.jsonl", annotations / "seeds-train.jsonl")
    shutil.copy(GOLD / "kg.jsonl", annotations / "seeds-dev.jsonl")
    (annotations / "scirex-train.jsonl").write_text(json.dumps(_SCIREX_KG) + "\n")
    return DataPaths(data=data, seeds=GOLD / "kg_corpus.jsonl", annotations=annotations)


@pytest.fixture
def scirex_kg():
    """kg's annotation of the SciREX paper's abstract (a row of ``scirex-train.jsonl``)."""
    return _SCIREX_KG


@pytest.fixture
def scirex_record():
    """The SciREX paper as a row of SciREX's JSON Lines."""
    return _scirex_record()
