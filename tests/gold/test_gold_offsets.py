"""kg.gold.offsets: kg's own offset annotations, re-attached to their abstracts."""

import hashlib
import json
from pathlib import Path

import pytest
from paths import FIXTURES

from kg.corpus import read_corpus
from kg.errors import GoldError
from kg.gold.offsets import read_kg

GOLD = FIXTURES / "gold"
KG_CORPUS = GOLD / "kg_corpus.jsonl"


def test_kg_reader_reattaches_text_and_filters_split():
    docs = list(read_kg(GOLD / "kg.jsonl", corpus=[KG_CORPUS]))
    assert [d.id for d in docs] == ["p1", "p2"]
    assert docs[0].mentions() == [("CLIP", "METHOD"), ("open-vocabulary segmentation", "TASK"), ("ADE20K", "DATASET")]
    assert docs[1].mentions() == [("Magnitude pruning", "METHOD"), ("Transformers", "METHOD"), ("GLUE", "DATASET")]
    corpus = read_corpus([KG_CORPUS])
    assert [d.id for d in read_kg(GOLD / "kg.jsonl", corpus=corpus, split="dev")] == ["p1"]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    f = tmp_path / name
    f.write_text(text)
    return f


def _kg_row(**changes: object) -> str:
    abstract = "We adapt CLIP to open-vocabulary segmentation on ADE20K."
    row = {"paper": "p1", "abstract_sha1": hashlib.sha1(abstract.encode()).hexdigest(), "split": "dev",
           "spans": [[9, 13, "METHOD"]], **changes}
    return json.dumps(row) + "\n"


@pytest.mark.parametrize(("row", "match"), [
    (_kg_row(abstract_sha1="0" * 40), r"g.jsonl:2: the abstract of paper 'p1' changed"),
    (_kg_row(paper="nope"), r"g.jsonl:2: paper 'nope' is not in the corpus"),
    (_kg_row(spans=[[9, 999, "METHOD"]]), r"g.jsonl:2: span \[9, 999, 'METHOD'\] is not"),
    (_kg_row(spans=[[13, 9, "METHOD"]]), r"g.jsonl:2: span"),
    (_kg_row(spans=[[9, 13, "MODEL"]]), r"g.jsonl:2: unknown label 'MODEL'"),
    (json.dumps({"paper": "p1", "spans": []}) + "\n", r"g.jsonl:2: record has no 'abstract_sha1'"),
])
def test_malformed_kg_annotations(tmp_path, row, match):
    f = _write(tmp_path, "g.jsonl", _kg_row() + row)
    with pytest.raises(GoldError, match=match):
        list(read_kg(f, corpus=[KG_CORPUS]))
