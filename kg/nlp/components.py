"""kg's registered spaCy components.

* ``kg_abbreviations``: abbreviation definitions and every later use of a defined short form;
* ``kg_cues``: lexical cue matches (see :mod:`kg.nlp.cues`) as a span group;
* ``kg_entity_resolver``: turns candidate spans (gazetteer, cues, abbreviations, a trained ``ner``) into
  non-overlapping ``doc.ents``, each with ``ent.id_`` naming the rule or model that found it.

Each ``__call__`` is thin glue over pure helpers that are tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.errors import Messages, SettingError
from kg.nlp.abbreviations import find_abbreviations
from kg.nlp.cues import Lexicon, default_lexicon, find_cues

ABBREVIATIONS_ATTR = "kg_abbreviations"
if not Doc.has_extension(ABBREVIATIONS_ATTR):
    Doc.set_extension(ABBREVIATIONS_ATTR, default=None)

#: Rank of each source when candidates overlap; abbreviation definitions fix their own boundaries.
SOURCE_PRIORITY = {"abbreviation": 5, "curated": 4, "model": 3, "gazetteer": 3, "cue": 2, "consistency": 1}
_URL = re.compile(r"://|^www\.|\.(?:com|org|io|net|html?)(?:/|$)|github")
_STRIP_LEADING = frozenset({"the", "a", "an", "our", "their", "its", "this", "these", "those", "that"})
_STRIP_TRAILING = frozenset({"and", "or", "of", "the", "a", "an", "with", "for", "to", "in", "on", "by", "from", "at",
                             "as", "via", "into"})
_HYPHENS = frozenset({"-", "\u2013"})  # a hyphen or an en dash joins a compound name ("DeiT-LT", "Kullback–Leibler")
_HYPHEN_GAP = re.compile(" [-\u2013] ")  # a joiner between two tokens of a span's joined text


class Candidate(NamedTuple):
    """A candidate mention: tokens ``[start, end)``, a label, the source that proposed it."""

    start: int
    end: int
    label: str
    source: str

    @property
    def priority(self) -> int:
        return SOURCE_PRIORITY.get(self.source.split(":", 1)[0], 0)


class AbbreviationDetector:
    """Find abbreviation definitions ("Gradient-RegulAted Meta-prompt learning (GRAM)") and later uses of them.

    Sets ``Doc._.kg_abbreviations``: a list of ``(short_start, short_end, long_start, long_end)`` token offsets,
    one per occurrence of a defined short form (the definition itself included), each pointing at its long form.
    Plain tuples, so the attribute survives ``nlp.pipe(n_process=...)``.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        pairs: list[tuple[int, int, int, int]] = []
        seen: dict[tuple[str, ...], tuple[int, int]] = {}
        for found in find_abbreviations(doc.text):
            short = doc.char_span(found.short_start, found.short_end, alignment_mode="expand")
            long = doc.char_span(found.long_start, found.long_end, alignment_mode="expand")
            if short is None or long is None or (short.start < long.end and long.start < short.end):
                continue
            key = tuple(t.text for t in short)
            if key not in seen:
                seen[key] = (long.start, long.end)
        texts = [t.text for t in doc]
        spaces = [bool(t.whitespace_) for t in doc]
        for key, (long_start, long_end) in seen.items():
            for start in occurrences(texts, key, spaces):
                pairs.append((start, start + len(key), long_start, long_end))
        doc._.set(ABBREVIATIONS_ATTR, sorted(pairs))
        return doc


def occurrences(words: Sequence[str], key: Sequence[str], spaces: Sequence[bool] | None = None) -> Iterator[int]:
    """Token indices where ``key`` occurs in ``words`` (exact text); with ``spaces`` (whether each token is
    followed by white space), not inside a hyphenated name (:func:`in_compound`).

    >>> list(occurrences(["DeiT", "-", "LT", "beats", "DeiT"], ["DeiT"], [False, False, True, True, False]))
    [4]
    """
    n = len(key)
    first, rest = key[0], list(key[1:])
    for i, word in enumerate(words):
        if word == first and list(words[i + 1:i + n]) == rest and not (
                spaces is not None and in_compound(words, spaces, i, i + n)):
            yield i


def in_compound(words: Sequence[str], spaces: Sequence[bool], start: int, end: int) -> bool:
    """Whether tokens ``[start, end)`` are glued by a hyphen to a word beside them ("DeiT" in "DeiT-LT").

    ``spaces[i]`` tells whether token ``i`` is followed by white space.

    >>> words, spaces = ["DeiT", "-", "LT", "beats", "DeiT"], [False, False, True, True, False]
    >>> in_compound(words, spaces, 0, 1), in_compound(words, spaces, 4, 5)
    (True, False)
    """
    after = end + 1 < len(words) and words[end] in _HYPHENS and not spaces[end - 1] and not spaces[end]
    before = start >= 2 and words[start - 1] in _HYPHENS and not spaces[start - 2] and not spaces[start - 1]
    return after or before


class CueMatcher:
    """Write lexical cue matches (:func:`kg.nlp.cues.find_cues`) to ``doc.spans[spans_key]``.

    Each span's ``label_`` is METHOD, DATASET or TASK and its ``id_`` the cue rule (``cue:dataset-head``, ...).
    """

    def __init__(self, nlp: Language, name: str, *, spans_key: str, lexicon: Lexicon | None = None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.lexicon = lexicon or default_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        words = [t.text for t in doc]
        sent_starts = frozenset(t.i for t in doc if t.is_sent_start)
        doc.spans[self.spans_key] = [
            Span(doc, cue.start, cue.end, label=cue.label, span_id=cue.rule)
            for cue in find_cues(words, self.lexicon, sent_starts)
        ]
        return doc


class EntityResolver:
    """Choose the final mentions among candidate spans and write them to ``doc.ents``.

    Candidates come from the span groups named in ``spans_keys`` (their ``id_`` names the rule), from
    ``doc.ents`` when ``use_ents`` (a trained ``ner`` earlier in the pipeline; source ``model``), and from
    ``Doc._.kg_abbreviations``: an abbreviation and its long form get one label, from whichever of them has a
    candidate or else from the long form's head word, and every use of the short form in the abstract gets it.
    When ``consistency`` is on, a name-like text labelled once is labelled at its other occurrences too. With
    ``guidelines`` (the default) candidates the guidelines leave out are dropped first (:func:`drop_generic`), the
    model's boundary stands where a task cue or a short form's use ends on the same token
    (:func:`defer_to_model`), a task cue needs a model mention overlapping it (:func:`task_cues_with_model`, with
    ``use_ents`` only), and an abbreviation's head word decides its label before the candidates do;
    without, the candidates stand as proposed (what training marks as unknown regions).

    Overlaps are settled greedily: abbreviation definitions first, then longer spans, then higher-ranked
    sources (:data:`SOURCE_PRIORITY`). Sets ``doc.ents``, each entity's ``id_`` being its source.
    """

    def __init__(self, nlp: Language, name: str, *, spans_keys: Sequence[str], use_ents: bool,
                 consistency: bool, lexicon: Lexicon | None = None, guidelines: bool = True) -> None:
        self.name = name
        self.guidelines = guidelines
        self.spans_keys = list(spans_keys)
        self.use_ents = use_ents
        self.consistency = consistency
        self.lexicon = lexicon or default_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        candidates = [Candidate(s.start, s.end, s.label_, s.id_ or key)
                      for key in self.spans_keys if key in doc.spans for s in doc.spans[key]]
        if self.use_ents:
            candidates.extend(Candidate(e.start, e.end, e.label_, "model") for e in doc.ents)
        words = [t.text for t in doc]
        abbreviations = doc._.get(ABBREVIATIONS_ATTR) or []
        candidates = resolve_abbreviations(candidates, abbreviations, words, self.lexicon,
                                           heads_first=self.guidelines)
        trimmed = trim_candidates(candidates, words)
        if self.guidelines:
            trimmed = defer_to_model(drop_generic(trimmed, words, self.lexicon))
            if self.use_ents:
                trimmed = task_cues_with_model(trimmed)
        chosen = select_spans(trimmed)
        if self.consistency:
            spaces = [bool(t.whitespace_) for t in doc]
            chosen = select_spans([*chosen, *consistent_occurrences(chosen, words, spaces)])
        doc.ents = [Span(doc, c.start, c.end, label=c.label, span_id=c.source) for c in chosen]
        return doc


def resolve_abbreviations(candidates: Sequence[Candidate], abbreviations: Sequence[tuple[int, int, int, int]],
                          words: Sequence[str], lexicon: Lexicon, *, heads_first: bool = True) -> list[Candidate]:
    """Give each abbreviation and its long form one label, and label every use of the short form.

    The label comes from the long form's head word when it names a kind ("... learning" METHOD, "... benchmark"
    DATASET), else from a candidate for the long form, else from one for the short form. ``heads_first=False``
    asks the candidates first and the head word last (what training's unknown regions use).

    A short form whose long form gets no label ("Intellectual Property (IP)") loses any candidate it had: the
    abstract says what it means, and it is not a method, dataset or task. The short form of the definition is
    ``abbreviation:short``, its later uses ``abbreviation:use``.

    Examples
    --------
    >>> words = "we use Gradient - RegulAted Meta - prompt learning ( GRAM ) ; GRAM works".split()
    >>> out = resolve_abbreviations([], [(10, 11, 2, 9), (13, 14, 2, 9)], words, default_lexicon())
    >>> sorted((" ".join(words[c.start:c.end]), c.label) for c in out)
    [('GRAM', 'METHOD'), ('GRAM', 'METHOD'), ('Gradient - RegulAted Meta - prompt learning', 'METHOD')]
    """
    by_span = {(c.start, c.end): c for c in candidates}
    definitions: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for s_start, s_end, l_start, l_end in abbreviations:
        definitions.setdefault((l_start, l_end), []).append((s_start, s_end))
    result = list(candidates)
    blocked: set[tuple[int, int]] = set()
    for (l_start, l_end), shorts in definitions.items():
        head = words[l_end - 1].lower()
        by_head = next((lab for lab, heads in lexicon.abbreviation_heads.items() if head in heads), None)
        label = by_head if heads_first else None
        if label is None:
            label = _long_form_label(candidates, l_start, l_end)
        if label is None:
            label = next((by_span[s].label for s in shorts if s in by_span), None)
        if label is None:
            label = by_head
        if label is None:
            blocked.update(shorts)
            continue
        result.append(Candidate(l_start, l_end, label, "abbreviation:long"))
        result.extend(Candidate(s, e, label, "abbreviation:short" if _defines(words, s, e, l_start, l_end) else
                                "abbreviation:use") for s, e in shorts)
    return [c for c in result if (c.start, c.end) not in blocked]


def _defines(words: Sequence[str], s_start: int, s_end: int, l_start: int, l_end: int) -> bool:
    """Whether the short form at ``[s_start, s_end)`` is the one in the definition: "long form ( SF" or
    "SF ( long form".

    >>> words = "RL ; reinforcement learning ( RL )".split()
    >>> _defines(words, 5, 6, 2, 4), _defines(words, 0, 1, 2, 4)
    (True, False)
    """
    return (s_start == l_end + 1 and words[l_end] == "(") or (l_start == s_end + 1 and words[s_end] == "(")


def _long_form_label(candidates: Sequence[Candidate], start: int, end: int) -> str | None:
    """Label of a candidate that is the long form, or ends with it and covers at least half of it."""
    best: Candidate | None = None
    for c in candidates:
        if c.end == end and c.start >= start and 2 * (c.end - c.start) >= end - start and (
                best is None or (c.end - c.start, c.priority) > (best.end - best.start, best.priority)):
            best = c
    return best.label if best else None


def trim_candidates(candidates: Iterable[Candidate], words: Sequence[str]) -> list[Candidate]:
    """Drop leading determiners, trailing punctuation and a trailing lower-case function word ("2D and") from
    candidates; drop candidates left empty. A capital stays ("ImageNet - A").

    >>> trim_candidates([Candidate(0, 3, "DATASET", "cue")], ["the", "PACS", ","])
    [Candidate(start=1, end=2, label='DATASET', source='cue')]
    >>> trim_candidates([Candidate(0, 2, "METHOD", "model"), Candidate(3, 6, "DATASET", "model")],
    ...                 ["seq2seq", "and", "on", "ImageNet", "-", "A"])
    [Candidate(start=0, end=1, label='METHOD', source='model'), Candidate(start=3, end=6, label='DATASET', source='model')]
    """
    out: list[Candidate] = []
    for c in candidates:
        start, end = c.start, c.end
        while start < end and words[start].lower() in _STRIP_LEADING:
            start += 1
        while end > start and (not any(ch.isalnum() for ch in words[end - 1]) or
                               words[end - 1] in _STRIP_TRAILING):
            end -= 1
        if end > start:
            out.append(c._replace(start=start, end=end))
    return out


def drop_generic(candidates: Iterable[Candidate], words: Sequence[str], lexicon: Lexicon) -> list[Candidate]:
    """Drop what the guidelines leave out, whichever source proposed it.

    * generic mentions: only stop words and generic modifiers before a generic head ("pretrained models",
      "our method", "notable generalization"); a name-like word or a content word keeps the span
      ("vision-language models", "OOD generalization");
    * field names and vague words listed in the lexicon ("deep learning", "SoTA");
    * metrics listed in the lexicon ("BLEU", "mAP", "top-1 accuracy"), whatever label they were given;
    * anything that touches a URL (names inside URLs are not annotated);
    * DATASET mentions that end in a generic data word ("RGB image", "video clips").

    >>> words = "pretrained models and vision - language models at https://x.io".split()
    >>> kept = drop_generic([Candidate(0, 2, "METHOD", "model"), Candidate(3, 7, "METHOD", "model"),
    ...                      Candidate(8, 9, "METHOD", "model")], words, default_lexicon())
    >>> [" ".join(words[c.start:c.end]) for c in kept]
    ['vision - language models']
    """
    generic = lexicon.stop_words | lexicon.generic_modifiers | lexicon.generic_heads
    out: list[Candidate] = []
    for c in candidates:
        # Hyphenated compounds as one word, as the lexicon lists them ("real-world", "state-of-the-art").
        text = _HYPHEN_GAP.sub("-", " ".join(words[c.start:c.end]))
        lower = text.lower()
        content = [w for w in lower.split() if any(ch.isalnum() for ch in w)]
        if not content or any(_URL.search(w.lower()) for w in words[c.start:c.end]):
            continue
        if " ".join(content) in lexicon.not_entities or text in lexicon.metrics or lower in lexicon.metrics:
            continue
        if content[-1] in lexicon.generic_heads and all(w in generic for w in content):
            continue
        if c.label == "DATASET" and content[-1] in lexicon.data_nouns:
            continue
        out.append(c)
    return out


def defer_to_model(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Let the trained model's boundary stand where a rule and the model end on the same token.

    * a task cue extends greedily to the left ("accomplish image manipulation"): where the model found the same
      head with a later start, the cue is dropped;
    * a later use of a short form ranks above everything, yet a model mention that ends with it and starts earlier
      names a variant ("offline RL" after "reinforcement learning (RL)"): the use is dropped there.

    >>> words = "accomplish image manipulation with offline RL".split()
    >>> kept = defer_to_model([Candidate(0, 3, "TASK", "cue:task-head"), Candidate(1, 3, "TASK", "model"),
    ...                        Candidate(5, 6, "METHOD", "abbreviation:use"), Candidate(4, 6, "METHOD", "model")])
    >>> [(" ".join(words[c.start:c.end]), c.source) for c in kept]
    [('image manipulation', 'model'), ('offline RL', 'model')]
    """
    candidates = list(candidates)
    model_starts: dict[int, list[int]] = {}
    for c in candidates:
        if c.source == "model":
            model_starts.setdefault(c.end, []).append(c.start)
    kept: list[Candidate] = []
    for c in candidates:
        starts = model_starts.get(c.end, ())
        if c.source == "cue:task-head" and any(s > c.start for s in starts):
            continue
        if c.source == "abbreviation:use" and any(s < c.start for s in starts):
            continue
        kept.append(c)
    return kept


def task_cues_with_model(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Keep a task cue only where the trained model proposed a mention overlapping it.

    A head word such as "generalization" or "reasoning" makes a task cue whatever comes before it ("competitive
    generalization", "learn reasoning"), and such cues alone were right less than half the time on every dev set.
    Where the model saw something, the cue may still set the boundary (the longer span wins); where it saw
    nothing, the cue goes. Only for a pipeline with a model: the rules alone keep every cue. Run after
    :func:`drop_generic`, so a model mention the guidelines leave out ("notable generalization") backs no cue.

    >>> words = "competitive generalization on few - shot image classification".split()
    >>> kept = task_cues_with_model([Candidate(0, 2, "TASK", "cue:task-head"), Candidate(3, 8, "TASK", "cue:task-head"),
    ...                              Candidate(6, 8, "TASK", "model")])
    >>> [(" ".join(words[c.start:c.end]), c.source) for c in kept]
    [('few - shot image classification', 'cue:task-head'), ('image classification', 'model')]
    """
    candidates = list(candidates)
    model = [(c.start, c.end) for c in candidates if c.source == "model"]
    return [c for c in candidates
            if c.source != "cue:task-head" or any(start < c.end and c.start < end for start, end in model)]


def select_spans(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Greedy non-overlapping choice: abbreviation definitions, then longer, then higher-ranked; by position.

    >>> select_spans([Candidate(0, 1, "METHOD", "gazetteer:method"), Candidate(0, 2, "METHOD", "curated:method")])
    [Candidate(start=0, end=2, label='METHOD', source='curated:method')]
    """
    ranked = sorted(set(candidates), key=lambda c: (
        -(c.priority >= SOURCE_PRIORITY["abbreviation"]), -(c.end - c.start), -c.priority, c.start, c.label, c.source))
    taken: set[int] = set()
    chosen: list[Candidate] = []
    for c in ranked:
        span = range(c.start, c.end)
        if not taken.intersection(span):
            taken.update(span)
            chosen.append(c)
    return sorted(chosen)


def consistent_occurrences(chosen: Sequence[Candidate], words: Sequence[str],
                           spaces: Sequence[bool] | None = None) -> list[Candidate]:
    """Other occurrences of name-like chosen texts ("PoseDA", "ECInstruct"), with the label they were given.

    With ``spaces`` (whether each token is followed by white space), an occurrence inside a hyphenated name
    ("PoseDA-v2") is not one (:func:`in_compound`).

    >>> words = "PoseDA is fast . PoseDA wins".split()
    >>> consistent_occurrences([Candidate(0, 1, "METHOD", "cue:we-propose")], words)
    [Candidate(start=4, end=5, label='METHOD', source='consistency')]
    """
    labels: dict[tuple[str, ...], Candidate] = {}
    for c in chosen:
        key = tuple(words[c.start:c.end])
        if any(ch.isupper() or ch.isdigit() for w in key for ch in w) and (
                key not in labels or c.priority > labels[key].priority):
            labels[key] = c
    found: list[Candidate] = []
    if not labels:
        return found
    starts = {(c.start, c.end) for c in chosen}
    for key, c in labels.items():
        n = len(key)
        found.extend(Candidate(i, i + n, c.label, "consistency") for i in occurrences(words, key, spaces)
                     if (i, i + n) not in starts)
    return found


@Language.factory("kg_abbreviations", assigns=["doc._.kg_abbreviations"])
def make_abbreviation_detector(nlp: Language, name: str) -> AbbreviationDetector:
    return AbbreviationDetector(nlp, name)


@Language.factory("kg_cues", assigns=["doc.spans"], default_config={"spans_key": "kg_cues"})
def make_cue_matcher(nlp: Language, name: str, spans_key: str) -> CueMatcher:
    return CueMatcher(nlp, name, spans_key=spans_key)


@Language.factory(
    "kg_entity_resolver",
    assigns=["doc.ents"],
    requires=["doc._.kg_abbreviations"],
    default_config={"spans_keys": ["kg_gazetteer", "kg_cues"], "use_ents": False, "consistency": True,
                    "guidelines": True},
)
def make_entity_resolver(nlp: Language, name: str, spans_keys: list[str], use_ents: bool,
                         consistency: bool, guidelines: bool) -> EntityResolver:
    return EntityResolver(nlp, name, spans_keys=spans_keys, use_ents=use_ents, consistency=consistency,
                          guidelines=guidelines)


class MergeModel:
    """Merge the trained model's ``doc.ents`` with the rules' mentions, one side taking precedence.

    Runs kg's resolver over the rule candidates (``doc.spans`` keys), then keeps every mention of the preferred
    side (``prefer``: ``"model"`` or ``"rules"``) and adds a mention of the other side where it overlaps none
    of them. Sets ``doc.ents`` (``id_``: ``model`` or the rule that found it).
    """

    def __init__(self, nlp: Language, name: str, *, spans_keys: Sequence[str], consistency: bool,
                 prefer: str) -> None:
        if prefer not in ("model", "rules"):
            raise SettingError(Messages.BAD_PREFER.format(prefer=prefer))
        self.name = name
        self.prefer = prefer
        self.resolver = EntityResolver(nlp, name, spans_keys=spans_keys, use_ents=False, consistency=consistency)

    def __call__(self, doc: Doc) -> Doc:
        model = [Span(doc, e.start, e.end, label=e.label_, span_id="model") for e in doc.ents]
        rules = list(self.resolver(doc).ents)
        first, second = (model, rules) if self.prefer == "model" else (rules, model)
        taken = {i for e in first for i in range(e.start, e.end)}
        doc.ents = sorted([*first, *(e for e in second if taken.isdisjoint(range(e.start, e.end)))],
                          key=lambda e: e.start)
        return doc


@Language.factory("kg_merge_model", assigns=["doc.ents"], requires=["doc._.kg_abbreviations"],
                  default_config={"spans_keys": ["kg_gazetteer", "kg_cues"], "consistency": True,
                                  "prefer": "model"})
def make_merge_model(nlp: Language, name: str, spans_keys: list[str], consistency: bool, prefer: str) -> MergeModel:
    return MergeModel(nlp, name, spans_keys=spans_keys, consistency=consistency, prefer=prefer)
