"""Short forms across papers: what each short form means, per paper and in the whole corpus.

A paper that defines a short form ("low-rank adaptation (LoRA)") fixes its meaning in that paper. A paper that uses
it bare takes the corpus's meaning when the corpus gives it one; a short form with two or more meanings in the
corpus (TTA: test-time augmentation in one paper, test-time adaptation in another) is resolved per paper where a
paper defines it, and stays its own node elsewhere: two meanings are never merged. Name / full-name pairs from the
Papers with Code lists (``data/pwc_pairs.tsv``) come last, for short forms that no paper defines, and only join
the short form to a full name that the corpus itself holds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache, cached_property, lru_cache
from importlib import resources

from kg.resolve.keys import normalise_key

#: The rules by which a short form was resolved, as ``aliases.tsv`` names them.
PAPER, CORPUS, KNOWN, INITIALS, AMBIGUOUS = ("abbreviation:paper", "abbreviation:corpus", "abbreviation:known",
                                            "abbreviation:initials", "abbreviation:ambiguous")
#: Small function words: a long form may skip them without a letter in its short form ("bag of words": BoW), and
#: two long forms that differ only in them say the same ("learning from" / "with human feedback").
SKIPPED = frozenset({"of", "to", "for", "and", "the", "a", "an", "in", "on", "with", "by", "from"})


@dataclass(frozen=True)
class ShortForms:
    """The corpus's short-form table.

    ``by_paper`` maps ``(paper id, short key)`` to the long form's key that the paper defines; ``meanings`` maps a
    short key to the papers behind each of its long forms; ``known`` maps a short key to the one full name's key
    that the Papers with Code pairs give it; ``same_as`` maps a long form to the one that the corpus's definitions
    of a short form show it says the same as ("convolutional network" to "convolutional neural network");
    ``initials`` maps a short key that nothing defines to the names of the corpus whose words spell it (``ICL``,
    in-context learning), the last resort: the one name, or the one of them that the paper itself uses; ``words``
    maps ``(paper id, short key)`` to the long form's key where the paper defines a word, not a name
    ("out-of-distribution (OOD)"): it spells out that paper's names with the short form inside, nothing else.
    """

    by_paper: Mapping[tuple[str, str], str]
    meanings: Mapping[str, Mapping[str, frozenset[str]]]
    known: Mapping[str, str] = field(default_factory=dict)
    same_as: Mapping[str, str] = field(default_factory=dict)
    initials: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    words: Mapping[tuple[str, str], str] = field(default_factory=dict)

    @cached_property
    def _closed_up(self) -> dict[str, str]:
        return {long.replace(" ", ""): same for long, same in self.same_as.items()}

    def said_the_same(self, key: str) -> str | None:
        """The long form that ``key`` says the same as (``same_as``), also where one is closed up or written apart.

        >>> ShortForms({}, {}, same_as={"large pretrained language model": "large language model"}).said_the_same(
        ...     "large pre trained language model")
        'large language model'
        """
        return self.same_as.get(key) or self._closed_up.get(key.replace(" ", ""))

    def meaning(self, short: str, paper: str, *, keys: Mapping[str, int] | None = None,
                in_paper: Callable[[str], bool] | None = None,
                labelled: Callable[[str], bool] | None = None) -> tuple[str | None, str]:
        """The long form's key of short key ``short`` in ``paper``, and the rule that decided (``""``: not a known
        short form). ``keys`` are the corpus's own keys, which a known pair must name to apply; ``labelled`` says
        whether a key has the short form's label and ``in_paper`` whether the paper uses it (they pick, in this
        order, among names that spell the short form).

        >>> table = ShortForms({("p1", "tta"): "test time augmentation", ("p2", "tta"): "test time adaptation"},
        ...                    {"tta": {"test time augmentation": frozenset({"p1"}),
        ...                             "test time adaptation": frozenset({"p2"})}})
        >>> table.meaning("tta", "p1"), table.meaning("tta", "p3")
        (('test time augmentation', 'abbreviation:paper'), (None, 'abbreviation:ambiguous'))
        """
        defined = self.by_paper.get((paper, short))
        if defined is not None:
            return defined, PAPER
        meanings = self.meanings.get(short)
        if meanings:
            if len(meanings) == 1:
                return next(iter(meanings)), CORPUS
            return None, AMBIGUOUS
        full = self.known.get(short)
        if full is not None and (keys is None or full in keys):
            return full, KNOWN
        spelled = self.initials.get(short, ())
        if labelled is not None:  # initials are the last resort: a name of another label is another thing
            spelled = tuple(key for key in spelled if labelled(key))
        if len(spelled) > 1 and in_paper is not None:
            spelled = tuple(key for key in spelled if in_paper(key))
        if len(spelled) == 1:
            return spelled[0], INITIALS
        return None, ""


def same_word(a: str, b: str, *, typo: float = 0.85) -> bool:
    """Whether two words are spellings of one word: equal, sharing a prefix of four letters or more that covers
    most of the shorter ("net" / "network" aside: a prefix the whole of the shorter), or one letter apart in a long
    word ("neutral" for "neural").

    >>> same_word("convolution", "convolutional"), same_word("adapter", "adaptation"), same_word("neutral", "neural")
    (True, True, True)
    >>> same_word("augmentation", "adaptation"), same_word("generation", "generalization")
    (False, False)
    """
    if a == b:
        return True
    short = min(len(a), len(b))
    prefix = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), short)
    if prefix == short or (prefix >= 4 and prefix > 0.6 * short):
        return True
    return short >= 5 and SequenceMatcher(None, a, b).ratio() >= typo


def same_meaning(a: str, b: str) -> bool:
    """Whether two long forms of one short form say the same thing: small function words aside, they start with the
    same word and the words of the shorter appear, in order, among those of the longer (each up to
    :func:`same_word`).

    >>> same_meaning("convolutional network", "convolutional neural network")
    True
    >>> same_meaning("large language model", "large pretrained language model")
    True
    >>> same_meaning("reinforcement learning from human feedback", "reinforcement learning with human feedback")
    True
    >>> same_meaning("test time augmentation", "test time adaptation"), same_meaning("federated learning", "focal loss")
    (False, False)
    """
    shorter, longer = sorted(([w for w in a.split() if w not in SKIPPED] or a.split(),
                              [w for w in b.split() if w not in SKIPPED] or b.split()), key=len)
    if not shorter or not same_word(shorter[0], longer[0]):
        return False
    at = 0
    for word in shorter:
        while at < len(longer) and not same_word(word, longer[at]):
            at += 1
        if at == len(longer):
            return False
        at += 1
    return True


def one_meaning(longs: Mapping[str, Collection[object]], spell: Callable[[str], str] | None = None) -> dict[str, str]:
    """The long forms of one short form that say the same thing, each mapped to the one with most papers (then the
    longest, then the first in order); long forms that stand alone are left out. ``spell`` spells out the short forms
    inside a long form before they are compared ("conditional GAN" is a conditional generative adversarial network).

    >>> one_meaning({"convolutional neural network": frozenset("abc"), "convolutional network": frozenset("d"),
    ...              "focal loss": frozenset("e")})
    {'convolutional network': 'convolutional neural network'}
    >>> one_meaning({"conditional gan": "a", "conditional generative adversarial network": "b"},
    ...             lambda f: f.replace("gan", "generative adversarial network"))
    {'conditional gan': 'conditional generative adversarial network'}
    """
    spelled = {f: spell(f) for f in longs} if spell is not None else {f: f for f in longs}
    forms = sorted(longs, key=lambda f: (-len(longs[f]), -len(f), f))
    group = {f: f for f in forms}

    def root(f: str) -> str:
        while group[f] != f:
            f = group[f]
        return f

    for i, a in enumerate(forms):
        for b in forms[i + 1:]:
            if root(a) != root(b) and (spelled[a] == spelled[b] or same_meaning(spelled[a], spelled[b])):
                ra, rb = root(a), root(b)
                first, second = sorted((ra, rb), key=forms.index)
                group[second] = first
    return {f: root(f) for f in forms if root(f) != f}


def short_form_table(definitions: Iterable[tuple[str, str, str]], known: Mapping[str, str] | None = None,
                     initials: Mapping[str, tuple[str, ...]] | None = None,
                     words: Mapping[tuple[str, str], str] | None = None) -> ShortForms:
    """The table of ``(paper id, short key, long key)`` definitions.

    A paper that defines one short form twice with different long forms keeps its first. Long forms of one short
    form that say the same thing (:func:`same_meaning`) are one meaning, under the form with most papers;
    ``same_as`` maps the others to it.

    >>> t = short_form_table([("p1", "lora", "low rank adaptation"), ("p2", "lora", "low rank adaptation")])
    >>> sorted(t.meanings["lora"]["low rank adaptation"]), t.meaning("lora", "p9")
    (['p1', 'p2'], ('low rank adaptation', 'abbreviation:corpus'))
    """
    by_paper: dict[tuple[str, str], str] = {}
    meanings: dict[str, dict[str, set[str]]] = {}
    for paper, short, long in definitions:
        if not short or not long or short == long:
            continue
        if by_paper.setdefault((paper, short), long) != long:
            continue
        meanings.setdefault(short, {}).setdefault(long, set()).add(paper)
    same_as: dict[str, str] = {}
    frozen: dict[str, dict[str, frozenset[str]]] = {}
    first = {short: one_meaning({long: frozenset(papers) for long, papers in longs.items()})
             for short, longs in meanings.items()}
    unique = {}
    for short, longs in meanings.items():  # the short forms of one meaning, under its most used long form
        roots = {first[short].get(long, long) for long in longs}
        if len(roots) == 1:
            unique[short] = roots.pop()

    def spell(long: str) -> str:
        return " ".join(unique.get(word, word) for word in long.split())

    for short, longs in meanings.items():
        # only a short form of several meanings is compared again with the other short forms spelled out
        joined = first[short] if short in unique else one_meaning(
            {long: frozenset(papers) for long, papers in longs.items()}, spell)
        same_as.update(joined)
        merged: dict[str, set[str]] = {}
        for long, papers in longs.items():
            merged.setdefault(joined.get(long, long), set()).update(papers)
        frozen[short] = {long: frozenset(papers) for long, papers in merged.items()}
    by_paper = {at: same_as.get(long, long) for at, long in by_paper.items()}
    return ShortForms(by_paper, frozen, dict(known or {}), same_as, dict(initials or {}), dict(words or {}))


def spells(short: str, words: list[str]) -> bool:
    """Whether ``short`` is made of ``words``: each word gives the short form its first letter and maybe more of its
    letters, in order (a small function word may give none), and every letter of the short form is used.

    >>> spells("cycada", "cycle consistent adversarial domain adaptation".split()), spells("vae", ["variational", "autoencoder"])
    (True, True)
    >>> spells("ptb", ["penn", "treebank"]), spells("cnn", ["support", "vector", "machine"])
    (True, False)
    >>> spells("icl", ["in", "context", "learning"]), spells("bow", ["bag", "of", "words"])
    (True, True)
    """
    def match(letters: str, rest: list[str]) -> bool:
        if not rest:
            return not letters
        word = rest[0]
        if word in SKIPPED and match(letters, rest[1:]):
            return True
        if not letters or letters[0] != word[0]:
            return False
        # the word gives its first letter, then any in-order run of its later letters
        for used in range(1, len(letters) + 1):
            if used > 1 and not _in_order(letters[1:used], word[1:]):
                break
            if match(letters[used:], rest[1:]):
                return True
        return False

    return bool(words) and match(short, words)


def _in_order(letters: str, word: str) -> bool:
    at = 0
    for letter in letters:
        at = word.find(letter, at) + 1
        if at == 0:
            return False
    return True


def spelled_by_initials(shorts: Iterable[str], keys: Mapping[str, int]) -> dict[str, tuple[str, ...]]:
    """Each short key mapped to the keys of two words or more whose initials spell it (keys that say the same thing,
    by :func:`one_meaning`, counted once, under the one with most mentions); short keys that no key spells are left
    out. ``keys`` maps each key to its mentions. The short form, three letters or more, must be the initials of the
    key's words, one letter a word: "ICL" is in-context learning, "IoT" is no instruction tuning.

    >>> found = spelled_by_initials(["icl", "tta", "vae"], {"in context learning": 3, "test time adaptation": 2,
    ...     "test time augmentation": 1, "variational autoencoder": 5, "image generation": 1})
    >>> found["icl"], found["tta"], "vae" in found
    (('in context learning',), ('test time adaptation', 'test time augmentation'), False)
    """
    by_initials: dict[str, list[str]] = {}
    for key in keys:
        words = key.split()
        if len(words) > 1 and all(w[0].isalpha() for w in words):
            content = "".join(w[0] for w in words if w not in SKIPPED)
            for initials in {content, "".join(w[0] for w in words)}:
                by_initials.setdefault(initials, []).append(key)
    found = {}
    for short in shorts:
        if " " in short:  # "t 2 i": letters and a digit that stands for a word ("T2I", text-to-image)
            spelled = _with_word_digits(short.split(), by_initials)
        elif not short.isalpha() or not 3 <= len(short) <= 8:
            continue
        else:  # the letters are the initials of the words, one word each
            spelled = {key for key in by_initials.get(short, ()) if len(key.split()) == len(short)}
        if spelled:
            joined = one_meaning({key: range(keys[key]) for key in spelled})
            found[short] = tuple(sorted(spelled - set(joined)))
    return found


_CAMEL_PARTS = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]")


def camel_parts(text: str) -> list[str] | None:
    """The parts of a one-word name written in camel case with an upper-case run in it ("SyncSpecCNN": Sync, Spec,
    CNN), or None for any other text (one part, digits, other characters, no run of capitals).

    >>> camel_parts("SyncSpecCNN"), camel_parts("DilatedRNN"), camel_parts("ImageNet"), camel_parts("BERT")
    (['Sync', 'Spec', 'CNN'], ['Dilated', 'RNN'], None, None)
    """
    parts = _CAMEL_PARTS.findall(text)
    if len(parts) < 2 or "".join(parts) != text or not any(len(p) > 1 and p.isupper() for p in parts):
        return None
    return parts


def camel_spells(parts: list[str], words: list[str], *, skips: int = 0) -> bool:
    """Whether the camel-case parts of a name spell ``words`` in order: a part in lower case (its first letter may be
    a capital) is the start of a word, three letters or more or the whole word; a run of capitals gives the
    initials of as many words, or is a word of its own; a small function word may be skipped.

    >>> camel_spells(["Sync", "Spec", "CNN"], "synchronized spectral convolutional neural network".split())
    True
    >>> camel_spells(["Dilated", "RNN"], "dilated recurrent neural network".split())
    True
    >>> camel_spells(["Info", "GAN"], "information maximizing generative adversarial net".split())
    False

    ``skips`` words of content after the first may give the name nothing (a title's "maximizing"):

    >>> camel_spells(["Info", "GAN"], "information maximizing generative adversarial net".split(), skips=1)
    True
    """
    def match(i: int, j: int, left: int = skips) -> bool:
        if i == len(parts):
            return j == len(words)
        if j == len(words):
            return False
        if words[j] in SKIPPED and match(i, j + 1, left):
            return True
        if left and i > 0 and words[j] not in SKIPPED and match(i, j + 1, left - 1):
            return True
        part = parts[i]
        if words[j] == part.lower() and match(i + 1, j + 1, left):  # the name's words keep the short form
            return True
        if part.isupper() and len(part) > 1:
            span = words[j:j + len(part)]
            return len(span) == len(part) and all(w[0] == c for w, c in zip(span, part.lower(), strict=True)) \
                and match(i + 1, j + len(part), left)
        lower = part.lower()
        return (words[j] == lower or (len(lower) >= 3 and words[j].startswith(lower))) and match(i + 1, j + 1, left)

    return match(0, 0)


def initials_in_names(keys: Collection[str], short_first: Collection[str], several: Collection[str]) -> dict[str, str]:
    """Keys that begin with a short form, mapped to the one key of the corpus that spells it out before the same
    words ("POS tagging" is part-of-speech tagging, "CTR prediction" click-through rate prediction). ``short_first``
    are the keys whose first word a mention writes as a short form; short forms in ``several`` (two meanings in the
    corpus) are left alone, and so is a short form that more than one key spells out before those words.

    >>> initials_in_names(["pos tagging", "part of speech tagging", "gan training", "generative adversarial network "
    ...                    "training", "gradient accumulation network training"], ["pos tagging", "gan training"], [])
    {'pos tagging': 'part of speech tagging'}
    """
    spelled: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key in keys:
        words = key.split()
        for n in range(2, min(len(words) - 1, 8) + 1):
            if words[n - 1] in SKIPPED or not all(w[0].isalpha() for w in words[:n]):
                continue
            rest = " ".join(words[n:])
            for initials in {"".join(w[0] for w in words[:n] if w not in SKIPPED), "".join(w[0] for w in words[:n])}:
                spelled[initials, rest].add(key)  # with or without the small words: "POS", part-of-speech
    found = {}
    for key in short_first:
        short, _, rest = key.partition(" ")
        if rest and short.isalpha() and 2 <= len(short) <= 8 and short not in several:
            fits = spelled.get((short, rest), set()) - {key}
            if len(fits) == 1:
                found[key] = fits.pop()
    return found


#: Digits that stand for a word inside a short form.
WORD_DIGITS = {"2": "to", "4": "for"}


def _with_word_digits(parts: list[str], by_initials: Mapping[str, list[str]]) -> set[str]:
    """The keys that a short key of single letters and word digits spells, a word each: "t 2 i" is text to image.

    >>> sorted(_with_word_digits(["t", "2", "i"], {"tti": ["text to image", "test time inference"]}))
    ['text to image']
    """
    if not 3 <= len(parts) <= 8 or not all(len(p) == 1 and (p.isalpha() or p in WORD_DIGITS) for p in parts) \
            or all(p.isalpha() for p in parts) or not parts[0].isalpha() or not parts[-1].isalpha():
        return set()
    initials = "".join(WORD_DIGITS[p][0] if p in WORD_DIGITS else p for p in parts)
    return {key for key in by_initials.get(initials, ()) if len(words := key.split()) == len(parts)
            and all(p not in WORD_DIGITS or w == WORD_DIGITS[p] for p, w in zip(parts, words, strict=True))}


@lru_cache(maxsize=1 << 16)
def looks_short(text: str, source: str = "") -> bool:
    """Whether a surface form can be a short form: found as one, or one word of at most 12 characters whose letters
    are at least half capitals, two or more.

    >>> looks_short("LoRA"), looks_short("LLMs"), looks_short("Adam"), looks_short("ood", "abbreviation:use")
    (True, True, False, True)
    >>> looks_short("ImageNet"), looks_short("CyCADA")
    (False, True)
    """
    if source.startswith("abbreviation:") and source != "abbreviation:long":
        return True
    letters = [c for c in text if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    # mostly capitals: "LoRA", "ViT", "CyCADA", "LLMs"; not a name written in camel case ("ImageNet", "ResNet")
    return " " not in text.strip() and capitals >= 2 and 2 * capitals >= len(letters) and len(text) <= 12


#: The lists of known name / full-name pairs (``kg/resolve/data``, made by ``scripts/build_pairs.py``).
PAIR_FILES = ("pwc_pairs.tsv", "scirex_pairs.tsv")


@cache
def known_pairs() -> dict[str, str]:
    """Short key -> full name key, from the Papers with Code pairs and the short forms SciREX's training papers
    define, for the short forms with one full name in them all: names that look short ("VAE") and one-word names
    written like names ("Seq2Seq", "ResNet"). Full names written apart or closed up ("auto encoder", "autoencoder")
    are one; the first list's spelling is kept."""
    fulls: dict[str, dict[str, str]] = {}
    for file in PAIR_FILES:
        text = (resources.files("kg.resolve") / "data" / file).read_text(encoding="utf-8")
        for line in text.splitlines()[2:]:
            _, name, full = line.split("\t")
            if looks_short(name) or (" " not in name and any(c.isdigit() or c.isupper() for c in name[1:])):
                key = normalise_key(full)
                fulls.setdefault(normalise_key(name), {}).setdefault(key.replace(" ", ""), key)
    return {short: next(iter(full.values())) for short, full in fulls.items() if len(full) == 1}
