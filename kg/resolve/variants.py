"""Keys under which the spellings of one concept meet: the variant rules of corpus-level resolution.

:func:`~kg.resolve.keys.normalise_key` folds case, Unicode, hyphens and a plural head. The rules here go further,
each a pure function of a key (so each is tested on its own), and :func:`concept_key` applies them in order:

- British spellings become American ones, from the word list ``data/spelling.tsv`` ("reward modelling");
- a short form kept in parentheses inside a name is taken out ("out of distribution (ood) detection"), and is a
  definition of that short form when its letters fit the words before it;
- a generic head that the guidelines leave out of a name goes ("PACS dataset" is PACS, "node classification task"
  is node classification; for a METHOD only after a name with capitals or digits: "BERT model" is BERT, "diffusion
  models" stay a family).

Closed compounds ("finetuning" / "fine-tuning") and the other forms that need the corpus are in
:mod:`kg.resolve.forms`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from kg.nlp.cues import default_lexicon
from kg.resolve.keys import glued_languages, normalise_key, said_alike

_INNER = re.compile(r"\s*\(([^()]*)\)")
#: Heads that name a built thing: dropped only after a name, not after a process or a property.
ARTEFACT_HEADS = frozenset({"model", "models", "network", "networks", "net", "nets", "system", "systems"})
#: Heads of a built thing that two names of one model may each drop ("tree structured model" / "... network").
BUILT_HEADS = frozenset({"model", "models", "network", "networks", "net", "nets", "architecture", "architectures"})
#: A dimension ("3D", "2-D"): no name by itself ("3D neural networks" keep their head; "2D encoder" is a role).
DIMENSION = re.compile(r"\b[1-4]-?[dD]\b")
#: A last word glued to the one before by a hyphen ("Memory-Networks").
_HYPHEN_GLUED = re.compile(r"[A-Za-z][-‐‑][A-Za-z]+\s*$")
#: Optional heads that name what a model makes or undergoes, not the model, after a model's head.
_OUTPUTS = frozenset({"representation", "representations", "learning"})
#: Endings that make one word's forms ("convolution-al", "math-ematical", "token-ized").
DERIVATIONAL = ("al", "ic", "ics", "ion", "ive", "ed", "ing", "ity", "ly", "s", "es", "y", "er", "or", "ation")
_YEAR = re.compile(r"(?<=[A-Za-z])\s?['’](\d\d)\b")
_POINT_ZERO = re.compile(r"(\d)\.0\b")
_ISATION = re.compile(r"(?<=\w{3})isation(s?)$")


@dataclass(frozen=True)
class Vocabulary:
    """The word lists of the resolution stage (``kg/resolve/data``), read once."""

    american: Mapping[str, str]
    strip_heads: Mapping[str, tuple[str, ...]]
    measures: frozenset[str]
    fields: frozenset[str]
    bare_properties: frozenset[str]
    role_modifiers: frozenset[str]
    role_heads: frozenset[str]
    family_modifiers: frozenset[str]
    verb_suffixes: tuple[str, ...]
    noun_exceptions: frozenset[str]
    optional_heads: frozenset[str]
    optional_heads_after_two_words: frozenset[str]
    optional_modifiers: Mapping[str, frozenset[str]]
    source_confidence: Mapping[str, float]
    label_weights: Mapping[str, int]
    keep_threshold: float
    common_words: frozenset[str] = frozenset()
    dangling_words: frozenset[str] = frozenset()
    optional_domain_modifiers: Mapping[str, frozenset[str]] = field(default_factory=dict)
    optional_inner_modifiers: Mapping[str, frozenset[str]] = field(default_factory=dict)
    synonym_heads: Mapping[str, str] = field(default_factory=dict)
    learning_settings: frozenset[str] = frozenset()
    optional_modifiers_before: Mapping[str, frozenset[str]] = field(default_factory=dict)
    synonym_words: Mapping[str, str] = field(default_factory=dict)
    languages: frozenset[str] = frozenset()
    adjectives_needing_a_noun: frozenset[str] = frozenset()
    glued_words_needing_a_noun: frozenset[str] = frozenset()
    vague_modifiers: frozenset[str] = frozenset()
    synonym_phrases: tuple[tuple[str, str], ...] = ()  # longest first
    collective_nouns: frozenset[str] = frozenset()
    claim_heads: frozenset[str] = frozenset()
    empty_modifiers: frozenset[str] = frozenset()
    state_modifiers: tuple[str, ...] = ()
    organisations: frozenset[str] = frozenset()  # and those that also name data, "the Netflix dataset":
    organisations_naming_data: frozenset[str] = frozenset()
    #: Not a word list: the corpus's own head terms (:func:`kg.resolve.forms.head_compounds`), set by ``resolve``.
    head_terms: frozenset[str] = frozenset()


@cache
def load_vocabulary() -> Vocabulary:
    """kg's resolution word lists, from ``kg/resolve/data`` (read once per process)."""
    folder = resources.files("kg.resolve") / "data"
    pairs = [line.split("\t") for line in (folder / "spelling.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    data = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
    common = frozenset(line for line in (folder / "common_words.txt").read_text(encoding="utf-8").splitlines()
                       if line and not line.startswith("#"))
    heads = {label: tuple(sorted(words, key=lambda w: -len(w))) for label, words in data["strip_heads"].items()}
    return Vocabulary(
        american=dict(pairs[1:]), strip_heads=heads, measures=frozenset(data["measures"]), fields=frozenset(data["fields"]),
        bare_properties=frozenset(data["bare_properties"]), role_modifiers=frozenset(data["role_modifiers"]),
        role_heads=frozenset(data["role_heads"]), family_modifiers=frozenset(data["family_modifiers"]),
        verb_suffixes=tuple(data["verb_suffixes"]), vague_modifiers=frozenset(data.get("vague_modifiers", ())),
        collective_nouns=frozenset(data.get("collective_nouns", ())), languages=frozenset(data.get("languages", ())),
        claim_heads=frozenset(data.get("claim_heads", ())), empty_modifiers=frozenset(data.get("empty_modifiers", ())),
        state_modifiers=tuple(data.get("state_modifiers", ())), organisations=frozenset(data.get("organisations", ())),
        organisations_naming_data=frozenset(data.get("organisations_naming_data", ())),
        synonym_phrases=tuple(sorted(data.get("synonym_phrases", {}).items(), key=lambda kv: -len(kv[0].split()))),
        noun_exceptions=frozenset(data["noun_exceptions"]), optional_heads=frozenset(data["optional_heads"]),
        optional_heads_after_two_words=frozenset(data["optional_heads_after_two_words"]),
        source_confidence=data["source_confidence"],
        optional_modifiers={k: frozenset(v) for k, v in data["optional_modifiers"].items()},
        label_weights=data["label_weights"], keep_threshold=float(data["keep_threshold"]), common_words=common,
        optional_domain_modifiers={k: frozenset(v) for k, v in data["optional_domain_modifiers"].items()},
        optional_inner_modifiers={k: frozenset(v) for k, v in data.get("optional_inner_modifiers", {}).items()},
        synonym_heads=dict(data.get("synonym_heads", {})), synonym_words=dict(data.get("synonym_words", {})),
        learning_settings=frozenset(data.get("learning_settings", ())), dangling_words=frozenset(data["dangling_words"]),
        optional_modifiers_before={k: frozenset(v) for k, v in data.get("optional_modifiers_before", {}).items()},
        adjectives_needing_a_noun=frozenset(data.get("adjectives_needing_a_noun", ())),
        glued_words_needing_a_noun=frozenset(data.get("glued_words_needing_a_noun", ())))


def versions(text: str) -> str:
    """A surface form with its years and versions written out ("WMT'14" is WMT 2014, "FlowNet 2.0" is FlowNet 2).

    >>> versions("WMT’14 English-German"), versions("FlowNet 2.0"), versions("BERT's")
    ('WMT 2014 English-German', 'FlowNet 2', "BERT's")
    """
    text = _YEAR.sub(lambda m: " " + ("20" if int(m.group(1)) < 50 else "19") + m.group(1), text)
    return _POINT_ZERO.sub(r"\1", text)


def americanise(key: str, american: Mapping[str, str]) -> str:
    """``key`` with each British word in its American spelling: from the word list, and any word ending in
    "isation" (no English word does but the British form of an "-ization").

    >>> americanise("reward modelling", {"modelling": "modeling"}), americanise("factorisation machine", {})
    ('reward modeling', 'factorization machine')
    """
    return " ".join(american.get(word) or _ISATION.sub(r"ization\1", word) for word in key.split())


def fits_short_form(short: str, words: list[str]) -> bool:
    """Whether ``short`` abbreviates ``words``: its first letter starts the first word, and its letters appear in
    order in the words (Schwartz & Hearst's test, on whole words).

    >>> fits_short_form("ood", ["out", "of", "distribution"]), fits_short_form("tta", ["test", "time", "adaptation"])
    (True, True)
    >>> fits_short_form("cnn", ["support", "vector", "network"])
    False
    """
    letters = [c for c in short.lower() if c.isalnum()]
    if not letters or not words or not words[0] or words[0][0] != letters[0]:
        return False
    text, at = " ".join(words), 0
    for letter in letters:
        at = text.find(letter, at)
        if at < 0:
            return False
        at += 1
    return True


def close_brackets(key: str) -> str:
    """A key cut off inside a bracket, mended: an open square bracket at the end (a citation) goes, and an open
    parenthesis at the end (a short form) is closed.

    >>> close_brackets("out of distribution (ood"), close_brackets("polytropon [ponti et al., 2023")
    ('out of distribution (ood)', 'polytropon')
    """
    at = key.rfind("[")
    if at > 0 and "]" not in key[at:]:
        key = key[:at].rstrip()
    at = key.rfind("(")
    if at > 0 and ")" not in key[at:]:
        key += ")"
    return key


def inner_short_forms(key: str) -> tuple[str, list[tuple[str, str]]]:
    """``key`` without the parenthesised short forms inside it, and the (short, long) pairs they define.

    A parenthesis at the very start or with spaces inside is no short form and stays. The long form is the fewest
    words before the parenthesis that the short form fits (see :func:`fits_short_form`).

    >>> inner_short_forms("out of distribution (ood) detection")
    ('out of distribution detection', [('ood', 'out of distribution')])
    >>> inner_short_forms("vision transformer (vit)")
    ('vision transformer', [('vit', 'vision transformer')])
    >>> inner_short_forms("out of distribution (ood")
    ('out of distribution', [('ood', 'out of distribution')])
    """
    found: list[tuple[str, str]] = []

    def drop(match: re.Match[str]) -> str:
        short = match.group(1).strip()
        before = key[:match.start()].split()
        if not before or not short or " " in short:
            return match.group(0)
        for size in range(1, min(len(before), len(short) + 2) + 1):
            if fits_short_form(short, before[-size:]):
                found.append((short, " ".join(before[-size:])))
                break
        return ""

    cleaned = _INNER.sub(drop, close_brackets(key)).strip()
    return (cleaned or key), found


def strip_head(key: str, label: str, text: str, heads: Mapping[str, tuple[str, ...]],
               compounds: Collection[str] = ()) -> str:
    """``key`` without a trailing generic head that the guidelines leave out of a ``label`` name.

    The rest must be a name: some words, and for a METHOD a name written with capitals or digits (``text``, the
    surface form, says how it was written), since "diffusion models" is a family and keeps its head.

    >>> heads = {"DATASET": ("dataset",), "METHOD": ("model",)}
    >>> strip_head("pacs dataset", "DATASET", "PACS dataset", heads), strip_head("bert model", "METHOD", "BERT model", heads)
    ('pacs', 'bert')
    >>> strip_head("diffusion model", "METHOD", "diffusion models", heads)
    'diffusion model'
    >>> strip_head("deeply supervised model", "METHOD", "Deeply-Supervised Models", heads)
    'deeply supervised model'
    >>> strip_head("long memory model", "METHOD", "Long Memory-Models", heads)
    'long memory model'
    >>> strip_head("3 d neural network", "METHOD", "3D neural network", heads)
    '3 d neural network'

    Nor does a head go that would leave an adjective without its noun ("C-LSTM Neural Network" is no "C-LSTM
    neural"):

    >>> strip_head("c lstm neural network", "METHOD", "C-LSTM Neural Network", {"METHOD": ("network",)})
    'c lstm neural network'

    Nor does a METHOD's head go that the corpus's lower-case names take after the same word (``compounds``, see
    :func:`kg.resolve.forms.head_compounds`): "Large Pre-Trained Language Models" are no "large pre-trained language".

    >>> strip_head("large pre trained language model", "METHOD", "Large Pre-Trained Language Models", heads,
    ...            {"language model"})
    'large pre trained language model'
    """
    for head in heads.get(label, ()):
        if key.endswith(" " + head):
            rest = key[:-len(head) - 1].strip()
            if not rest:
                return key
            if label == "METHOD" and (not name_like(DIMENSION.sub("", " ".join(text.split()[:-1])))
                                      or rest.endswith(("ing", "ed"))
                                      or _HYPHEN_GLUED.search(text)
                                      or _needs_noun(rest, load_vocabulary())
                                      or f"{rest.rsplit(' ', 1)[-1]} {head}" in compounds):
                # nor is "Deeply-Supervised Nets" a process: the model is the name; and a head glued to the name
                # with a hyphen is part of it ("Long Short-Term Memory-Networks" are no LSTM)
                return key
            return rest
    return key


def _model_name(words: list[str], vocab: Vocabulary) -> bool:
    """Whether a key's words name one model: a word with a version number ("wav 2 vec 2", "t 5"), or one word that
    is no common English word ("bert"; not "language model", "network").

    >>> v = load_vocabulary()
    >>> _model_name(["t", "5"], v), _model_name(["bert"], v), _model_name(["network"], v), _model_name(["2", "d"], v)
    (True, True, False, False)
    >>> _model_name(["gpt", "3.5"], v)
    True
    """
    if not words or not words[0][0].isalpha():
        return False
    return any(any(c.isdigit() for c in w) for w in words[1:]) \
        or (len(words) == 1 and words[0] not in vocab.common_words)


def squash(key: str) -> str:
    """The key without its spaces: what "fine tuning" and "finetuning" share.

    >>> squash("fine tuning") == squash("finetuning")
    True
    """
    return key.replace(" ", "")


def written_key(key: str) -> str:
    """The key as its spelling variants would all write it: "net" is "network", "neural" before "network" goes
    ("recurrent neural network" meets "recurrent network"), a word said twice in a row is said once, and a last
    word of two or more that the vocabulary's ``synonym_heads`` name is written as its synonym ("image synthesis"
    is image generation).

    >>> written_key("deep residual net"), written_key("recurrent neural network"), written_key("kitti kitti")
    ('deep residual network', 'recurrent network', 'kitti')
    >>> written_key("speech synthesis"), written_key("synthesis")
    ('speech generation', 'synthesis')

    A normalisation written as one word is two ("BatchNorm" is batch normalization), and "to" between two
    languages goes ("WMT 2014 English-to-German" is WMT 2014 English German):

    >>> written_key("in place activated batchnorm"), written_key("wmt 2014 english to german translation")
    ('in place activated batch normalization', 'wmt 2014 english german translation')
    >>> written_key("wmt 2016 englishromanian")
    'wmt 2016 english romanian'

    A word the vocabulary's ``synonym_words`` name is written as its synonym, wherever it stands:

    >>> written_key("attentional encoder decoder")
    'attention based encoder decoder'

    The training of a learning setting the vocabulary's ``learning_settings`` name is that setting, not other
    training ("adversarial training" is a technique of its own):

    >>> written_key("multi task training"), written_key("adversarial training")
    ('multi task learning', 'adversarial training')

    A "2" between two words is "to" ("seq2seq" is sequence to sequence, "seq" a synonym word). Numbers are written
    in digits, and so are their magnitudes and "dimensional" after them:

    >>> written_key("convolutional seq 2 seq")
    'convolutional sequence to sequence'

    >>> written_key("one billion word"), written_key("three dimensional convolutional network")
    ('1 b word', '3 d convolutional network')
    >>> written_key("unsupervised feature learning")  # a phrase of ``synonym_phrases`` (:func:`said_alike`)
    'unsupervised representation learning'
    """
    vocab = load_vocabulary()
    words = []
    for w in key.split():
        if w in ("net", "nets"):
            words.append("network")
        elif w.endswith("norm") and w[:-4] in _NORMALISED:
            words += [w[:-4], "normalization"]
        elif w in vocab.synonym_words:
            words += vocab.synonym_words[w].split()
        elif w in _NUMBER_WORDS:
            words.append(_NUMBER_WORDS[w])
        elif w in _MAGNITUDES and words and words[-1].isdigit():
            words.append(_MAGNITUDES[w])
        elif len(w) > 7 and w not in vocab.languages and (pair := glued_languages(w, vocab.languages)):
            words += pair  # "EnglishRomanian", the arrow between the languages lost
        else:
            words.append(w)
    if len(words) > 1:
        words[-1] = vocab.synonym_heads.get(words[-1], words[-1])
        if words[-1] == "training" and " ".join(words[:-1]) in vocab.learning_settings:
            words[-1] = "learning"  # a learning setting's training is the setting ("federated training")
    words = ["to" if w == "2" and 0 < i < len(words) - 1 and words[i - 1].isalpha() and words[i + 1].isalpha() else w
             for i, w in enumerate(words)]  # "seq2seq", "image2image"
    words = [w for i, w in enumerate(words) if not (w == "to" and 0 < i < len(words) - 1
                                                    and words[i - 1] in vocab.languages
                                                    and words[i + 1] in vocab.languages)]
    words = [w for i, w in enumerate(words) if not (w == "neural" and 0 < i < len(words) - 1
                                                    and words[i + 1] == "network")]
    words = said_alike(" ".join(words), vocab.synonym_phrases).split()
    return " ".join(w for i, w in enumerate(words) if i == 0 or w != words[i - 1])


#: Number words written in digits ("two-stream" is 2-stream), and the words after a number that are a letter.
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(("zero", "one", "two", "three", "four", "five", "six", "seven",
                                                  "eight", "nine", "ten"))}
_MAGNITUDES = {"thousand": "k", "million": "m", "billion": "b", "dimensional": "d"}
#: What a normalisation written as one word ("BatchNorm") begins with.
_NORMALISED = frozenset({"batch", "layer", "group", "instance", "weight", "spectral", "switch", "filter", "rms"})
#: Words that join the parts of a name ("text to image", "question and answer").
_CONNECTORS = frozenset({"to", "and", "from", "for", "of", "2", "4"})


def match_key(key: str, label: str, vocab: Vocabulary) -> str:
    """:func:`written_key` without what a name may leave out: an optional modifier of the label ("automatic"
    speech recognition) and an optional head ("attention mechanism", "ResNet architecture"; "network", "layer",
    "loss" and the like after two words or more: "stacked hourglass network").

    >>> from kg.resolve.variants import load_vocabulary
    >>> v = load_vocabulary()
    >>> match_key("attention mechanism", "METHOD", v), match_key("stacked hourglass network", "METHOD", v)
    ('attention', 'stacked hourglass')
    >>> match_key("automatic speech recognition", "TASK", v), match_key("recurrent neural network", "METHOD", v)
    ('speech recognition', 'recurrent network')
    >>> match_key("image denoising", "TASK", v), match_key("image classification", "TASK", v)
    ('denoising', 'image classification')
    >>> match_key("message passing neural network", "METHOD", v), match_key("pre training model", "METHOD", v)
    ('message passing network', 'pre training model')
    >>> match_key("image question answering", "TASK", v), match_key("text to image synthesis", "TASK", v)
    ('image question answering', 'text to image')
    >>> match_key("random erasing data augmentation", "METHOD", v)
    'random erasing'
    >>> match_key("end to end automatic speech recognition", "TASK", v)
    'end to end speech recognition'
    >>> match_key("neural network representation", "METHOD", v), match_key("word representation", "METHOD", v)
    ('neural network representation', 'word')
    >>> match_key("deep network learning", "METHOD", v), match_key("deep metric learning", "METHOD", v)
    ('deep network learning', 'deep metric')
    >>> match_key("dense visual prediction", "TASK", v), match_key("visual question answering", "TASK", v)
    ('dense prediction', 'visual question answering')
    >>> match_key("knowledge distillation", "METHOD", v), match_key("knowledge graph embedding", "METHOD", v)
    ('distillation', 'knowledge graph embedding')
    >>> match_key("generic glyph detection", "TASK", v), match_key("image super resolution", "TASK", v)
    ('glyph detection', 'super resolution')
    >>> match_key("wmt 2014 english to french translation", "DATASET", v), match_key("ensemble based model", "METHOD", v)
    ('wmt 2014 english french', 'ensemble')
    """
    words = written_key(key).split()
    if label == "DATASET" and len(words) > 2 and words[-1] == "translation" and words[-2] in vocab.languages:
        words = words[:-1]  # a benchmark's language pair names its data: "WMT 2014 English-French translation"
    while len(words) > 2 and words[0] in vocab.empty_modifiers:
        words = words[1:]  # a word that names no kind: "generic object detection", "vanilla gradient descent"
    state = next((len(s.split()) for s in vocab.state_modifiers if words[:len(s.split())] == s.split()), 0)
    if state and _model_name(words[state:], vocab):
        words = words[state:]  # a model's state is no part of its name: "pretrained wav2vec 2.0", "fine-tuned T5"
    if len(words) > 2 and words[0] in vocab.optional_domain_modifiers.get(label, ()) \
            and " ".join(words[1:]) in _standalone_tasks():
        words = words[1:]  # "image super-resolution" is super-resolution, a task without an object
    if len(words) > 1 and words[0] in vocab.optional_modifiers_before.get(" ".join(words[1:]), ()):
        words = words[1:]  # a modifier the rest of the name goes without: "knowledge distillation", "neural attention"
    elif len(words) > 1 and words[0] in vocab.optional_modifiers.get(label, ()):
        words = words[1:]
    elif label == "TASK" and len(words) > 2 and any(w in vocab.optional_modifiers.get(label, ()) for w in words[1:-1]):
        # a task's optional modifier inside the name too: "end-to-end automatic speech recognition"
        words = [words[0], *(w for w in words[1:-1] if w not in vocab.optional_modifiers[label]), words[-1]]
    elif len(words) == 2 and words[0] in vocab.optional_domain_modifiers.get(label, ()) \
            and words[1] not in vocab.bare_properties:
        # "image denoising" is denoising; not "image classification" (a bare head) nor "image question answering"
        words = words[1:]
    inner = vocab.optional_domain_modifiers.get(label, frozenset()) | vocab.optional_inner_modifiers.get(
        label, frozenset())
    if len(words) > 2 and any(w in inner for w in words[1:-1]) and not _CONNECTORS.intersection(words):
        # inside a name the domain goes: "abstractive text summarization" is abstractive summarization (not in
        # "text to image generation", where it is what the name is about), and so do the modifiers that may go
        # only there: "dense visual prediction" is dense prediction, "visual question answering" keeps its first word
        words = [words[0], *(w for w in words[1:-1] if w not in inner), words[-1]]
    optional = vocab.optional_heads | (vocab.optional_heads_after_two_words if len(words) > 2 else frozenset())
    if label == "METHOD" and len(words) > 2 and words[-2] == "based" and words[-1] in optional:
        return normalise_key(" ".join(words[:-2]))  # "ensemble-based methods" are ensembles
    if len(words) > 3 and " ".join(words[-2:]) in optional:  # a head of two words: "random erasing data augmentation"
        return normalise_key(" ".join(words[:-2]))
    if len(words) > 1 and words[-1] in optional and not (words[-1] in ARTEFACT_HEADS
                                                         and words[-2].endswith(("ing", "ed"))) \
            and not (words[-1] in _OUTPUTS and words[-2] in ARTEFACT_HEADS):
        # a model is no process or property: "pre-training models" are no pre-training, "message passing networks"
        # no message passing; "pooling layer" is pooling; what a network makes or undergoes is not the network
        # ("neural network representations", "deep network learning")
        words = words[:-1]
        return normalise_key(" ".join(words))  # the new last word singular: "bag of words model" is bag of word
    return " ".join(words)


def head_variants(keys: Mapping[str, tuple[str, int]], vocab: Vocabulary,
                  short_forms: Mapping[str, Collection[str]] | None = None) -> dict[str, str]:
    """Keys that their variants write alike (:func:`written_key`), and keys whose :func:`match_key` is how another
    key is written ("attention mechanism" and "attention"), each mapped to the one with most mentions. Two keys that
    only meet once both lose a head ("fully connected layer", "fully connected network") stay apart. ``keys`` maps
    each key to its label and mentions.

    >>> head_variants({"attention": ("METHOD", 5), "attention mechanism": ("METHOD", 3), "bert": ("METHOD", 2),
    ...                "residual net": ("METHOD", 1), "residual network": ("METHOD", 4)}, load_vocabulary())
    {'residual net': 'residual network', 'attention mechanism': 'attention'}

    Two names the corpus abbreviates with different short forms stay apart (``short_forms``: name -> its short
    forms):

    >>> head_variants({"long memory": ("METHOD", 5), "long memory network": ("METHOD", 1)}, load_vocabulary(),
    ...               {"long memory": {"lm"}, "long memory network": {"lmn"}})
    {}

    A model's head does not drop to meet a task: the network that makes region proposals is not the task.

    >>> head_variants({"region proposal network": ("METHOD", 3), "region proposal": ("TASK", 4)}, load_vocabulary())
    {}

    A domain word goes only where the corpus does not use the name with another domain:

    >>> head_variants({"abstractive text summarization": ("TASK", 2), "abstractive summarization": ("TASK", 3)},
    ...               load_vocabulary())
    {'abstractive text summarization': 'abstractive summarization'}
    >>> head_variants({"quill image generation": ("TASK", 2), "quill text generation": ("TASK", 2),
    ...                "quill generation": ("TASK", 3)}, load_vocabulary())
    {}
    """
    heads = vocab.optional_heads | vocab.optional_heads_after_two_words
    written: dict[str, list[str]] = {}
    for key in keys:
        written.setdefault(written_key(key), []).append(key)
    best = {w: min(ks, key=lambda k: (-keys[k][1], len(k), k)) for w, ks in written.items()}
    mapping = {k: best[w] for w, ks in written.items() for k in ks if k != best[w]}
    matched = {key: match_key(key, label, vocab) for key, (label, _) in keys.items()}
    # two domains dropped to meet one name tell the names apart ("conditional image synthesis", "... text generation")
    dropped = {key: _domains_dropped(key, matched[key], label, vocab) for key, (label, _) in keys.items()}
    domains: dict[str, set[frozenset[str]]] = {}
    for key, lost in dropped.items():
        if lost:
            domains.setdefault(matched[key], set()).add(lost)
    # the names of one model that each drop a built thing's head meet under the one with most mentions
    cores = {key: core for key, (label, _) in keys.items() if label == "METHOD" and (core := _built_core(key, vocab))}
    built: dict[str, str] = {}
    for key, core in cores.items():
        own = best[written_key(key)]
        if core not in built or (-keys[own][1], len(own), own) < (-keys[built[core]][1], len(built[core]), built[core]):
            built[core] = own
    for key, (label, _) in keys.items():
        target = best.get(matched[key])
        own = best[written_key(key)]
        if dropped[key] and len(domains[matched[key]]) > 1:
            continue
        if target in (None, own) and key in cores:
            # two models that meet only once both drop a built thing's head are one ("feed forward model" and
            # "feed forward neural network"); heads of other kinds keep them apart ("fully connected layer")
            target = built[cores[key]]
        if target is not None and target != own and not _model_of_task(key, label, target, keys[target][0]) \
                and not _abbreviated_apart(short_forms or {}, own, target) \
                and not _head_abbreviated(short_forms or {}, own, target, vocab):
            winner, loser = (target, own) if keys[target][1] >= keys[own][1] else (own, target)
            if _needs_noun(winner, vocab) and not _needs_noun(loser, vocab):
                winner, loser = loser, winner  # a name with its noun, not the adjective: "self-supervised learning"
            if label == "TASK" and own.startswith(target + " ") and written_key(own).split()[-1] in heads:
                winner, loser = own, target  # a task keeps its head: "part of speech tagging", not the bare object
            if any(own == f"{state} {target}" for state in vocab.state_modifiers):
                winner, loser = target, own  # a model without its state: "pretrained wav2vec 2.0" is wav2vec 2.0
            mapping[loser] = winner
            mapping.update({k: winner for k in written[written_key(loser)] if k != winner})
    resolved = {}
    for k in mapping:
        seen, v = {k}, mapping[k]
        while v in mapping and v not in seen:  # follow chains to their end
            seen.add(v)
            v = mapping[v]
        if v != k:
            resolved[k] = v
    return resolved


@cache
def _standalone_tasks() -> frozenset[str]:
    """The lexicon's tasks that need no object ("super-resolution"), as keys."""
    return frozenset(normalise_key(task) for task in default_lexicon().standalone_tasks)


def _built_core(key: str, vocab: Vocabulary) -> str:
    """A model's name without its built thing's head (and a "neural" before it), or ``""``: where the rest is one
    word that names a family or a role ("recurrent", "auxiliary"), the heads may tell models apart.

    >>> v = load_vocabulary()
    >>> [_built_core(k, v) for k in ("tree structured neural network", "fractal architecture", "recurrent model")]
    ['tree structured', 'fractal', '']
    """
    words = written_key(key).split()
    if len(words) < 2 or words[-1] not in BUILT_HEADS:
        return ""
    words = words[:-2] if words[-2] == "neural" else words[:-1]
    if not words or (len(words) == 1 and words[0] in vocab.family_modifiers | vocab.role_modifiers):
        return ""
    return normalise_key(" ".join(words))


_ONE_DOMAIN = {"visual": "image"}  # "fine-grained visual classification" is fine-grained image classification


def _domains_dropped(key: str, matched: str, label: str, vocab: Vocabulary) -> frozenset[str]:
    """The domains ("image", "text"; "visual" is "image") whose words :func:`match_key` dropped from ``key``."""
    domain = vocab.optional_domain_modifiers.get(label, frozenset()) | vocab.optional_inner_modifiers.get(label, set())
    dropped = (set(written_key(key).split()) - set(matched.split())) & set(domain)
    return frozenset(_ONE_DOMAIN.get(word, word) for word in dropped)


def _abbreviated_apart(short_forms: Mapping[str, Collection[str]], a: str, b: str) -> bool:
    """Whether the corpus abbreviates two names with different short forms ("long short-term memory" LSTM, "long
    short-term memory network" LSTMN): two models, however close their names."""
    return bool(short_forms.get(a)) and bool(short_forms.get(b)) and not set(short_forms[a]) & set(short_forms[b])


def _head_abbreviated(short_forms: Mapping[str, Collection[str]], a: str, b: str, vocab: Vocabulary) -> bool:
    """Whether one of two names is the other with a head that its short form spells, a letter a word, and the other
    is a noun phrase of its own: "feature pyramid network" (FPN) is a network, "feature pyramid" a representation.
    (Before an adjective the head is the name's noun: "generative adversarial" is cut out of GAN.)"""
    long, short = (a, b) if len(a) > len(b) else (b, a)
    if not long.startswith(short + " ") or len(long.split()) != len(short.split()) + 1 or _needs_noun(short, vocab):
        return False
    initials = "".join(w[0] for w in long.split())
    return any(form.replace(" ", "") == initials for form in short_forms.get(long, ()))


def _model_of_task(key: str, label: str, target: str, other_label: str) -> bool:
    """Whether a METHOD named with a model's head would meet a TASK by dropping it, where that task's name ends in no
    task head: "region proposal network" is the model that makes region proposals. (A model phrase around a task
    head is the task, as the guidelines have it: "3D reconstruction models" are 3D reconstruction.)"""
    return label == "METHOD" and other_label == "TASK" and key.rsplit(" ", 1)[-1] in ARTEFACT_HEADS \
        and target.rsplit(" ", 1)[-1] not in default_lexicon().task_heads


def name_like(text: str) -> bool:
    """Whether a surface form is written like a name: a capital after its first letter, or a digit.

    >>> name_like("ResNet-50"), name_like("Res2Net"), name_like("Transformer"), name_like("emergent")
    (True, True, False, False)
    """
    return any(any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:]) for word in text.split())


def _needs_noun(key: str, vocab: Vocabulary) -> bool:
    """Whether a key ends in an adjective that needs a noun ("self supervised", "contrastive")."""
    return key.rsplit(" ", 1)[-1] in vocab.adjectives_needing_a_noun
