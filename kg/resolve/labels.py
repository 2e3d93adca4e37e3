"""One label per entity: the guidelines' head rules per spelling, then a corpus-level vote per concept.

A spelling whose head contradicts its label is moved first, as the guidelines say: a task inside an unnamed model
phrase is the TASK ("video generation models" is TASK video generation), and a TASK whose head is a model's
("image-based convolutional networks") or a technique's ("weight re-initialization") is a METHOD. Then every
mention of a concept votes for its label, weighted by how reliable its source is (``label_weights`` in the
vocabulary: the curated lists and the gazetteer count three times, an abbreviation definition twice, the model and
the cues once): the gazetteer's label is the prior. A concept is split by label only where the corpus truly uses it
both ways: each label holds at least :data:`SPLIT_PAPERS` papers and the smaller side at least :data:`SPLIT_SHARE`
of the vote. Last, a METHOD that only the model and the cues typed, whose last word is a task head that the corpus's
other names end in as TASKs, is a TASK too (:func:`head_prior`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping

from kg.nlp.cues import Lexicon
from kg.resolve.keys import glued_languages

#: Papers each label needs, and the share of the vote the smaller label needs, for a concept to stay two nodes.
SPLIT_PAPERS, SPLIT_SHARE = 3, 0.4
#: Heads that name a model, not a task.
MODEL_HEADS = frozenset({"network", "model", "architecture", "algorithm", "transformer", "encoder", "decoder",
                         "method", "technique",  # "trust-region methods" are methods
                         # what does a task is a model: "single-stage detector", "neural parser"
                         "detector", "classifier", "tracker", "segmenter", "parser", "tagger", "generator",
                         "discriminator", "regressor", "predictor", "recognizer", "retriever", "captioner",
                         "translator", "summarizer", "solver"})
#: Heads that name a network, which no dataset ends in (a DATASET "X Network" is a model the extraction mistyped).
NETWORK_HEADS = frozenset({"network", "architecture"})
#: Technique nouns: the guidelines make a training procedure or technique a METHOD ("weight re-initialization",
#: "data augmentation"), even where a sentence made it sound like a goal.
TECHNIQUE_HEADS = frozenset({"initialization", "regularization", "normalization", "augmentation", "distillation",
                             "pruning", "quantization", "dropout", "tuning", "pooling", "ensembling", "attention"})
#: What a model learns, a METHOD under the guidelines ("word embeddings"), never a TASK.
REPRESENTATION_HEADS = frozenset({"embedding", "representation"})
#: Property nouns that a qualifier makes a TASK ("adversarial robustness", "OOD generalization": NODE_RULES rule 3).
PROPERTY_HEADS = frozenset({"robustness", "generalization", "generalisation", "fairness", "safety", "privacy",
                            "interpretability", "explainability", "faithfulness", "transferability", "trustworthiness",
                            "controllability"})
_ORDER = {"METHOD": 0, "DATASET": 1, "TASK": 2}
#: Task heads for :func:`head_prior`; heads that also end the names of methods are left out ("pseudo-labeling",
#: "flow matching", "low-rank adaptation", "noise-contrastive estimation", "retrieval-augmented generation",
#: "masked language modeling", "next-token prediction").
PRIOR_TASK_HEADS = frozenset({
    "answering", "captioning", "classification", "completion", "deblurring", "denoising", "detection", "editing",
    "forecasting", "grounding", "identification", "inpainting", "linking", "localization", "manipulation",
    "navigation", "parsing", "re identification", "recognition", "restoration", "retrieval", "segmentation",
    "summarization", "super resolution", "tagging", "tracking", "translation", "verification"})
#: Other names with the head that :func:`head_prior` needs, and the share of them that must be TASKs.
PRIOR_NAMES, PRIOR_SHARE = 3, 0.85


def head_rule(label: str, key: str, lexicon: Lexicon, text: str = "") -> tuple[str, str, str]:
    """``(label, key, rule)`` after the guidelines' head rules; ``rule`` is ``""`` when nothing moved. A model phrase
    that ``text`` writes as a title ("Multiple Instance Detection Network") is a model's name, not a task inside an
    unnamed model; and a DATASET whose head is a network's is a METHOD ("Mesh Geometry Graph Network").

    >>> from kg.nlp.cues import default_lexicon
    >>> head_rule("METHOD", "video generation model", default_lexicon())
    ('TASK', 'video generation', 'head:task in a model phrase')
    >>> head_rule("TASK", "image based convolutional network", default_lexicon())
    ('METHOD', 'image based convolutional network', 'head:model head')
    >>> head_rule("TASK", "trust region method", default_lexicon())
    ('METHOD', 'trust region method', 'head:model head')
    >>> head_rule("METHOD", "diffusion model", default_lexicon())
    ('METHOD', 'diffusion model', '')
    >>> head_rule("TASK", "weight re initialization", default_lexicon())
    ('METHOD', 'weight re initialization', 'head:technique')
    >>> head_rule("TASK", "glyph embedding", default_lexicon())
    ('METHOD', 'glyph embedding', 'head:representation')
    >>> head_rule("METHOD", "multi modal robustness", default_lexicon())
    ('TASK', 'multi modal robustness', 'head:qualified property')
    >>> head_rule("METHOD", "quill instance detection network", default_lexicon(), "Quill Instance Detection Network")
    ('METHOD', 'quill instance detection network', '')
    >>> head_rule("DATASET", "glyph mesh graph network", default_lexicon())
    ('METHOD', 'glyph mesh graph network', 'head:model head')
    """
    words = key.split()
    if len(words) < 2:
        return label, key, ""
    if label == "METHOD" and words[-1] in MODEL_HEADS and len(words) > 2 and words[-2] in lexicon.task_heads \
            and not _titled(text):
        return "TASK", " ".join(words[:-1]), "head:task in a model phrase"
    if (label == "TASK" and words[-1] in MODEL_HEADS) or (label == "DATASET" and words[-1] in NETWORK_HEADS):
        return "METHOD", key, "head:model head"
    if label == "TASK" and words[-1] in TECHNIQUE_HEADS:
        return "METHOD", key, "head:technique"
    if label == "TASK" and words[-1] in REPRESENTATION_HEADS and not _titled(text):
        # "sentence embeddings" are learned, not a task; a formalism's title stays ("Abstract Meaning Representation")
        return "METHOD", key, "head:representation"
    if label != "TASK" and words[-1] in PROPERTY_HEADS:
        return "TASK", key, "head:qualified property"
    return label, key, ""


def _titled(text: str) -> bool:
    """Whether a name of three words or more is written as a title, every word with a capital first letter.

    >>> _titled("Multiple Instance Detection Network"), _titled("video generation models"), _titled("Video models")
    (True, False, False)
    """
    words = [w for w in re.split(r"[\s\-‐]+", text) if w[:1].isalpha()]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def vote(weights: Mapping[str, float], papers: Mapping[str, int]) -> tuple[str, str | None]:
    """The winning label of a concept, and the other label that stays a node of its own (or None).

    ``weights`` are the label's weighted mentions, ``papers`` its papers. Ties go to more papers, then to the order
    METHOD, DATASET, TASK.

    >>> vote({"METHOD": 4, "DATASET": 1}, {"METHOD": 3, "DATASET": 1})
    ('METHOD', None)
    >>> vote({"METHOD": 6, "DATASET": 5}, {"METHOD": 4, "DATASET": 3})
    ('METHOD', 'DATASET')
    """
    ranked = sorted(weights, key=lambda lab: (-weights[lab], -papers.get(lab, 0), _ORDER.get(lab, 9)))
    winner = ranked[0]
    if len(ranked) < 2:
        return winner, None
    second = ranked[1]
    total = sum(weights.values())
    split = (papers.get(winner, 0) >= SPLIT_PAPERS and papers.get(second, 0) >= SPLIT_PAPERS
             and weights[second] >= SPLIT_SHARE * total)
    return winner, second if split else None


def head_prior(labels: Mapping[str, str], weak: Collection[str]) -> set[str]:
    """The keys among ``weak`` (concepts typed by the model and the cues alone) that are METHODs by ``labels`` and
    that their head makes TASKs: the last word is in :data:`PRIOR_TASK_HEADS`, and of the corpus's other names
    (``labels``: each concept's key and label) that end in it, :data:`PRIOR_NAMES` or more, at least
    :data:`PRIOR_SHARE` are TASKs ("multilingual part-of-speech tagging" among "POS tagging", "sequence tagging",
    ...).

    >>> names = {"pos tagging": "TASK", "sequence tagging": "TASK", "image tagging": "TASK", "ner tagging": "TASK",
    ...          "semantic role tagging": "TASK", "multilingual pos tagging": "METHOD", "bert": "METHOD"}
    >>> head_prior(names, {"multilingual pos tagging", "bert"})
    {'multilingual pos tagging'}
    """
    by_head: dict[str, Counter[str]] = defaultdict(Counter)
    for key, label in labels.items():
        if " " in key:
            by_head[_head(key)][label] += 1
    moved = set()
    for key in weak:
        head = _head(key)
        if labels.get(key) != "METHOD" or " " not in key or head not in PRIOR_TASK_HEADS:
            continue
        others = by_head[head].copy()
        others["METHOD"] -= 1
        total = sum(others.values())
        if total >= PRIOR_NAMES and others["TASK"] >= PRIOR_SHARE * total:
            moved.add(key)
    return moved


def _head(key: str) -> str:
    words = key.split()
    return " ".join(words[-2:]) if len(words) > 2 and words[-2] in ("re", "super") else words[-1]


def translation_label(key: str, text: str, languages: Collection[str]) -> str | None:
    """The label of a translation between languages: a TASK when the name is only its languages ("English-to-French
    translation", "German-English machine translation"), a DATASET when a benchmark's name, written in capitals or
    with a year, comes with them ("WMT'14 English-French translation"); None for any other name.

    >>> langs = {"english", "french", "german"}
    >>> translation_label("english to french translation", "English-to-French translation", langs)
    'TASK'
    >>> translation_label("wmt 14 english french translation", "WMT'14 English-French translation", langs)
    'DATASET'
    >>> translation_label("neural english french translation", "neural English-French translation", langs)
    >>> translation_label("machine translation", "machine translation", langs)
    """
    words = [part for w in key.split() for part in (glued_languages(w, languages) or [w])]  # "EnglishRomanian"
    if words[-1] != "translation" or not any(w in languages for w in words):
        return None
    rest = [w for w in words[:-1] if w not in languages and w not in ("to", "machine")]
    if not rest:
        return "TASK"
    written = {w.casefold() for w in re.findall(r"[A-Z]{2,}|\d+", text)}
    return "DATASET" if all(w in written or w.isdigit() for w in rest) else None
