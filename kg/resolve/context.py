"""What a mention's own text says about it, past its end: a short form named as data ("the CNN and Daily Mail news
data") is a DATASET, whatever extraction typed it; a task named before a model's head ("image captioning methods")
is the TASK, not a model; and a task's name that does what a method does ("SVRM improves accuracy") names the
method."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace

from kg.records import Definition, Mention
from kg.resolve.acronyms import looks_short
from kg.resolve.keys import normalise_key

#: What names a short form as data: a dataset head after it, maybe past a coordination with other names ("CNN and
#: Daily Mail news data", "CNN & Daily Mail news stories", "VQA dataset").
_DATA_AFTER = re.compile(r"(?:\s*(?:/|&|,|\band\b)\s*(?:the\s+)?[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3})?"
                         r"\s+(?:news\s+(?:data|dataset|datasets|stories|articles|corpus)\b|dataset|datasets|corpus"
                         r"|corpora)\b")


def named_as_data(mentions: Sequence[Mention], texts: Mapping[str, str]) -> Sequence[Mention]:
    """The mentions, with each short form typed METHOD or TASK that its text names as data a DATASET: followed by a
    dataset head, also past a coordination ("the VQA dataset", "the CNN and Daily Mail news data", "CNN & Daily Mail
    news stories"). Such a short form is the name of a dataset, not the model or the task it shares its letters
    with; nothing else changes.

    >>> text = "We test on the CNN and Daily Mail news data and train a CNN on the QRX datasets."
    >>> ms = [Mention("p1", 0, 15, 18, "CNN", "METHOD", "curated:method"),
    ...       Mention("p1", 0, 56, 59, "CNN", "METHOD", "curated:method"),
    ...       Mention("p1", 0, 67, 70, "QRX", "TASK", "model")]
    >>> [m.label for m in named_as_data(ms, {"p1": text})]
    ['DATASET', 'METHOD', 'DATASET']
    """
    out = list(mentions)
    for i, m in enumerate(mentions):
        if m.label in ("METHOD", "TASK") and looks_short(m.text, m.source) and (text := texts.get(m.paper_id)) \
                and _DATA_AFTER.match(text, m.end):
            out[i] = replace(m, label="DATASET")
    return out


#: A model's head right after a mention: "[deep image captioning] methods", "[pose estimation] networks".
_MODEL_AFTER = re.compile(r"\s+(?:methods?|models?|approach(?:es)?|networks?|frameworks?|architectures?|algorithms?"
                          r"|systems?|techniques?|pipelines?)\b")
#: Task heads that also end the names of methods ("flow matching models"), left as extraction typed them.
_METHOD_TOO = frozenset({"matching"})


def tasks_before_models(mentions: Sequence[Mention], texts: Mapping[str, str],
                        task_heads: Collection[str]) -> Sequence[Mention]:
    """The mentions, with each METHOD that ends in a task head and that its text follows with a model's head a TASK:
    the guidelines' task inside an unnamed model phrase, where the span stopped before the head ("deep image
    captioning methods"). Short forms and names written as titles are models' names and stay, and so does a name
    that the corpus also types METHOD without a model's head after it ("retrieval-augmented generation [systems]"
    beside "we use retrieval-augmented generation").

    >>> text = "Quill image captioning methods and Glyph Motion Tracking networks beat GMT models."
    >>> ms = [Mention("p1", 0, 0, 22, "Quill image captioning", "METHOD", "model"),
    ...       Mention("p1", 0, 35, 56, "Glyph Motion Tracking", "METHOD", "model"),
    ...       Mention("p1", 0, 71, 74, "GMT", "METHOD", "model")]
    >>> [m.label for m in tasks_before_models(ms, {"p1": text}, {"captioning", "tracking"})]
    ['TASK', 'METHOD', 'METHOD']
    >>> more = [*ms, Mention("p2", 0, 0, 22, "quill image captioning", "METHOD", "model")]
    >>> tasks_before_models(more, {"p1": text, "p2": "quill image captioning."}, {"captioning"})[0].label
    'METHOD'
    """
    out = list(mentions)
    found = []
    for i, m in enumerate(mentions):
        words = m.text.split()
        last = words[-1].lower() if words else ""
        if m.label == "METHOD" and last in task_heads and last not in _METHOD_TOO and len(words) > 1 \
                and not looks_short(m.text, m.source) and not all(w[:1].isupper() for w in words):
            found.append((i, normalise_key(m.text), bool((text := texts.get(m.paper_id))
                                                         and _MODEL_AFTER.match(text, m.end))))
    bare = {key for _, key, headed in found if not headed}  # a METHOD of its own somewhere: a method's name
    for i, key, headed in found:
        if headed and key not in bare:
            out[i] = replace(mentions[i], label="TASK")
    return out


#: What only a method does, as the subject of its sentence: "[SVRM] improves the accuracy", "[Quill Flow
#: Reconstruction] (QFR) reaches 91%". A task is reached or improved, it does not reach or improve.
_AGENT_AFTER = re.compile(r"\s+(?:\([^()]{1,20}\)\s+)?(?:achieves|outperforms|improves|surpasses|reaches|attains"
                          r"|ignores|leverages|exploits|employs|utili[sz]es|boosts|learns)\b")


def agents_are_methods(mentions: Sequence[Mention], texts: Mapping[str, str],
                       definitions: Iterable[Definition]) -> Sequence[Mention]:
    """The mentions, with each name typed TASK that its text makes the subject of what a method does ("SVRM improves
    the accuracy") a METHOD in its paper: the name of a proposed method that ends in a task's head ("Step-Verified
    Reward Modeling"), together with its short form or long form that the paper defines. Only names written as names
    (a title, a short form) move; "image captioning improves" is a task in a sentence cut short.

    >>> text = "We propose Glyph Flow Reconstruction (GFR). GFR improves recall, and video captioning improves too."
    >>> ms = [Mention("p1", 0, 11, 35, "Glyph Flow Reconstruction", "TASK", "model"),
    ...       Mention("p1", 0, 37, 40, "GFR", "TASK", "abbreviation:use"),
    ...       Mention("p1", 1, 44, 47, "GFR", "TASK", "abbreviation:use"),
    ...       Mention("p1", 1, 66, 82, "video captioning", "TASK", "model")]
    >>> out = agents_are_methods(ms, {"p1": text}, [Definition("p1", "TASK", "GFR", "Glyph Flow Reconstruction")])
    >>> [m.label for m in out]
    ['METHOD', 'METHOD', 'METHOD', 'TASK']
    """
    found = set()
    for m in mentions:
        if m.label == "TASK" and (text := texts.get(m.paper_id)) and _AGENT_AFTER.match(text, m.end) \
                and (looks_short(m.text, m.source) or _titled(m.text)):
            found.add((m.paper_id, m.text.casefold()))
    if not found:
        return mentions
    for d in definitions:
        pair = {(d.paper_id, d.short.casefold()), (d.paper_id, d.long.casefold())}
        if pair & found:
            found |= pair
    return [replace(m, label="METHOD") if m.label == "TASK" and (m.paper_id, m.text.casefold()) in found else m
            for m in mentions]


def _titled(text: str) -> bool:
    """A name of two words or more, each word that starts with a letter written with a capital ("Step-Verified
    Reward Modeling")."""
    words = [w for w in re.split(r"[\s\-‐]+", text) if w[:1].isalpha()]
    return len(text.split()) > 1 and all(w[0].isupper() for w in words)


#: One dataset's head after a name, maybe past its short form ("the VQA dataset", "Quill Cows (QC) dataset"; not "QA
#: datasets", the data of a task, nor "a QA dataset", nor "the GFR dataset LFW", which names the dataset after it).
_ONE_DATASET = re.compile(r"(?:\s+\([^()\s]{1,15}\))?\s+(?:dataset|corpus|data set)\b(?![ \t]+[A-Z0-9])")
_INDEFINITE = re.compile(r"\b(?:a|an)\s+$")


def one_dataset(mentions: Sequence[Mention], texts: Mapping[str, str], *, typed: bool = False) -> set[int]:
    """The mentions of names written as names (a short form, a title) that their text calls one dataset ("the VQA
    dataset", "the Quill Cow Localization (QCL) dataset"), whatever extraction typed them and whatever the rest of
    the corpus makes of the name; those it typed DATASET already only with ``typed``. Only the mention itself: the
    same paper may name the task too ("models for VQA"). The data of a task ("QA datasets", "a QA dataset") is no
    dataset's name.

    >>> text = "We release the Quill Cow Localization (QCL) dataset. QCL datasets help; a QA dataset too."
    >>> ms = [Mention("p1", 0, 15, 37, "Quill Cow Localization", "TASK", "model"),
    ...       Mention("p1", 0, 39, 42, "QCL", "TASK", "abbreviation:use"),
    ...       Mention("p1", 1, 53, 56, "QCL", "TASK", "abbreviation:use"),
    ...       Mention("p1", 1, 75, 77, "QA", "TASK", "model")]
    >>> sorted(one_dataset(ms, {"p1": text}))
    [0, 1]
    """
    return {i for i, m in enumerate(mentions)
            if (typed or m.label != "DATASET") and (text := texts.get(m.paper_id)) and (looks_short(m.text, m.source) or _titled(
                m.text)) and _ONE_DATASET.match(text, m.end + (text[m.end:m.end + 1] == ")"))
            and not _INDEFINITE.search(text[max(0, m.start - 4):m.start])}
