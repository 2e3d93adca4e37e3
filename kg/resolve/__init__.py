"""Mentions to entities at corpus level: one concept, one node, and every decision recorded with its reason.

:func:`resolve` works in this order, each rule in a module of its own:

1. each spelling gets a concept key (:mod:`~kg.resolve.keys`, :mod:`~kg.resolve.variants`): case, Unicode,
   hyphens and plural folded; British spellings made American; a short form kept in parentheses taken out; a
   generic head the guidelines drop dropped; the guidelines' head rules fix its label (:mod:`~kg.resolve.labels`);
2. short forms resolve per paper and across papers (:mod:`~kg.resolve.acronyms`), and a short form of one corpus
   meaning inside a longer name is spelled out ("OOD generalization" is out-of-distribution generalization);
3. keys that differ only in spaces meet ("finetuning", "fine-tuning");
4. each concept gets one label by a corpus vote (:mod:`~kg.resolve.labels`);
5. each entity is counted (:mod:`~kg.resolve.tally`) and gets a confidence and, where the guidelines exclude it, a
   reason (:mod:`~kg.resolve.quality`).

The result holds the entities, each mention's entity, the alias table (which rule joined each surface form to its
entity) and the merges that were not made, with their evidence.
"""

from __future__ import annotations

import re
import string
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from kg.nlp.cues import Lexicon, default_lexicon
from kg.records import Alias, Candidate, Definition, Entity, Mention
from kg.resolve.acronyms import (
    AMBIGUOUS,
    PAPER,
    ShortForms,
    camel_parts,
    camel_spells,
    initials_in_names,
    known_pairs,
    looks_short,
    short_form_table,
    spelled_by_initials,
    spells,
)
from kg.resolve.context import agents_are_methods, named_as_data, one_dataset, tasks_before_models
from kg.resolve.ellipsis import elliptic
from kg.resolve.forms import closed_compounds, doubled_letters, head_compounds, reordered, short_years, word_variants
from kg.resolve.keys import entity_id, normalise_key
from kg.resolve.labels import head_prior, head_rule, translation_label, vote
from kg.resolve.tally import tally
from kg.resolve.variants import (
    Vocabulary,
    americanise,
    head_variants,
    inner_short_forms,
    load_vocabulary,
    strip_head,
    versions,
)

__all__ = ["Alias", "Candidate", "Resolution", "entity_id", "labelled_by_entity", "normalise_key", "resolve"]

#: Rule names of the alias table.
SAME_KEY, SPELLING, INNER, HEAD, COMPOUND, EXPANDED, VOTE, SAME_MEANING = (
    "key", "spelling:uk-us", "short form in parentheses", "head", "closed compound", "short form spelled out",
    "label vote", "abbreviation:same meaning")
#: The rule of a label that the names with the same task head gave (:func:`~kg.resolve.labels.head_prior`).
HEAD_VOTE = "label by head"
#: Sources that type a span from its context alone; a concept only they typed may take the label of its head.
_WEAK_SOURCES = frozenset({"model", "cue", "consistency"})
WORD_FORM, YEAR, HEAD_LAST, TYPO = "word form", "year written out", "head moved last", "typo"
_PARENTHESISED = re.compile(r"\(([^()\s]+)\)")
#: The word after a mention, in lower case, past a short form in parentheses ("exponential moving[ average]",
#: "camera style[ (CamStyle) adaptation]").
#: A model's head glued to the name by a hyphen ("Memory-Networks", "U-Net"): part of the name.
_GLUED_HEAD = re.compile(r"[A-Za-z][-‐‑](?:[Nn]etworks?|[Nn]ets?|[Mm]odels?)\s*$")
_NEXT_WORDS = re.compile(r"(?: \([^()\s]{1,15}\))?((?: [a-z]{2,}\b){1,3})")
#: The rule of a mention moved to the name it stopped one word short of.
CUT_NAME = "cut before its last word"
#: The rule of a mention moved to the longer name of its paper that it shortens (:mod:`~kg.resolve.ellipsis`).
ELLIPSIS = "shortened name"
_HYPHENS = frozenset("-‐‑–")
#: A parameter count after a name, apart from it: "Llama 2 70B", "OPT-IML 30B" (not "LAION-5B", a dataset).
_MODEL_SIZE = re.compile(r"\s\d+(?:\.\d+)?[BM]\s*$")
#: A one-word name glued to "Bench" or "Bed": a benchmark or a testbed ("LexiBench", "SWE-bench", "DomainBed"), a
#: DATASET under the guidelines.
_BENCH_NAME = re.compile(r"(?:^|\s)\S*(?:[A-Za-z0-9]Bench|[A-Za-z0-9]-[Bb]ench|[A-Za-z0-9]Bed)(?:mark)?s?\s*$")


@dataclass(frozen=True)
class Resolution:
    """What resolution decided: the entities, each mention's entity id by its index, the alias table and the merges
    not made."""

    entities: list[Entity]
    assignment: dict[int, str]
    aliases: list[Alias] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)


@dataclass
class _Spelling:
    label: str
    key: str
    rule: str
    inner: list[tuple[str, str]]


def resolve(mentions: Sequence[Mention], definitions: Iterable[Definition] = (), *,
            texts: Mapping[str, str] | None = None, known: Mapping[str, str] | None = None,
            vocabulary: Vocabulary | None = None, lexicon: Lexicon | None = None) -> Resolution:
    """Group mentions into entities at corpus level (see the module docstring).

    Parameters
    ----------
    mentions : sequence of Mention
    definitions : iterable of Definition
        The short forms the papers define.
    texts : mapping, optional
        Paper id -> abstract: lets the junk filter see a mention cut out of a hyphenated word or followed by a
        citation.
    known : mapping, optional
        Short key -> full name key pairs known outside the corpus; by default the Papers with Code pairs.

    Returns
    -------
    Resolution
        Entities sorted by label, then papers (most first).

    Examples
    --------
    >>> ms = [Mention("p1", 0, 0, 4, "LLMs", "METHOD", "model"), Mention("p2", 0, 0, 21, "large language models",
    ...       "METHOD", "model"), Mention("p2", 1, 30, 33, "LLM", "METHOD", "abbreviation:use")]
    >>> r = resolve(ms, [Definition("p2", "METHOD", "LLMs", "large language models")])
    >>> [(e.id, e.name, e.aliases, e.papers, e.mentions) for e in r.entities]
    [('method:large language model', 'large language models', ('LLM', 'LLMs'), 2, 3)]
    >>> sorted((a.surface, a.rule) for a in r.aliases)
    [('LLM', 'abbreviation:paper'), ('LLMs', 'abbreviation:corpus'), ('large language models', 'key')]
    """
    vocab = vocabulary or load_vocabulary()
    lex = lexicon or default_lexicon()
    definitions = tuple(definitions)
    as_data: set[int] = set()  # the names a paper calls one dataset ("the VQA dataset"): no vote moves them
    named_data: set[int] = set()  # the same, typed DATASET by extraction too: named by their short form
    if texts is not None:
        named_data = one_dataset(mentions, texts, typed=True)
        as_data = {i for i in named_data if mentions[i].label != "DATASET"}
        typed = [replace(m, label="DATASET") if i in as_data else m for i, m in enumerate(named_as_data(mentions, texts))]
        mentions = agents_are_methods(tasks_before_models(typed, texts, lex.task_heads), texts, definitions)
    vocab = replace(vocab, head_terms=head_compounds(((m.paper_id, m.label, m.text) for m in mentions),
                                                     vocab.strip_heads.get("METHOD", ())))
    spelled = _spellings(mentions, vocab, lex)
    table, short_labels, written = _short_forms(mentions, definitions, spelled, vocab, lex,
                                                known_pairs() if known is None else known)
    keys, rules, candidates = _concept_keys(mentions, spelled, table, short_labels, written, vocab, named_data)
    if texts is not None:
        _mend_cut(mentions, keys, rules, spelled, texts, vocab, lex)
    shortened = elliptic([m.paper_id for m in mentions], keys, [spelled[m.label, m.text].label for m in mentions],
                         [m.source.split(":", 1)[0] for m in mentions], [m.text for m in mentions])
    for i, long in shortened.items():
        keys[i], rules[i] = long, ELLIPSIS
    labels, split_rules = _labels(mentions, spelled, keys, vocab, as_data)
    eids = [entity_id(label, key) if key else None for label, key in zip(labels, keys, strict=True)]
    for i, rule in split_rules.items():
        rules[i] = rule if rules[i] in ("", SAME_KEY) else rules[i]
    assignment = {i: eid for i, eid in enumerate(eids) if eid is not None}
    entities, aliases = tally(mentions, eids, keys, rules, texts, vocab, lex)
    return Resolution(entities, assignment, aliases, candidates)


def labelled_by_entity(mentions: Sequence[Mention], assignment: Mapping[int, str]) -> tuple[Mention, ...]:
    """The mentions with the label of their entity: the corpus vote fed back to each mention (a mention without an
    entity keeps its own).

    >>> ms = [Mention("p1", 0, 0, 4, "SCAN", "DATASET", "model"), Mention("p2", 0, 0, 4, "SCAN", "METHOD", "model")]
    >>> [m.label for m in labelled_by_entity(ms, {0: "method:scan", 1: "method:scan"})]
    ['METHOD', 'METHOD']
    """
    out = []
    for i, m in enumerate(mentions):
        eid = assignment.get(i)
        label = eid.split(":", 1)[0].upper() if eid else m.label
        out.append(m if label == m.label else replace(m, label=label))
    return tuple(out)


def _spellings(mentions: Sequence[Mention], vocab: Vocabulary, lex: Lexicon) -> dict[tuple[str, str], _Spelling]:
    """Each (label, text) spelling's label, variant key and the first variant rule that changed it."""
    out: dict[tuple[str, str], _Spelling] = {}
    for m in mentions:
        if (m.label, m.text) not in out:
            out[m.label, m.text] = variant(m.label, m.text, vocab, lex)
    return out


def variant(label: str, text: str, vocab: Vocabulary, lex: Lexicon) -> _Spelling:
    """The label and concept key of one spelling, before short forms and closed compounds; see the module doc."""
    key = normalise_key(versions(text))
    rule = SAME_KEY
    cleaned, inner = inner_short_forms(key)
    if cleaned != key:
        key, rule = normalise_key(cleaned), INNER
    american = americanise(key, vocab.american)
    if american != key:
        key, rule = american, rule if rule != SAME_KEY else SPELLING
    stripped = strip_head(key, label, text, vocab.strip_heads, vocab.head_terms)
    if stripped != key:
        key, rule = _plural_folded(stripped, text), rule if rule != SAME_KEY else f"{HEAD}:generic head dropped"
    label, key, moved = head_rule(label, key, lex, text)
    if label != "METHOD" and _MODEL_SIZE.search(text):
        label, moved = "METHOD", f"{HEAD}:model size"  # "OPT-IML 30B" is a model
    elif label != "DATASET" and _BENCH_NAME.search(text):
        label, moved = "DATASET", f"{HEAD}:benchmark name"  # "LexiBench", "SWE-bench" are benchmarks
    elif (pair := translation_label(key, text, vocab.languages)) not in (None, label):
        label, moved = pair, f"{HEAD}:language pair"  # "English-to-French translation" is the task
    if text.strip()[:1] in _HYPHENS or text.strip()[-1:] in _HYPHENS:
        key = f"-{key}-"  # a piece of a hyphenated word ("-attention mechanism" of "co-attention") joins no name
    return _Spelling(label, key, rule if rule != SAME_KEY or not moved else moved,
                     [(s, americanise(normalise_key(lf), vocab.american)) for s, lf in inner])


def _plural_folded(key: str, text: str) -> str:
    """A key whose head was dropped, with its new last word singular as :func:`normalise_key` makes it ("YouTube
    Faces DB" is youtube face), unless the text writes that word as a capitalised name ending in S ("DARTS model")."""
    last = key.rsplit(" ", 1)[-1]
    written = [w for w in re.split(r"[\s\-‐‑‒–—_/]+", text) if w.casefold() == last]
    if written and all(w.isupper() and w.endswith("S") for w in written):
        return key
    return normalise_key(key)


def _short_forms(mentions: Sequence[Mention], definitions: Iterable[Definition],
                 spelled: Mapping[tuple[str, str], _Spelling], vocab: Vocabulary, lex: Lexicon,
                 known: Mapping[str, str]) -> tuple[ShortForms, dict[str, set[str]], dict[str, set[str]]]:
    """The short-form table of the corpus (its definitions, the short forms kept in parentheses in names, the known
    pairs, and the names whose initials spell an undefined short form), the labels each short form is defined with,
    and how the definitions write it."""
    found = []
    labels: dict[str, set[str]] = defaultdict(set)
    written: dict[str, set[str]] = defaultdict(set)
    words: dict[tuple[str, str], str] = {}
    for d in definitions:
        if not d.label:  # a word, not a name ("out-of-distribution (OOD)"): for this paper's names alone, and only
            # where each of its words gives the short form a letter (these definitions have no name to vouch for them)
            short_key, long_key = normalise_key(d.short), normalise_key(d.long)
            if looks_short(d.short) and spells(short_key.replace(" ", ""), long_key.split()):
                words.setdefault((d.paper_id, short_key), long_key)
                written[short_key].add(d.short)
            continue
        short, long = variant(d.label, d.short, vocab, lex).key, variant(d.label, d.long, vocab, lex)
        found.append((d.paper_id, short, long.key))
        labels[short].add(long.label)
        written[short].add(d.short)
    with_inner = {spelling for spelling, s in spelled.items() if s.inner}
    for m in mentions:
        if (m.label, m.text) in with_inner:
            for inner_short, inner_long in spelled[m.label, m.text].inner:
                found.append((m.paper_id, inner_short, inner_long))
                labels[inner_short].add(spelled[m.label, m.text].label)
                written[inner_short].update(_PARENTHESISED.findall(m.text))
    defined = {short for _, short, _ in found}
    for paper, paired_short, paired_long, label in _paired_in_paper(mentions, spelled, defined):
        found.append((paper, paired_short, paired_long))
        labels[paired_short].add(label)
    defined = {short for _, short, _ in found}
    bare = {s.key for (_, text), s in spelled.items() if looks_short(text) and s.key not in defined}
    initials = spelled_by_initials(bare - set(known), Counter(spelled[m.label, m.text].key for m in mentions))
    # a name that the corpus abbreviates with another short form is not this one's ("SQA" is no SQuAD), unless the
    # two are spellings of one short form ("BLSTM", "BiLSTM")
    owned: dict[str, set[str]] = defaultdict(set)
    for _, abbreviated, full in found:
        owned[full].add(abbreviated)
    initials = {short: kept for short, longs in initials.items()
                if (kept := tuple(k for k in longs if not owned.get(k) or any(_one_short_form(short, other)
                                                                              for other in owned[k])))}
    return short_form_table(found, known, initials, words), labels, written


def _one_short_form(a: str, b: str) -> bool:
    """Whether two short keys spell one short form: the same first and last letters, the letters of one found in
    the other in order ("blstm", "bilstm"; not "sqa", "squad").

    >>> _one_short_form("blstm", "bilstm"), _one_short_form("sqa", "squad"), _one_short_form("icl", "icl")
    (True, False, True)
    """
    shorter, longer = sorted((a, b), key=len)
    letters = iter(longer)
    return a[:1] == b[:1] and a[-1:] == b[-1:] and all(c in letters for c in shorter)


def _paired_in_paper(mentions: Sequence[Mention], spelled: Mapping[tuple[str, str], _Spelling],
                     defined: set[str]) -> list[tuple[str, str, str, str]]:
    """``(paper, short, long, label)`` for each short form that no paper defines and that one name of the same paper
    and label is made of ("CyCADA" beside "Cycle-Consistent Adversarial Domain Adaptation"; "UNIP" beside "UNified
    Infrared Pre-training", whose capitals spell it): a definition too."""
    shorts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    camels: dict[str, set[tuple[str, str, tuple[str, ...]]]] = defaultdict(set)
    names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    capitals: dict[str, set[tuple[str, str, str]]] = defaultdict(set)  # "UNified Infrared Pre-training": "unip"
    glued: dict[str, set[tuple[str, str, str]]] = defaultdict(set)  # a name of capitalised words written as one
    for m in mentions:
        s = spelled[m.label, m.text]
        if s.key in defined or not s.key.isalpha():
            if " " in s.key:
                names[m.paper_id].add((s.key, s.label))
                if (caps := _capitals(m.text)) and len(caps) > 2:
                    capitals[m.paper_id].add((caps, s.key, s.label))
        elif looks_short(m.text):
            shorts[m.paper_id].add((s.key, s.label))
            if parts := camel_parts(m.text.strip()):  # "InfoGAN", made of a title's words but one
                camels[m.paper_id].add((s.key, s.label, tuple(parts)))
        elif parts := camel_parts(m.text.strip()):  # "SyncSpecCNN" beside Synchronized Spectral CNN
            camels[m.paper_id].add((s.key, s.label, tuple(parts)))
        elif len(words := _CAMEL_WORD.findall(m.text.strip())) > 2 and "".join(words) == m.text.strip():
            glued[m.paper_id].add((s.key, s.label, " ".join(words).lower()))  # "MultiDomainSentiment": MDS
    found = []
    for paper, forms in shorts.items():
        for short, label in forms:
            fits = {key for key, other in names.get(paper, ()) if other == label and key[0] == short[0]
                    and key.split()[0] != short and len(key.split()) <= len(short) + 2 and spells(short, key.split())}
            # a name whose capitals spell the short form, also more than one from a word ("RElated Memory Object")
            fits |= {key for caps, key, other in capitals.get(paper, ()) if other == label and caps == short}
            fits |= {key for key, other, words in glued.get(paper, ()) if other == label and spells(short, words.split())}
            if len(fits) == 1:
                found.append((paper, short, fits.pop(), label))
    for paper, named in camels.items():
        for camel, label, pieces in named:
            same = [key for key, other in names.get(paper, ()) if other == label]
            fits = {key for key in same if camel_spells(list(pieces), key.split())} or \
                {key for key in same if camel_spells(list(pieces), key.split(), skips=1)}  # "InfoGAN" in a title
            if len(fits) == 1:
                found.append((paper, camel, fits.pop(), label))
    return found


#: The capitalised words of a name written as one word ("MultiDomainSentiment").
_CAMEL_WORD = re.compile(r"[A-Z][a-z]+")


def _capitals(text: str) -> str:
    """The capitals of a name that writes its short form in capitals ("UNified Infrared Pre-training": "unip",
    "EXplicit interAction Model": "exam"), in lower case; ``""`` for a name with a short form inside ("MMLU
    predict rankings", "inference model aESIM") or none in lower case.

    >>> _capitals("UNified Infrared Pre-training"), _capitals("MMLU predict rankings"), _capitals("INFRARED MODEL")
    ('unip', '', '')
    """
    words = [w.lstrip(string.ascii_lowercase) for w in re.split(r"[\s\-‐]+", text) if w]
    if not any(c.islower() for c in text) or any(len(w) > 1 and w.isupper() for w in words):
        return ""
    return "".join(c for c in text if c.isupper()).lower()


def _concept_keys(mentions: Sequence[Mention], spelled: Mapping[tuple[str, str], _Spelling], table: ShortForms,
                  short_labels: Mapping[str, set[str]], written: Mapping[str, set[str]],
                  vocab: Vocabulary, named_data: Collection[int] = ()) -> tuple[list[str], list[str], list[Candidate]]:
    """Each mention's concept key and rule, and the short forms left apart for two meanings (``named_data``: the
    mentions their text calls one dataset)."""
    corpus_keys = Counter(s.key for s in spelled.values())
    unique = {short: next(iter(m)) for short, m in table.meanings.items() if len(m) == 1}
    shorts = set(table.meanings) | set(table.known) | set(table.initials)
    expanded: dict[tuple[str, str, str], str] = {}  # a name with its one-meaning short forms spelled out

    def spell_out(key: str, label: str, text: str) -> str:
        if (key, label, text) not in expanded:
            expanded[key, label, text] = _spelled_words(key, label, text, unique.get, short_labels, written)
        return expanded[key, label, text]

    def own_meanings(key: str, label: str, text: str, paper: str) -> str:
        # short forms of several meanings inside a name: the meaning this paper defines, where it defines one
        return _spelled_words(key, label, text, lambda w: table.by_paper.get((paper, w)), short_labels, written)

    several = {short for short, m in table.meanings.items() if len(m) > 1}
    keys: list[str] = []
    rules: list[str] = []
    labels: list[str] = []
    ambiguous: dict[str, set[str]] = defaultdict(set)
    in_paper: dict[str, set[str]] = defaultdict(set)
    key_labels: dict[str, set[str]] = defaultdict(set)
    for m in mentions if table.initials else ():
        in_paper[m.paper_id].add(spelled[m.label, m.text].key)
    for s in spelled.values():
        key_labels[s.key].add(s.label)
    for i, m in enumerate(mentions):
        s = spelled[m.label, m.text]
        key, rule = s.key, s.rule
        if key in shorts and (looks_short(m.text, m.source) or (key in table.known and " " not in m.text.strip())
                              or camel_parts(m.text.strip()) is not None or _camel_written(m.text, written.get(key))):
            long, how = table.meaning(key, m.paper_id, keys=corpus_keys, in_paper=in_paper[m.paper_id].__contains__,
                                      labelled=partial(_has_label, key_labels, s.label))
            if long is not None and (how != PAPER or i in named_data) and not _same_kind(
                    s.label, short_labels.get(key, {s.label}) | key_labels[long]):
                long, how = None, ""  # defined with another label: another thing ("CNN" the dataset, "VQA dataset")
            if long is not None:
                key, rule = long, how
            elif how == AMBIGUOUS:
                rule = how
                ambiguous[key].add(m.text)
        if " " in key and unique and (full := spell_out(key, s.label, m.text)) != key:
            key, rule = full, EXPANDED if rule == SAME_KEY else rule
        if " " in key and several and not several.isdisjoint(key.split()) \
                and (full := own_meanings(key, s.label, m.text, m.paper_id)) != key:
            key, rule = full, EXPANDED if rule == SAME_KEY else rule
        if " " in key and table.words and (full := _spelled_words(
                key, s.label, m.text, partial(_word_of, table.words, m.paper_id), None, written)) != key:
            key, rule = full, EXPANDED if rule == SAME_KEY else rule  # "OOD generalization", OOD defined as a word
        if (same := table.said_the_same(key)) not in (None, key):
            key, rule = same, SAME_MEANING if rule == SAME_KEY else rule
        keys.append(key)
        rules.append(rule)
        labels.append(s.label)
    _spell_out_long_forms(keys, rules, expanded)
    _join_variants(keys, rules, labels, vocab, table.meanings, [m.text for m in mentions])
    _spell_at_start(mentions, keys, rules, several)
    return keys, rules, _two_meanings(table, ambiguous, written)


def _word_of(words: Mapping[tuple[str, str], str], paper: str, short: str) -> str | None:
    return words.get((paper, short))


def _spelled_words(key: str, label: str, text: str, long_of: Callable[[str], str | None],
                   short_labels: Mapping[str, set[str]] | None, written: Mapping[str, set[str]]) -> str:
    """``key`` with the short forms among its words spelled out by ``long_of``: a word is a short form where the
    text writes it as the definitions do ("GRAM", not "n-grams") and with their label (any label where
    ``short_labels`` is None; a task's short form also inside a dataset's name, "Stanford NLI"); a short form glued
    to a letter ("R-CNN") is part of a name of its own and stays, unless the letter is a dimension ("3D CNN",
    "3DCNN")."""
    words: list[str] = []
    for w in key.split():
        glued = words and words[-1].isdigit() and w[:1] == "d" and long_of(w[1:]) is not None
        words += ["d", w[1:]] if glued else [w]
    return " ".join(
        long if (long := long_of(w)) is not None and (short_labels is None or label in (
            labels := short_labels.get(w, set())) or (label == "DATASET" and "TASK" in labels))
        and (i == 0 or len(words[i - 1]) > 1 or (i > 1 and words[i - 1] == "d" and words[i - 2].isdigit()))
        and any(form in text for form in written.get(w, ())) else w
        for i, w in enumerate(words))


def _two_meanings(table: ShortForms, ambiguous: Mapping[str, set[str]],
                  written: Mapping[str, set[str]]) -> list[Candidate]:
    """The merges refused: each short form of two meanings or more, with the papers behind each."""
    return [Candidate(", ".join(sorted(ambiguous.get(short) or written.get(short) or {short})), tuple(sorted(longs)),
                      f"short form with {len(longs)} meanings in the corpus: each defining paper keeps its own, "
                      "a bare use elsewhere joins none",
                      "; ".join(f"{long}: {', '.join(sorted(papers)[:5])}" for long, papers in sorted(longs.items())))
            for short, longs in sorted(table.meanings.items()) if len(longs) > 1]


def _spell_at_start(mentions: Sequence[Mention], keys: list[str], rules: list[str], several: set[str]) -> None:
    """Spell out, in place, the short form that begins a key where one other key spells it out before the same
    words (see :func:`~kg.resolve.acronyms.initials_in_names`)."""
    short_first = {key for m, key in zip(mentions, keys, strict=True)
                   if " " in key and m.text.split() and looks_short(m.text.split()[0])}
    found = initials_in_names(set(keys), short_first, several) if short_first else {}
    for i, key in enumerate(keys):
        if key in found:
            keys[i], rules[i] = found[key], EXPANDED if rules[i] == SAME_KEY else rules[i]


def _mend_cut(mentions: Sequence[Mention], keys: list[str], rules: list[str],
              spelled: Mapping[tuple[str, str], _Spelling], texts: Mapping[str, str], vocab: Vocabulary,
              lex: Lexicon) -> None:
    """Move, in place, the mentions that stop one to three words before a name the corpus holds ("exponential
    moving" in "an exponential moving average of the weights", where another mention is exponential moving average)
    to that name, when what they stop at is in two papers at most: a long-tail fragment, not a name of its own."""
    final: dict[str, str] = {}
    papers: dict[str, set[str]] = defaultdict(set)
    for m, key in zip(mentions, keys, strict=True):
        final.setdefault(spelled[m.label, m.text].key, key)
        papers[key].add(m.paper_id)
    stems = {" ".join(words[:-cut]) for key in final if len(words := key.split()) > 1
             for cut in range(1, min(3, len(words) - 1) + 1)}
    for i, m in enumerate(mentions):
        if spelled[m.label, m.text].key not in stems or len(papers[keys[i]]) > 2 \
                or (text := texts.get(m.paper_id)) is None or (after := _NEXT_WORDS.match(text, m.end)) is None:
            continue
        words = after.group(1).split()
        for n in range(1, len(words) + 1):
            if words[n - 1] in vocab.dangling_words:
                break
            target = final.get(variant(m.label, f"{m.text} {' '.join(words[:n])}", vocab, lex).key)
            if target is not None:
                if target != keys[i]:
                    keys[i], rules[i] = target, CUT_NAME
                break


def _spell_out_long_forms(keys: list[str], rules: list[str], expanded: Mapping[tuple[str, str, str], str]) -> None:
    """Spell out, in place, the short forms inside the long forms that short forms resolved to, as the mentions of
    that long form spell them ("GROOVE" is general RL optimizers ..., which a mention wrote out as general
    reinforcement learning optimizers ...)."""
    full_of = {key: full for (key, _, _), full in expanded.items() if full != key}
    for i, key in enumerate(keys):
        if key in full_of and rules[i].startswith("abbreviation:"):
            keys[i] = full_of[key]


def _camel_written(text: str, forms: set[str] | None) -> bool:
    """Whether a one-word mention is, in any case, a short form that a definition writes with a capital inside
    ("convnets" where a paper defines "ConvNets"): such a form is no common word."""
    if not forms or " " in text.strip():
        return False
    folded = text.strip().casefold().removesuffix("s")
    return any(any(c.isupper() for c in form[1:]) and any(c.islower() for c in form)
               and form.casefold().removesuffix("s") == folded for form in forms)


def _same_kind(label: str, defined: set[str]) -> bool:
    """Whether a short form used with ``label`` can be the one the corpus defines with the labels ``defined``: the
    same label, or METHOD and TASK, which name sides of one idea and which extraction often swaps ("SMT", statistical
    machine translation); a DATASET is another thing ("CNN" the news corpus is not the network)."""
    return label in defined or defined | {label} <= {"METHOD", "TASK"}


def _has_label(key_labels: Mapping[str, set[str]], label: str, key: str) -> bool:
    return label in key_labels.get(key, ())


def _join_variants(keys: list[str], rules: list[str], labels: list[str], vocab: Vocabulary,
                   meanings: Mapping[str, Mapping[str, object]], texts: Sequence[str]) -> None:
    """Join, in place, the keys that differ only in spaces or in the endings of their first words, then those that
    differ only in an optional head or modifier (see :mod:`~kg.resolve.variants`); a key always written with its
    head glued on by a hyphen keeps it ("Long Short-Term Memory-Networks" are no LSTM)."""
    counts = Counter(keys)
    abbreviated: dict[str, set[str]] = defaultdict(set)  # a long form -> the short forms the corpus gives it
    for short, longs in meanings.items():
        for long in longs:
            abbreviated[long].add(short)
    joined: dict[str, tuple[str, str]] = {}
    for rule, found in ((COMPOUND, closed_compounds(counts)), (WORD_FORM, word_variants(counts, vocab.common_words)),
                        (YEAR, short_years(counts)), (HEAD_LAST, reordered(counts)), (TYPO, doubled_letters(counts))):
        joined.update({k: (joined[v][0] if v in joined else v, rule) for k, v in found.items() if k not in joined})
    for i, key in enumerate(keys):
        if key in joined:
            keys[i], rules[i] = joined[key][0], joined[key][1] if rules[i] == SAME_KEY else rules[i]
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for key, label in zip(keys, labels, strict=True):
        votes[key][label] += 1
    heads = head_variants({k: (c.most_common(1)[0][0], sum(c.values())) for k, c in votes.items()}, vocab,
                          abbreviated)
    loose = {key for key, text in zip(keys, texts, strict=True) if key in heads and not _GLUED_HEAD.search(text)}
    for i, key in enumerate(keys):
        if key in loose:
            keys[i], rules[i] = heads[key], f"{HEAD}:variant" if rules[i] == SAME_KEY else rules[i]


def _labels(mentions: Sequence[Mention], spelled: Mapping[tuple[str, str], _Spelling], keys: list[str],
            vocab: Vocabulary, fixed: Collection[int] = ()) -> tuple[list[str], dict[int, str]]:
    """Each mention's label after the corpus vote of its concept, and the mentions the vote relabelled; the
    ``fixed`` mentions, typed by their own text, keep their label and do not vote."""
    weights: dict[str, Counter[str]] = defaultdict(Counter)
    papers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    strong: set[str] = set()  # concepts a list, an abbreviation or a name written with a short form vouches for
    table = vocab.label_weights
    mention_labels = [spelled[m.label, m.text].label for m in mentions]
    for i, (m, label, key) in enumerate(zip(mentions, mention_labels, keys, strict=True)):
        if i in fixed:
            continue
        kind = m.source.split(":", 1)[0]
        weights[key][label] += table.get(kind, 1)
        papers[key][label].add(m.paper_id)
        # a short form makes a name a proper name, not the one it defines in brackets ("Quill Signal (QS) tagging")
        if kind not in _WEAK_SOURCES or any(looks_short(word) for word in _PARENTHESISED.sub("", m.text).split()):
            strong.add(key)
    decided: dict[str, tuple[str, str | None]] = {}
    for key, counts in weights.items():
        decided[key] = vote(counts, {lab: len(p) for lab, p in papers[key].items()}) if len(counts) > 1 else (
            next(iter(counts)), None)
    by_head = head_prior({key: winner for key, (winner, _) in decided.items()},
                         [key for key, (_, apart) in decided.items() if apart is None and key not in strong])
    out: list[str] = []
    moved: dict[int, str] = {}
    for i, (label, key) in enumerate(zip(mention_labels, keys, strict=True)):
        if i in fixed:
            out.append(label)
            continue
        winner, kept_apart = decided[key]
        final = label if label == kept_apart else "TASK" if key in by_head else winner
        if final != label:
            moved[i] = f"{HEAD_VOTE if key in by_head else VOTE}: {label} -> {final}"
        out.append(final)
    return out, moved
