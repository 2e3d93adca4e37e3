"""kg's own annotation files (kg/nlp/annotations): they re-attach to their text, and no reserved paper is in them."""

import json
from pathlib import Path

import pytest
from paths import SHARED

from kg.corpus import read_corpus
from kg.gold import read_kg
from kg.train.records import DataPaths
from kg.train.sources import _measured_texts, drop_overlapping, read_scirex, read_scirex_kg

PATHS = DataPaths(data=SHARED / "data", seeds=SHARED / "seeds")

pytestmark = pytest.mark.skipif(not (SHARED / "seeds").is_dir() or not (SHARED / "data").is_dir(),
                                reason="../shared not present")


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_seed_annotations_reattach_and_leave_the_reserved_papers_alone():
    corpus = read_corpus([PATHS.seeds])
    reserved = {line.strip().lower() for line in (SHARED / "annotation" / "reserved-titles.txt").read_text(
        encoding="utf-8").splitlines() if line.strip()}
    titles = {paper.id: paper.title.strip().lower() for paper in corpus.papers}
    papers = {}
    for split in ("train", "dev"):
        docs = list(read_kg(PATHS.seeds_split(split), corpus=corpus, split=split))  # raises on a changed abstract
        assert len(docs) == len(_rows(PATHS.seeds_split(split))) and all(d.spans for d in docs)
        papers[split] = {d.id for d in docs}
    assert not papers["train"] & papers["dev"]
    assert not {titles[p] for p in papers["train"] | papers["dev"]} & reserved
    assert len(papers["dev"]) >= 30


def test_scirex_annotations_reattach_and_hold_no_paper_a_dev_set_holds():
    kept = list(drop_overlapping(read_scirex(PATHS.scirex_train), _measured_texts(PATHS)))
    docs = read_scirex_kg(PATHS, kept)  # raises on a changed text or an unknown id
    assert len(docs) == len(_rows(PATHS.scirex_annotations)) > 100
    assert len({d.id for d in docs}) == len(docs)
    assert {label for d in docs for *_, label in d.spans} == {"METHOD", "DATASET", "TASK"}
