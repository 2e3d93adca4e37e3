"""Moving a corpus's spans towards kg's guidelines: generic heads left out, acronyms in parentheses split off,
coordinated names split."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.gold import Span
from kg.train.records import Region, TrainingDoc

#: Head words kg's guidelines leave out of a DATASET name ("PACS dataset" -> "PACS").
DATASET_HEADS = frozenset({"dataset", "datasets", "data", "set", "sets", "corpus", "corpora", "benchmark",
                           "benchmarks", "collection", "collections", "database", "databases", "suite",
                           "repository", "testbed", "test", "training", "train", "evaluation", "validation",
                           "dev", "development"})
#: Head words kg's guidelines leave out of a TASK ("node classification benchmarks" -> "node classification").
TASK_GENERIC_HEADS = frozenset({"task", "tasks", "problem", "problems", "benchmark", "benchmarks", "setting",
                                "settings", "applications", "application", "scenario", "scenarios"})
#: Heads that make a METHOD span generic under kg's guidelines ("analysis approach", "our method").
METHOD_GENERIC_HEADS = frozenset({"method", "methods", "approach", "approaches", "technique", "techniques",
                                  "framework", "frameworks", "system", "systems", "strategy", "strategies",
                                  "component", "components", "procedure", "procedures", "scheme", "schemes",
                                  "tool", "tools", "module", "modules", "process", "formalism", "paradigm",
                                  "mechanism", "solution", "solutions", "methodology", "methodologies"})

_WORD = re.compile(r"\S+")
_TRAILING = re.compile(r"[\s,;:.]+$")
_ACRONYM = re.compile(r"^(?P<long>.*\S)\s*\(\s*(?P<short>[^()\s][^()]*?)\s*\)$")
_COORDINATION = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+")


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]


def _name_like(text: str) -> bool:
    return any(ch.isupper() or ch.isdigit() for ch in text)


def strip_heads(text: str, span: Span, heads: frozenset[str]) -> Span | None:
    """Drop trailing head words (and the punctuation before them) from a span; ``None`` if nothing is left.

    Examples
    --------
    >>> text = "the PACS data set and analysis problem"
    >>> strip_heads(text, (4, 17, "DATASET"), DATASET_HEADS)
    (4, 8, 'DATASET')
    >>> strip_heads(text, (22, 38, "TASK"), TASK_GENERIC_HEADS)
    (22, 30, 'TASK')
    >>> strip_heads(text, (13, 17, "DATASET"), DATASET_HEADS) is None
    True
    """
    start, end, label = span
    words = _words(text, start, end)
    while words and text[words[-1][0]:words[-1][1]].lower() in heads:
        words.pop()
    if not words:
        return None
    stop = words[-1][1]
    trailing = _TRAILING.search(text, start, stop)
    if trailing is not None:
        stop = trailing.start()
    return (start, stop, label) if stop > start else None


def split_acronyms(text: str, span: Span) -> list[Span]:
    """Split ``long form (SHORT)`` into two spans of the same label, as kg's guidelines do.

    Examples
    --------
    >>> text = "statistical machine translation (SMT) helps"
    >>> [text[s:e] for s, e, _ in split_acronyms(text, (0, 37, "TASK"))]
    ['statistical machine translation', 'SMT']
    >>> split_acronyms(text, (0, 31, "TASK"))
    [(0, 31, 'TASK')]
    """
    start, end, label = span
    match = _ACRONYM.match(text[start:end])
    if match is None or " " in match["short"].strip() or not _name_like(match["short"]):
        return [span]
    return [(start, start + match.end("long"), label),
            (start + match.start("short"), start + match.end("short"), label)]


def _split_coordination(text: str, span: Span) -> tuple[list[Span], list[Region]]:
    """Coordinated names ("NPB and MLB") as separate spans; parts that are no name become unknown regions."""
    start, end, label = span
    pieces: list[Region] = []
    position = start
    for separator in _COORDINATION.finditer(text, start, end):
        pieces.append((position, separator.start()))
        position = separator.end()
    pieces.append((position, end))
    pieces = [(s, e) for s, e in pieces if e > s]
    if len(pieces) <= 1:
        return [span], []
    names = [(s, e, label) for s, e in pieces if _name_like(text[s:e])]
    return names, [(s, e) for s, e in pieces if not _name_like(text[s:e])]


def apply_conventions(doc: TrainingDoc, *, corpus: str) -> TrainingDoc:
    """Move a corpus's spans towards kg's guidelines.

    * DATASET: generic heads left out ("MNIST dataset" -> "MNIST"), coordinations split ("NPB and MLB data
      sets" -> "NPB", "MLB"); what is left without a capital or digit ("the gallery set") becomes unknown.
    * TASK: generic heads left out ("categorization task" -> "categorization").
    * METHOD (SciERC): a span whose head is generic ("statistical approach", "MT system") becomes unknown:
      kg annotates no bare generic heads, and the name inside may be of another label.
    * Any label: ``long form (SHORT)`` becomes two spans.

    Examples
    --------
    >>> text = "We use the NPB and MLB data sets and a tagging approach for the parsing task."
    >>> doc = TrainingDoc("d", text, ((11, 32, "DATASET"), (39, 55, "METHOD"), (64, 76, "TASK")))
    >>> out = apply_conventions(doc, corpus="scierc")
    >>> [(text[s:e], label) for s, e, label in out.spans], [text[s:e] for s, e in out.unknown]
    ([('NPB', 'DATASET'), ('MLB', 'DATASET'), ('parsing', 'TASK')], ['tagging approach'])
    """
    spans: list[Span] = []
    unknown = list(doc.unknown)
    text = doc.text
    for span in doc.spans:
        label = span[2]
        pieces = split_acronyms(text, span)
        for piece in pieces:
            if label == "DATASET":
                stripped = strip_heads(text, piece, DATASET_HEADS)
                if stripped is None or not _name_like(text[stripped[0]:stripped[1]]):
                    unknown.append(piece[:2])
                    continue
                parts, rest = _split_coordination(text, stripped)
                spans.extend(parts)
                unknown.extend(rest)
            elif label == "TASK":
                stripped = strip_heads(text, piece, TASK_GENERIC_HEADS)
                if stripped is None:
                    unknown.append(piece[:2])
                else:
                    spans.append(stripped)
            elif label == "METHOD" and corpus == "scierc" and _last_word(text, piece) in METHOD_GENERIC_HEADS:
                unknown.append(piece[:2])
            else:
                spans.append(piece)
    return replace(doc, spans=tuple(sorted(set(spans))), unknown=tuple(sorted(set(unknown))))


def _last_word(text: str, span: Span) -> str:
    words = _words(text, span[0], span[1])
    return text[words[-1][0]:words[-1][1]].lower() if words else ""
