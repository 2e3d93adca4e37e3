"""kg's own annotations: character offsets whose abstract is re-attached from a corpus and checked by SHA-1."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.corpus import Corpus, read_corpus
from kg.errors import GoldError, Messages
from kg.gold.reading import _doc, _json_rows, _map_label, _read, _require
from kg.gold.records import KG_MAPPING, GoldDoc, LabelMap, Span

#: Where kg's own annotations find their abstracts by default: the seed pages in ``../shared`` (relative to the
#: working directory, as in the data README), overridable with ``--corpus``.
DEFAULT_CORPUS = Path("../shared/seeds")

_KG_EXPECTED = ("JSON Lines with 'paper', 'abstract_sha1' and 'spans' ([start, end, label] character offsets "
                "into the abstract)")


def abstract_sha1(abstract: str) -> str:
    """The checksum kg's annotations store: SHA-1 of the UTF-8 abstract, as hex.

    >>> abstract_sha1("")
    'da39a3ee5e6b4b0d3255bfef95601890afd80709'
    """
    return hashlib.sha1(abstract.encode("utf-8")).hexdigest()


def read_kg(path: str | Path, *, corpus: Corpus | Iterable[str | Path] = (DEFAULT_CORPUS,),
            split: str | None = None, mapping: LabelMap = KG_MAPPING) -> Iterator[GoldDoc]:
    """Read kg's own offset annotations and re-attach each abstract from ``corpus``.

    Parameters
    ----------
    path : str or Path
    corpus : Corpus or iterable of paths
        The papers that were annotated (read with :func:`kg.corpus.read_corpus` when paths are given).
    split : str, optional
        Keep only rows whose ``"split"`` equals this (``"dev"``, ``"train"``, ...).
    mapping : mapping of str to str or None
        Label -> kg label; identity by default.

    Raises
    ------
    GoldError
        A bad line or span, a paper missing from the corpus, or an abstract whose SHA-1 differs from the one
        recorded (the text changed since it was annotated, so the offsets cannot be trusted).

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from kg.records import Paper
    >>> paper = Paper(id="p1", title="T", abstract="We train BERT on SQuAD.")
    >>> corpus = Corpus(papers=(paper,), records=1, files=())
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
    >>> row = {"paper": "p1", "abstract_sha1": abstract_sha1(paper.abstract), "split": "dev",
    ...        "spans": [[9, 13, "METHOD"], [17, 22, "DATASET"]]}
    >>> _ = f.write_text(json.dumps(row) + "\\n")
    >>> [d.mentions() for d in read_kg(f, corpus=corpus)]
    [[('BERT', 'METHOD'), ('SQuAD', 'DATASET')]]
    """
    path = Path(path)
    text = _read(path, _KG_EXPECTED)
    if not isinstance(corpus, Corpus):
        corpus = read_corpus(list(corpus))
    papers = {paper.id: paper for paper in corpus.papers}
    where = ", ".join(str(f) for f in corpus.files) or "the given corpus"
    for line, row in _json_rows(path, text, _KG_EXPECTED):
        paper_id = str(_require(row, "paper", path, line, _KG_EXPECTED))
        expected_sha1 = str(_require(row, "abstract_sha1", path, line, _KG_EXPECTED))
        raw_spans = _require(row, "spans", path, line, _KG_EXPECTED)
        if split is not None and row.get("split") != split:
            continue
        paper = papers.get(paper_id)
        if paper is None:
            raise GoldError(str(path), line, Messages.UNKNOWN_PAPER.format(paper=paper_id, corpus=where))
        actual = abstract_sha1(paper.abstract)
        if actual != expected_sha1:
            raise GoldError(str(path), line, Messages.SHA1_MISMATCH.format(paper=paper_id, actual=actual,
                                                                           expected=expected_sha1))
        spans: list[Span] = []
        for span in raw_spans if isinstance(raw_spans, list) else [raw_spans]:
            n = len(paper.abstract)
            if not (isinstance(span, list) and len(span) == 3 and all(isinstance(v, int) for v in span[:2])
                    and 0 <= span[0] < span[1] <= n):
                raise GoldError(str(path), line, Messages.BAD_SPAN.format(span=span, n=n, known=sorted(mapping)))
            label = _map_label(str(span[2]), mapping, path, line)
            if label is not None:
                spans.append((span[0], span[1], label))
        yield _doc(paper_id, paper.abstract, spans, f"{path}:{line}")
