"""Assembling kg's spaCy pipeline from registered components and the pattern files shipped in the package."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

import kg.nlp.components  # noqa: F401  (registers the kg_* factories)
from kg.errors import BuildError, Messages

RULES = "rules"
#: The trained model shipped in the package (``kg/nlp/model``), combined with the rules: ``kg build``'s default.
DEFAULT = "default"
#: Where the shipped model lives.
SHIPPED_MODEL = Path(__file__).resolve().parent / "model"
#: Ways of combining a trained ``ner`` with the rules (:func:`build_trained_pipeline`).
MODES: tuple[str, ...] = ("model", "rules", "union", "gaps", "fill")
#: Components that make a saved pipeline complete (it already combines a model with kg's rules).
_RESOLVERS = frozenset({"kg_entity_resolver", "kg_merge_model"})


def _patterns(name: str) -> list[dict[str, Any]]:
    text = (resources.files("kg.nlp") / "patterns" / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def build_rules_pipeline(*, guidelines: bool = True) -> Language:
    """The rules-only pipeline: sentences, abbreviations, gazetteer, cues and the resolver on ``spacy.blank``.

    ``guidelines=False`` keeps the candidates as proposed: what the resolver's guideline filter would drop
    (generic phrases, field names), and abbreviations labelled by their candidates before their head word. That
    is what training marks as places where an unannotated label may hide.

    The gazetteer is two ``span_ruler`` components: names with capitals or digits match case-sensitively
    ("BERT", "CIFAR-10"), lower-case phrases case-insensitively ("image classification").

    Examples
    --------
    >>> nlp = build_rules_pipeline()
    >>> doc = nlp("We fine-tune BERT on the SQuAD dataset for question answering.")
    >>> [(e.text, e.label_) for e in doc.ents]
    [('BERT', 'METHOD'), ('SQuAD', 'DATASET'), ('question answering', 'TASK')]
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_abbreviations")
    cased = nlp.add_pipe("span_ruler", name="kg_gazetteer",
                         config={"spans_key": "kg_gazetteer", "validate": False, "overwrite": False})
    cased.add_patterns(_patterns("curated_cased.jsonl") + _patterns("gazetteer_cased.jsonl"))  # type: ignore[attr-defined]
    lower = nlp.add_pipe("span_ruler", name="kg_gazetteer_lower",
                         config={"spans_key": "kg_gazetteer", "phrase_matcher_attr": "LOWER",
                                 "validate": False, "overwrite": False})
    lower.add_patterns(_patterns("curated_lower.jsonl") + _patterns("gazetteer_lower.jsonl"))  # type: ignore[attr-defined]
    nlp.add_pipe("kg_cues")
    nlp.add_pipe("kg_entity_resolver", config={"guidelines": guidelines})
    _fresh_tokenizer_cache(nlp)
    return split_final_stops(nlp)


#: Chunks the tokenizer may cache. spaCy keeps 10,000 by default, and tokenising the 16,000 gazetteer patterns
#: fills that before the first abstract, after which every word goes through the affix rules again.
TOKENIZER_CACHE = 500_000


def _fresh_tokenizer_cache(nlp: Language) -> None:
    """Give the tokenizer room to cache the corpus's words (extraction about 1.7x faster)."""
    tokenizer: Any = nlp.tokenizer
    if hasattr(tokenizer, "max_cache_size"):  # spaCy >= 3.8
        tokenizer.max_cache_size = max(tokenizer.max_cache_size, TOKENIZER_CACHE)


def split_final_stops(nlp: Language) -> Language:
    """Make the tokenizer split off a full stop that ends a sentence after a name ending in a capital
    (:data:`FINAL_STOP`); every pipeline that extracts gets it, the rules, the trained model and their union. The
    shipped weights were trained on spaCy's own English tokens (``kg train`` converts its corpora so), where such a
    name and its stop are one token.

    >>> [t.text for t in split_final_stops(spacy.blank("en"))("We tune Quokka-13B. Then")]
    ['We', 'tune', 'Quokka-13B', '.', 'Then']
    """
    tokenizer: Any = nlp.tokenizer
    pattern = getattr(getattr(tokenizer, "suffix_search", None), "__self__", None)
    if isinstance(pattern, re.Pattern) and FINAL_STOP not in pattern.pattern:
        tokenizer.suffix_search = re.compile(f"{pattern.pattern}|{FINAL_STOP}").search
    return nlp


#: A full stop after a capital that follows a digit, a small letter or a hyphen. spaCy's English suffixes leave it
#: on the word ("GPT-4V.", "LLaMA-2-7B.", "SimplE.", and "ImageNet-R." where "R." reads as an initial): the name is
#: then missed and the sentence runs on into the next one. Initials ("U.S.", "Ph.D.", "J. Smith") and two capitals
#: ("BERT.", which spaCy splits already) are not matched; a word such as "PhD." is, and ends a sentence there.
FINAL_STOP = r"(?<=[0-9a-z][A-Z])\.$|(?<=[0-9A-Za-z]-[A-Z])\.$"


def model_path(model: str) -> Path | None:
    """The folder of a saved pipeline that ``model`` names (``"default"``: the shipped one); None for rules.

    Raises
    ------
    BuildError
        ``model`` is neither ``"rules"``, ``"default"`` nor a folder holding a saved pipeline, or the package
        was installed without its model.
    """
    if model == RULES:
        return None
    path = SHIPPED_MODEL if model == DEFAULT else Path(model)
    if not (path / "config.cfg").is_file():
        if model == DEFAULT:
            raise BuildError(Messages.NO_SHIPPED_MODEL.format(path=path))
        raise BuildError(Messages.UNKNOWN_MODEL.format(name=model))
    return path


def load_pipeline(model: str = DEFAULT) -> Language:
    """Load the extraction pipeline: ``"default"`` (the shipped model with the rules), ``"rules"``, or a path.

    A saved pipeline that already has kg's resolver is used as it is. A bare trained ``ner`` (what ``kg train``
    writes to ``OUT/model``, and what ships as ``kg/nlp/model``) is combined with the rules the way its
    ``meta["kg_mode"]`` says (``union`` when absent).

    Raises
    ------
    BuildError
        See :func:`model_path`.
    """
    path = model_path(model)
    if path is None:
        return build_rules_pipeline()
    components = spacy.util.load_config(path / "config.cfg")["nlp"]["pipeline"]
    if "ner" in components and _RESOLVERS.isdisjoint(components):
        meta = spacy.util.load_meta(path / "meta.json") if (path / "meta.json").is_file() else {}
        nlp = build_trained_pipeline(path, mode=str(meta.get("kg_mode", "union")))
    else:
        nlp = split_final_stops(spacy.load(path))
    _fresh_tokenizer_cache(nlp)
    return nlp


def build_trained_pipeline(model: str | Path, *, mode: str = "union", rules: Language | None = None) -> Language:
    """The trained ``ner`` combined with kg's rule components.

    Parameters
    ----------
    model : str or Path
        A saved pipeline with a ``ner`` (``model-best`` of :func:`train_ner`).
    mode : str
        ``"model"``: the model alone. ``"rules"``: the rules alone (model ignored). ``"union"``: the model's
        entities are one more candidate source of ``kg_entity_resolver`` (longer spans win, then source rank).
        ``"gaps"``: the model's entities stay and rules fill only the gaps; ``"fill"``: the rules' mentions stay
        and the model fills the gaps (both ``kg_merge_model``).
    rules : Language, optional
        A rules pipeline (:func:`kg.nlp.build_rules_pipeline`) to copy the rule components from; built when
        left out (building it reads the gazetteer, about two seconds).

    Raises
    ------
    BuildError
        An unknown mode.
    """
    if mode not in MODES:
        raise BuildError(Messages.UNKNOWN_MODE.format(mode=mode, modes=list(MODES)))
    if mode == "rules":
        return rules or build_rules_pipeline()
    nlp = split_final_stops(spacy.load(model))
    if mode == "model":
        return nlp
    rules = rules or build_rules_pipeline()
    for name in rules.pipe_names[:-1]:  # every rule component but the resolver, sourced as built
        nlp.add_pipe(name, source=rules)
    if mode == "union":
        nlp.add_pipe("kg_entity_resolver", config={"use_ents": True})
    else:
        nlp.add_pipe("kg_merge_model", config={"prefer": "model" if mode == "gaps" else "rules"})
    return nlp


def pipeline_version(nlp: Language) -> str:
    """A string that changes when the pipeline's behaviour may change (name, version, components)."""
    meta = nlp.meta
    return f"{meta.get('name', 'blank')}-{meta.get('version', '0')}:{','.join(nlp.pipe_names)}"


def model_fingerprint(model: str = DEFAULT) -> str:
    """A hash that changes whenever extraction may change, computed without loading the model.

    Covers kg's version, its extraction code and pattern files and, for a saved pipeline, every file in its
    folder. Extraction caches are keyed by it, so a new model or new patterns invalidate them.
    """
    import hashlib

    import kg

    digest = hashlib.sha256(f"kg {kg.__version__}\nspacy {spacy.__version__}\n".encode())
    package = Path(__file__).resolve().parents[1]
    sources = [package / "extract.py", *sorted((package / "nlp").glob("*.py")),
               *sorted((package / "nlp" / "patterns").iterdir())]
    root = model_path(model)
    if root is not None:
        digest.update(b"model\n")
        sources += sorted((p for p in root.rglob("*") if p.is_file()), key=lambda p: p.relative_to(root).as_posix())
    for path in sources:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
