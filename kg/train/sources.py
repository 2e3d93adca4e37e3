"""Reading the training corpora and mapping them to kg's labels (:func:`read_sources`), SciREX included."""

from __future__ import annotations

import gzip
import json
import logging
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from spacy.language import Language

from kg.corpus import Corpus
from kg.errors import Messages, TrainError
from kg.gold import (
    HEDDES_MAPPING,
    SCIERC_MAPPING,
    TDMSCI_MAPPING,
    GoldDoc,
    LabelMap,
    Span,
    detokenize,
    holdout,
    mapped_labels,
    read_heddes,
    read_kg,
    read_scier,
    read_scierc,
    read_tdmsci,
)
from kg.nlp.pipeline import build_rules_pipeline
from kg.records import LABELS, Paper
from kg.train.conventions import apply_conventions
from kg.train.records import ABSENT_POLICIES, KG_SOURCES, SOURCES, DataPaths, Recipe, TrainingDoc, TrainingSource

logger = logging.getLogger(__name__)

#: SciREX -> kg: its ``Material`` mentions are mostly datasets (the conventions keep only name-like ones).
SCIREX_MAPPING: LabelMap = MappingProxyType({"Method": "METHOD", "Task": "TASK", "Material": "DATASET",
                                             "Metric": None})

# a capital after the first character ("BERT", "ResNet", "iNat") or letters mixed with digits ("T5", "GPT-4")
_NAME_WORD = re.compile(r"[\w.+/-]*(?:\w[A-Z]|[A-Za-z][\w.+/-]*\d|\d[\w.+/-]*[A-Za-z])[\w.+/-]*")


def _require_file(path: Path, what: str) -> Path:
    if not path.is_file():
        raise TrainError(Messages.NO_FILE.format(path=path, what=what))
    return path


def _from_gold(docs: Iterable[GoldDoc], labels: Sequence[str], unknown_label: str | None = None) -> list[TrainingDoc]:
    """GoldDocs -> TrainingDocs; spans labelled ``unknown_label`` become unknown regions."""
    out = []
    for doc in docs:
        spans = tuple(s for s in doc.spans if s[2] != unknown_label)
        unknown = tuple((s, e) for s, e, label in doc.spans if label == unknown_label)
        out.append(TrainingDoc(doc.id, doc.text, spans, tuple(labels), unknown))
    return out


def name_regions(doc: TrainingDoc) -> TrainingDoc:
    """Add name-like words outside the gold spans ("BERT", "ResNet-50", "T5") as unknown regions.

    Examples
    --------
    >>> doc = TrainingDoc("d", "We train BERT and ResNet-50 on SQuAD v1.1 in 2019.", ((31, 41, "DATASET"),),
    ...                   ("DATASET",))
    >>> [doc.text[s:e] for s, e in name_regions(doc).unknown]
    ['BERT', 'ResNet-50']
    """
    inside = [(s, e) for s, e, _ in doc.spans]
    found = [(m.start(), m.end()) for m in _NAME_WORD.finditer(doc.text)
             if not any(s < m.end() and m.start() < e for s, e in inside)]
    return replace(doc, unknown=tuple(sorted({*doc.unknown, *found}))) if found else doc


def rule_regions(docs: Sequence[TrainingDoc], nlp: Language | None = None, *,
                 batch_size: int = 64) -> list[TrainingDoc]:
    """Add, as unknown regions, what the rules pipeline finds for the labels a document's corpus does not annotate.

    These are the places where an unannotated METHOD (TDMSci) or DATASET (SciERC) may hide; marking them
    missing keeps the model from learning that such names are not entities. The rules run without their
    guideline filter (:func:`kg.nlp.build_rules_pipeline`): a generic-looking phrase in a corpus that does not
    annotate its label is left unknown rather than taught as ``O``. (With the filter, a retrain scored 3.5 points
    lower on SciERC dev and about 2 lower on TDMSci and SciER dev.)

    Examples
    --------
    >>> doc = TrainingDoc("d", "We fine-tune BERT for question answering.", ((22, 40, "TASK"),), ("TASK",))
    >>> [doc.text[s:e] for s, e in rule_regions([doc])[0].unknown]
    ['BERT']
    """
    nlp = nlp or build_rules_pipeline(guidelines=False)
    out = []
    for spacy_doc, doc in nlp.pipe(((d.text, d) for d in docs), as_tuples=True, batch_size=batch_size):
        found = [(e.start_char, e.end_char) for e in spacy_doc.ents if e.label_ not in doc.labels]
        out.append(replace(doc, unknown=tuple(sorted({*doc.unknown, *found}))) if found else doc)
    return out


def read_sources(paths: DataPaths, recipe: Recipe | None = None, *, seed: int = 0) -> list[TrainingSource]:
    """Read and map the training corpora named in ``recipe.sources``.

    Parameters
    ----------
    paths : DataPaths
    recipe : Recipe
    seed : int
        Seeds the sampling of dataset-name sentences without datasets.

    Returns
    -------
    list of TrainingSource

    Raises
    ------
    TrainError
        An unknown source name or a missing file.
    GoldError
        A corpus file that cannot be read.
    """
    recipe = recipe or Recipe()
    unknown_sources = set(recipe.sources) - set(SOURCES)
    if unknown_sources:
        raise TrainError(Messages.UNKNOWN_SOURCE.format(name=sorted(unknown_sources)[0], known=list(SOURCES)))
    if recipe.absent not in ABSENT_POLICIES:
        raise TrainError(Messages.UNKNOWN_POLICY.format(what="absent-label policy", name=recipe.absent,
                                                        known=list(ABSENT_POLICIES)))
    sources: list[TrainingSource] = []
    for name in recipe.sources:
        docs = _read_source(name, paths, recipe, seed)
        if recipe.conventions and name not in KG_SOURCES:
            docs = [apply_conventions(d, corpus=name) for d in docs]
        if recipe.absent == "candidates" and name not in KG_SOURCES:
            docs = rule_regions(docs)
            if recipe.names:
                docs = [name_regions(d) for d in docs]
        logger.info("%s: %d documents, %d spans", name, len(docs), sum(len(d.spans) for d in docs))
        sources.append(TrainingSource(name, tuple(docs), recipe.seed_weight if name in KG_SOURCES else 1))
    return sources


def _read_source(name: str, paths: DataPaths, recipe: Recipe, seed: int) -> list[TrainingDoc]:
    if name == "seeds":
        gold = read_kg(_require_file(paths.seeds_split("train"), "kg seed annotations"), corpus=[paths.seeds],
                       split="train")
        return _from_gold(gold, LABELS)
    if name == "scierc":
        # Material is read under a private label and turned into unknown regions: it is where datasets are
        mapping = {**SCIERC_MAPPING, "Material": "_MATERIAL"}
        gold = read_scierc(_require_file(paths.scierc_train, "SciERC train"), mapping=mapping)
        return _from_gold(gold, mapped_labels(SCIERC_MAPPING), "_MATERIAL")
    if name == "tdmsci":
        gold = holdout(read_tdmsci(_require_file(paths.tdmsci_train, "TDMSci train")), part="train")
        return _from_gold(gold, mapped_labels(TDMSCI_MAPPING))
    if name in ("scirex", "scirex-kg"):
        abstracts = read_scirex(_require_file(paths.scirex_train, "SciREX train"))
        # SciREX and SciER both come from Papers with Code: keep out papers that a development set also holds
        kept = list(drop_overlapping(abstracts, _measured_texts(paths)))
        ours = read_scirex_kg(paths, kept) if name == "scirex-kg" or "scirex-kg" in recipe.sources else []
        if name == "scirex-kg":
            return _from_gold(ours, LABELS)
        # an abstract annotated under kg's guidelines is trained on with those labels, not SciREX's as well
        annotated = {d.id for d in ours}
        return [replace(d, labels=mapped_labels(SCIREX_MAPPING))
                for d in _from_gold((d for d in kept if d.id not in annotated), ())]
    if name == "scirex-body":
        sentences = read_scirex(_require_file(paths.scirex_train, "SciREX train"), part="body", seed=seed)
        kept = drop_overlapping(sentences, _measured_texts(paths))
        return [replace(d, labels=mapped_labels(SCIREX_MAPPING)) for d in _from_gold(kept, ())]
    rng = random.Random(seed)
    gold = holdout(read_heddes(_require_file(paths.heddes_train, "dataset names train")), part="train")
    kept = [d for d in gold if d.spans or rng.random() < recipe.negatives]
    return _from_gold(kept, mapped_labels(HEDDES_MAPPING))


def read_scirex_kg(paths: DataPaths, abstracts: Iterable[GoldDoc]) -> list[GoldDoc]:
    """SciREX train abstracts annotated under kg's guidelines (:attr:`DataPaths.scirex_annotations`).

    The file has the format of the seed annotations (:func:`kg.gold.read_kg`), its ``paper`` being SciREX's
    ``doc_id`` and its text the abstract that :func:`read_scirex` gives, title included.
    """
    papers = tuple(Paper(id=d.id, title="", abstract=d.text, source=d.source) for d in abstracts)
    corpus = Corpus(papers=papers, records=len(papers), files=(paths.scirex_train,))
    return list(read_kg(_require_file(paths.scirex_annotations, "kg annotations of SciREX abstracts"),
                        corpus=corpus, split="train"))


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = [w for w in re.findall(r"[a-z]+", text.lower())]
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def drop_overlapping(docs: Iterable[GoldDoc], references: Iterable[str], *, n: int = 8,
                     threshold: int = 5) -> list[GoldDoc]:
    """The documents that share fewer than ``threshold`` word ``n``-grams with the reference texts.

    Keeps a paper that a development set also holds (in another corpus) out of training.

    Examples
    --------
    >>> ref = "we propose a new method for object detection that runs in real time on mobile devices"
    >>> docs = [GoldDoc("a", ref.upper(), (), ""), GoldDoc("b", "something else entirely", (), "")]
    >>> [d.id for d in drop_overlapping(docs, [ref], threshold=2)]
    ['b']
    """
    seen: set[tuple[str, ...]] = set()
    for text in references:
        seen |= _ngrams(text, n)
    return [d for d in docs if len(_ngrams(d.text, n) & seen) < threshold]


def _measured_texts(paths: DataPaths) -> list[str]:
    """Texts of the development sets that could share papers with a training corpus (seed dev, SciER dev)."""
    texts: list[str] = []
    if paths.seeds_split("dev").is_file():
        texts += [d.text for d in read_kg(paths.seeds_split("dev"), corpus=[paths.seeds], split="dev")]
    if paths.scier_dev.is_file():
        texts += [d.text for d in read_scier(paths.scier_dev)]
    return texts


def _scirex_words(words: Sequence[str], start: int, end: int) -> list[int]:
    """Indices of ``words[start:end]`` without SciREX's ``document :`` and ``section : Abstract`` markers."""
    keep: list[int] = []
    i = start
    while i < end:
        if words[i:i + 2] == ["document", ":"]:
            i += 2
        elif words[i:i + 3] == ["section", ":", "Abstract"]:
            i += 3
        else:
            keep.append(i)
            i += 1
    return keep


def read_scirex(path: Path, *, part: Literal["abstract", "body"] = "abstract", mapping: LabelMap = SCIREX_MAPPING,
                max_words: int = 400, per_paper: int = 15, seed: int = 0) -> Iterator[GoldDoc]:
    """SciREX papers as GoldDocs: the title and abstract of each, or sentences sampled from the body.

    Parameters
    ----------
    path : Path
        SciREX JSON Lines, gzipped.
    part : str
        ``"abstract"``: the first section, or the first two when the first holds only the title (papers whose
        opening is longer than ``max_words`` are skipped). ``"body"``: up to ``per_paper`` sentences of 8 to 80
        words with at least one mapped mention, drawn at random (``seed``) from after the abstract.
    mapping : mapping of str to str or None
        SciREX label -> kg label.
    """
    rng = random.Random(seed)
    for line, row in enumerate(gzip.decompress(path.read_bytes()).decode("utf-8").split("\n"), start=1):
        if not row.strip():
            continue
        record = json.loads(row)
        words, sections, mentions = record["words"], record["sections"], record["ner"]
        start, end = sections[0]
        if end - start < 30 and len(sections) > 1:
            end = sections[1][1]
        doc_id = str(record.get("doc_id", line))
        if part == "abstract":
            if end - start <= max_words:
                yield _scirex_doc(doc_id, words, start, end, mentions, mapping, f"{path}:{line}")
            continue
        labelled = {i for first, stop, kind in mentions if mapping.get(kind) for i in range(first, stop)}
        body = [(a, b) for a, b in record["sentences"] if a >= end and 8 <= b - a <= 80
                and labelled.intersection(range(a, b))]
        for a, b in sorted(rng.sample(body, min(per_paper, len(body)))):
            yield _scirex_doc(f"{doc_id}:{a}", words, a, b, mentions, mapping, f"{path}:{line}")


def _scirex_doc(doc_id: str, words: Sequence[str], start: int, end: int, mentions: Sequence[Sequence[Any]],
                mapping: LabelMap, source: str) -> GoldDoc:
    """Words ``[start, end)`` of a SciREX paper as text, with the mentions that lie inside."""
    keep = _scirex_words(words, start, end)
    text, offsets = detokenize([words[i] for i in keep], join_hyphens=True)
    position = {i: k for k, i in enumerate(keep)}
    spans: list[Span] = []
    for first, stop, kind in mentions:
        label = mapping.get(kind)
        inside = [position[i] for i in range(first, stop) if i in position]
        if label is not None and first >= start and stop <= end and inside:
            span = (offsets[inside[0]][0], offsets[inside[-1]][1], label)
            if span[0] < span[1]:
                spans.append(span)
    return GoldDoc(doc_id, text, tuple(sorted(set(spans))), source)
