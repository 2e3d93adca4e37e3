"""Which entities are entities: the junk filter of the guidelines, and a confidence from corpus evidence.

:func:`junk_reason` names what the guidelines exclude (an unbalanced bracket, a citation or an author's name, a
piece cut out of a longer word, a sentence break, a measure, a field name, a bare property noun or task head, a
bare role head, a verb, a common word typed DATASET or written with a capital: a word that papers write in lower
case, ``data/common_words.txt``, found by the model alone in one or two papers; a descriptive "X-based Y" phrase,
a title's gerund). Each rule is a pure function of the entity's name, key, label and evidence. :func:`confidence`
weighs what the corpus says for the entity: its best source, how many kinds of source agree, its papers and whether
it is written like a name. An entity with a junk reason or a confidence under the vocabulary's threshold is kept in
``entities.jsonl`` with its reason and left out of the graph.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

from kg.nlp.cues import Lexicon
from kg.resolve.variants import ARTEFACT_HEADS, DIMENSION, Vocabulary, name_like

_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]|\s[-–—]+\s+[a-z]")  # "QX. We show", "Quillstock - to study"
#: UTF-8 read as Latin-1 or Windows-1252 ("â€œ", "Ã©"), or what is left of it ("âGreedy").
_MOJIBAKE = re.compile(r"â[€\u0080-\u00bfA-Z]|Ã[\u0080-\u00bf]|Â[\u0080-\u00bf]")
_CITATION = re.compile(r"\bet al\b")
_SURNAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_GERUND = re.compile(r"[A-Z][a-z]+ing")
_CAPITALISED = re.compile(r"[A-Z][a-z]+")
_DATASET_MARK = re.compile(r"[\d\-]")
#: "10x", "4×": a speed-up or a magnification; "7-billion-parameter", "175B parameters": a model's size
_FACTOR = re.compile(r"\d+(?:\.\d+)?\s*[x×]|\d+(?:\.\d+)?[\s\-‐]*(?:billion|million|trillion|[BMT])(?:[\s\-‐]*param(?:eter)?s?)?",
                     re.IGNORECASE)
_NOTATION = re.compile(r"\\[A-Za-z]+|[_^]\{?[A-Za-z0-9]|\$")  # TeX left in a name: "ell_p", "\\ell", "$k$"
_LABEL_LIKE = re.compile(r"(?:Q|RQ|H|C|A|P|S)\d{1,2}")  # research questions, hypotheses, claims: "Q2", "RQ1"
#: Heads that make a name a measure, a quantity or a mathematical object ("Integral Probability Metrics", "KL
#: divergence", "sketching matrices", "small sample size", "learning rate", "neural tangent kernel"; a plural kernel
#: head is a family of methods: "graph kernels").
MEASURE_HEADS = frozenset({"metric", "metrics", "measure", "divergence", "distance", "score", "norm", "matrix",
                           "tensor", "size", "rate", "ratio", "kernel",
                           "boundary", "boundaries", "harmonics"})  # mathematical objects: "decision boundary"
#: Measure heads that name a family of methods in the plural ("graph kernels").
SINGULAR_MEASURE_HEADS = frozenset({"kernel"})
#: Last words of the names of companies and institutions ("Megvii Technology Inc.").
ORGANISATIONS = frozenset({"inc", "inc.", "ltd", "ltd.", "llc", "corp", "corp.", "corporation", "gmbh", "university",
                           "institute"})
#: Last words of the names of hardware ("Tesla K40c GPU").
HARDWARE = frozenset({"gpu", "gpus", "cpu", "cpus", "tpu", "tpus", "fpga", "fpgas"})
#: Two-word heads of mathematical objects ("Hermitian dot product").
MEASURE_TAILS = ("dot product", "inner product")
#: Where a curated list or the gazetteer vouches for a name, shape rules give way to it.
LISTED = frozenset({"curated", "gazetteer", "thesaurus"})


@dataclass(frozen=True)
class Evidence:
    """What the corpus says for one entity: its sources (kind -> mentions), papers, mentions, the share of its
    mentions cut out of a hyphenated word or followed by a citation, whether a text introduces it as a name
    ("namely Quill"), and the shares followed by "licence" ("the MIT License") and by the head of a measure
    ("static transfer ratio"; from the abstracts' text, when known), the share of "joint ..." names followed by
    "and" ("[joint detection] and tracking": a piece of a coordination), and whether any of its mentions is in the
    first sentence of its text (where an abstract states its topic; SciREX's texts begin with the title)."""

    sources: Mapping[str, int]
    papers: int
    mentions: int
    cut: float = 0.0
    cited: float = 0.0
    named: bool = False
    licence: float = 0.0
    measured: float = 0.0
    coordinated: float = 0.0
    opening: bool = False


def junk_reason(name: str, key: str, label: str, evidence: Evidence, vocab: Vocabulary, lexicon: Lexicon) -> str:
    """Why the guidelines exclude this entity, or ``""``.

    Examples
    --------
    >>> from kg.nlp.cues import default_lexicon
    >>> from kg.resolve.variants import load_vocabulary
    >>> ev = Evidence({"model": 1}, 1, 1)
    >>> def why(name, key, label="METHOD"):
    ...     return junk_reason(name, key, label, ev, load_vocabulary(), default_lexicon())
    >>> why("Out-of-distribution (OOD", "out of distribution (ood"), why("auxiliary networks", "auxiliary network")
    ('unbalanced brackets', 'bare role head')
    >>> why("mutual information", "mutual information"), why("detection", "detection", "TASK")
    ('measure or metric', 'bare property or task head')
    >>> why("backpropagate", "backpropagate"), why("emergent", "emergent", "DATASET"), why("BERT", "bert")
    ('verb', 'common word typed DATASET', '')
    >>> why("Natural Language Processsing", "natural language processsing", "TASK"), why("RQ2", "rq 2")
    ('field name', 'a numbered label')
    >>> why("Quillsoft Technology Inc.", "quillsoft technology inc"), why("RevisitingQuillWeavingwithGlyphEmbeddings", "x")
    ('an organisation', 'words run together')
    >>> why("Google", "google", "DATASET"), why("Google Speech Commands", "google speech command", "DATASET")
    ('an organisation', '')
    >>> why("Netflix", "netflix", "DATASET"), why("Netflix", "netflix", "METHOD")
    ('', 'an organisation')
    >>> why("Careful", "careful"), why("Omniglot", "omniglot", "DATASET")
    ('common word', '')
    >>> why("3D reconstruction from a single", "3 d reconstruction from a single", "TASK"), why("2D encoder", "2 d encoder")
    ('cut off before its noun', 'bare role head')
    >>> why("integrates glyph modelling", "integrates glyph modeling", "TASK")
    'begins with a verb'
    >>> why("ell_p glyph embeddings", "ell p glyph embedding"), why("double descent", "double descent")
    ('mathematical notation', 'bare property or task head')
    >>> why("stack of glyph blocks", "stack of glyph block"), why("mixture of experts", "mixture of expert")
    ('a quantity of things', '')
    >>> why("Quill Scaling Conjecture", "quill scaling conjecture")
    'an assumption or claim'
    """
    listed = bool(LISTED & set(evidence.sources))
    words = key.split()
    checks = (
        ("unbalanced brackets", name.count("(") != name.count(")") or name.count("[") != name.count("]")),
        ("citation or author name", bool(_CITATION.search(name)) or (evidence.cited > 0.5
                                                                     and bool(_SURNAME.fullmatch(name)))),
        ("sentence break inside", bool(_SENTENCE_BREAK.search(name))),
        ("a licence", evidence.licence > 0.5),
        ("garbled characters", bool(_MOJIBAKE.search(name))),
        ("a single letter", len(name.strip()) == 1),
        ("a number", name.strip().replace(",", "").replace(".", "").isdigit()),
        ("hardware", words[-1] in HARDWARE),
        ("words run together", any(len(w) > 30 for w in name.split())),
        ("an organisation", words[-1] in ORGANISATIONS or (key in vocab.organisations and not (
            label == "DATASET" and key in vocab.organisations_naming_data))),  # "the Netflix dataset"
        ("fragment of a longer word", name[:1] in "-‐–/" or name[-1:] in "-‐–/" or evidence.cut > 0.5),
        ("piece of a coordination", evidence.coordinated > 0.5),
        ("cut off before its noun", _dangles(name, vocab)),
        ("measure or metric", _measure(name, key, vocab, lexicon)),
        ("field name", key in lexicon.not_entities or key in vocab.fields
         or (len(words) > 1 and any(_close(key, f) for f in vocab.fields))),
        ("bare property or task head", (key in vocab.bare_properties and key not in lexicon.standalone_tasks)
         or _vague(words, vocab)),
        ("mathematical notation", bool(_NOTATION.search(name))),
        ("bare role head", _role_phrase(words, vocab, lexicon) and not name_like(DIMENSION.sub("", name))),
        # the gazetteer's lists hold lower-case common words as dataset names ("emergent", "shape bias"): a dataset
        # written in lower case needs a digit, a hyphen or a dataset head ("text8", "ogbn-products", "news corpus")
        ("common word typed DATASET", label == "DATASET" and name.islower() and not _DATASET_MARK.search(name)
         and words[-1] not in lexicon.dataset_heads and not {"curated", "thesaurus"} & set(evidence.sources)),
        # and its task list holds areas named by things ("Point Clouds", "Autonomous Vehicles")
        ("things, not a task", label == "TASK" and not {"curated", "thesaurus"} & set(evidence.sources)
         and _things(name, lexicon)),
    )
    for reason, hit in checks:
        if hit:
            return reason
    if listed:
        return ""
    unlisted = (
        ("verb", len(words) == 1 and name.islower() and name.endswith(vocab.verb_suffixes)
         and key not in vocab.noun_exceptions),
        ("begins with a verb", len(words) > 1 and name.split()[0].islower() and _third_person(name.split()[0], vocab)),
        ("common word typed DATASET", label == "DATASET" and len(words) == 1 and name.islower()),
        ("common word", len(words) == 1 and bool(_CAPITALISED.fullmatch(name)) and key in vocab.common_words
         and evidence.papers <= 2 and not evidence.named and set(evidence.sources) <= {"model", "cue", "consistency"}),
        ("a numbered label", evidence.papers == 1 and bool(_LABEL_LIKE.fullmatch(name))),
        # what names a measure with the word after it, for the model alone: "static knowledge transfer [ratio]"
        ("cut off before its noun", evidence.measured > 0.5 and set(evidence.sources) <= {"model", "cue", "consistency"}),
        ("descriptive X-based phrase", "based" in words[1:-1] and name.islower() and set(evidence.sources) <= {"model"}),
        ("a quantity of things", len(words) > 2 and words[1] == "of" and words[0] in vocab.collective_nouns
         and not name_like(name)),
        ("an assumption or claim", len(words) > 1 and words[-1] in vocab.claim_heads),
        ("unnamed description", evidence.papers == 1 and name.islower() and words[-1] in vocab.role_heads
         and set(evidence.sources) <= {"model", "cue", "consistency"}
         and not vocab.family_modifiers & set(words[:-1])),
        ("title fragment", label == "TASK" and len(words) > 1 and bool(_GERUND.fullmatch(name.split()[0]))
         and name.split()[0].lower() not in lexicon.task_heads),
    )
    return next((reason for reason, hit in unlisted if hit), "")


#: Plural heads that name something to do, or what does it, in a task's name ("recommender systems", "contextual
#: bandits", "backdoor attacks").
_DOING = frozenset({"systems", "problems", "tasks", "attacks", "bandits", "defenses", "defences"})


def _measure(name: str, key: str, vocab: Vocabulary, lexicon: Lexicon) -> bool:
    """Whether a name is a measure, a metric, a quantity or a mathematical object ("mutual information", "10x",
    "decision boundary", "Hermitian dot product"; not a family in the plural: "graph kernels")."""
    words = key.split()
    return key in vocab.measures or name in lexicon.metrics or name.lower() in lexicon.metrics \
        or bool(_FACTOR.fullmatch(name.strip())) or key.endswith(MEASURE_TAILS) \
        or (len(words) > 1 and words[-1] in MEASURE_HEADS
            and not (words[-1] in SINGULAR_MEASURE_HEADS and name.lower().endswith("s")))


def _things(name: str, lexicon: Lexicon) -> bool:
    """Whether a name ends in a plural noun and holds no task head and no gerund: things ("point clouds", "missing
    values"), not something to do ("answering cloze-style questions", "3D segmentation of brain tissues", "contextual
    bandits", "recommender systems": ``_DOING``).

    >>> from kg.nlp.cues import default_lexicon
    >>> [_things(n, default_lexicon()) for n in ("glyph clouds", "detecting glyph clouds", "glyph segmentation of cells",
    ...  "quill systems", "analysis")]
    [True, False, False, False, False]
    """
    words = [w.lower() for w in re.split(r"[\s\-‐]+", name) if w]
    last = words[-1] if words else ""
    return len(words) > 1 and last.endswith("s") and not last.endswith(("ss", "ics", "sis", "us")) \
        and last.isalpha() and last not in _DOING \
        and not any(w in lexicon.task_heads or w.endswith("ing") for w in words)


def _third_person(word: str, vocab: Vocabulary) -> bool:
    """A verb in the third person ("integrates", "utilizes", "classifies"), not a plural noun ("updates", "gates").

    >>> from kg.resolve.variants import load_vocabulary
    >>> v = load_vocabulary()
    >>> [_third_person(w, v) for w in ("integrates", "classifies", "updates", "gates", "models")]
    [True, True, False, False, False]
    """
    if word.endswith("ifies"):
        return True
    return word.endswith(tuple(f"{suffix}s" for suffix in vocab.verb_suffixes)) and word[:-1] not in vocab.noun_exceptions


def _dangles(name: str, vocab: Vocabulary) -> bool:
    """Whether a name stops before its noun: on a function word or an adjective that needs one ("3D reconstruction
    from a single", "Margin-based", "fully-convolutional Siamese", "Text Classification Neural"), also a participle
    or an "-able" adjective glued by a hyphen ("Web-crawled", "super-separable"), or a word that makes an adjective
    only when glued so ("BERT-style", "layer-wise": ``glued_words_needing_a_noun``).

    >>> from kg.resolve.variants import load_vocabulary
    >>> [_dangles(n, load_vocabulary()) for n in ("Web-crawled", "super-separable", "R-CNN", "Seq2Seq", "pre-trained")]
    [True, True, False, False, True]
    >>> [_dangles(n, load_vocabulary()) for n in ("quill learning-style", "Quill-like", "camera style")]
    [True, True, False]
    """
    last = name.lower().split()[-1] if name.strip() else ""
    glued = last.rsplit("-", 1)[-1] if "-" in last.strip("-") else ""  # what a hyphen glues last ("Web-crawled")
    return (" " in name.strip() and last in vocab.dangling_words) or last.endswith("-based") \
        or last in vocab.adjectives_needing_a_noun or glued in vocab.adjectives_needing_a_noun \
        or glued in vocab.glued_words_needing_a_noun \
        or (len(glued) > 4 and glued.isalpha() and glued.endswith(("ed", "able", "ible")))


def _close(a: str, b: str) -> bool:
    """Whether two names are a typo apart (a similarity of 0.95 or more), the cheap bounds tried first."""
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= 0.95 and matcher.quick_ratio() >= 0.95 and matcher.ratio() >= 0.95


def _vague(words: list[str], vocab: Vocabulary) -> bool:
    """A property noun or a task head with nothing but vague modifiers before it ("consistent robustness",
    "contemporary classification"): a degree or a time, no kind of task (NODE_RULES rules 3 and 4).

    >>> from kg.resolve.variants import load_vocabulary
    >>> [_vague(k.split(), load_vocabulary()) for k in ("strong generalization", "contemporary classification",
    ...  "weak to strong generalization", "image classification")]
    [True, True, False, False]
    """
    return len(words) > 1 and words[-1] in vocab.bare_properties and all(w in vocab.vague_modifiers for w in words[:-1])


def _role_phrase(words: list[str], vocab: Vocabulary, lexicon: Lexicon) -> bool:
    """A role or property head with nothing but role modifiers before it ("auxiliary networks"), also past a
    "neural" ("large neural networks"; "neural network" alone is a name).

    >>> from kg.nlp.cues import default_lexicon
    >>> from kg.resolve.variants import load_vocabulary
    >>> [_role_phrase(k.split(), load_vocabulary(), default_lexicon())
    ...  for k in ("auxiliary network", "large neural network", "neural network", "large language model",
    ...            "hyperfitted model", "retrieval augmented model", "distributed training", "classifier",
    ...            "pre training model", "pre training language model")]
    [True, True, False, False, True, False, False, True, True, False]
    """
    if len(words) == 1:
        return words[0] in vocab.role_heads  # "classifier", "discriminator": a role alone (NODE_RULES rule 1)
    if words[-1] not in vocab.role_heads:
        return False
    # "auxiliary networks", "the final layer", "2D encoder" (a dimension is no name either); a state a model is in
    # names no kind of model either ("hyperfitted models", "pruned networks"; not "distributed training")
    modifiers = [w for w in words[:-1] if w != "neural"]
    state = words[-1] in ARTEFACT_HEADS
    return bool(modifiers) and all(w in vocab.role_modifiers or w in lexicon.stop_words or w.isdigit() or len(w) == 1
                                   or (state and len(w) > 5 and w.isalpha() and w.endswith("ed"))
                                   or (state and w in _TRAINING_STATE) for w in modifiers)


#: The training a model has had, before a model's head: "pre-training models" are pre-trained models.
_TRAINING_STATE = frozenset({"pre", "training", "pretraining", "fine", "tuning", "finetuning"})


def confidence(name: str, evidence: Evidence, vocab: Vocabulary) -> float:
    """How much the corpus supports an entity, in ``[0, 1]``.

    The best source's confidence (``source_confidence`` in the vocabulary: a curated list above the gazetteer above
    an abbreviation definition above a cue or the model), plus 0.05 for each further kind of source that found it,
    0.05 for each paper beyond the first (up to four), and 0.05 when it is written like a name; a single lower-case
    word loses 0.15 ("predictor" found by the model in one paper is too little), and so does a name in lower case
    that the model alone found once, past the first sentence of its text: one model guess in passing, right four
    times in five on the dev samples where the other nodes are right more than nine times in ten. A name that only a
    lexical cue proposed, once, loses 0.2 (a title's words before "Network", right less than half the time). The
    losses add up: one lower-case word the model found once in passing loses 0.3.

    >>> from kg.resolve.variants import load_vocabulary
    >>> confidence("CIFAR-10", Evidence({"gazetteer": 3, "model": 2}, 3, 5), load_vocabulary())
    1.0
    >>> confidence("scalable exploration", Evidence({"model": 1}, 1, 1, opening=True), load_vocabulary())
    0.6
    >>> confidence("scalable exploration", Evidence({"model": 1}, 1, 1), load_vocabulary())
    0.45
    >>> confidence("scalable exploration", Evidence({"model": 2}, 1, 2), load_vocabulary())
    0.6
    >>> confidence("Fixed-Length Glyph Transformer", Evidence({"cue": 1}, 1, 1, opening=True), load_vocabulary())
    0.45
    """
    table = vocab.source_confidence
    best = max((table.get(kind, 0.5) for kind in evidence.sources), default=0.0)
    in_passing = evidence.mentions == 1 and set(evidence.sources) == {"model"} and not evidence.opening
    score = best + 0.05 * (len(evidence.sources) - 1) + 0.05 * min(evidence.papers - 1, 4) \
        + (0.05 if name_like(name) else 0.0) - (0.15 if name.isalpha() and name.islower() else 0.0) \
        - (0.15 if in_passing and name.islower() else 0.0) \
        - (0.2 if evidence.mentions == 1 and set(evidence.sources) == {"cue"} else 0.0)
    return round(min(score, 1.0), 3)
