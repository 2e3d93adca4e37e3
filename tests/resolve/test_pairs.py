"""scripts/build_pairs.py: the short forms SciREX-style full texts define, kept where papers agree; and the known
pairs resolution reads from both lists."""

from __future__ import annotations

import gzip
import json
import sys

from paths import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import build_pairs

from kg.resolve.acronyms import known_pairs


def _doc(doc_id: str, *sentences: str) -> dict[str, object]:
    words: list[str] = []
    spans = []
    for sentence in sentences:
        tokens = sentence.replace("(", "( ").replace(")", " )").split()
        spans.append([len(words), len(words) + len(tokens)])
        words += tokens
    return {"doc_id": doc_id, "words": words, "sentences": spans}


def test_short_forms_defined_alike_in_two_papers_are_kept_and_others_left_out(tmp_path):
    docs = [_doc("a", "We use the Quill Glyph Corpus (QGC) and a sparse router (SR) here."),
            _doc("b", "Results on the Quill Glyph Corpus (QGC) improve.", "A slow relay (SR) helps."),
            _doc("c", "Only here: the Tiny Ink Set (TIS).")]
    (tmp_path / "scirex").mkdir()
    with gzip.open(tmp_path / "scirex" / "train.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(d) + "\n" for d in docs))
    rows = build_pairs.scirex_pairs(tmp_path)
    # QGC: two papers, one meaning; SR: two meanings; TIS: one paper
    assert rows == [("ANY", "QGC", "Quill Glyph Corpus")]


def test_known_pairs_read_both_lists():
    known = known_pairs()
    assert known["ptb"] == "penn treebank"  # from the SciREX list
    assert known["vae"] == "variational autoencoder"  # from the Papers with Code list
