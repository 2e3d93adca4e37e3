"""The records that stages pass each other: Paper -> Mention -> Entity.

They are frozen dataclasses so that a stage can never change what an earlier stage produced.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

#: The entity labels kg extracts, in display order.
LABELS: tuple[str, ...] = ("METHOD", "DATASET", "TASK")


@dataclass(frozen=True)
class Paper:
    """One paper: a title and its abstract, after duplicates have been merged.

    Attributes
    ----------
    id : str
        Stable identifier: the ``id`` given in the input, else ``"t-"`` plus a hash of the normalised title.
    title, abstract : str
        Text as read (whitespace inside kept as is).
    date : str or None
        ISO 8601 date: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, or ``--MM-DD`` when a page shows a day without a year.
    url : str or None
        Link to the paper, when the input has one.
    source, line : str, int
        File and 1-based line of the first record of this paper.
    also_in : tuple of str
        ``file:line`` of every further record that was merged into this one.
    """

    id: str
    title: str
    abstract: str
    date: str | None = None
    url: str | None = None
    source: str = ""
    line: int = 0
    also_in: tuple[str, ...] = field(default_factory=tuple)

    @property
    def content_hash(self) -> str:
        """SHA-1 of title and abstract: what extraction depends on."""
        return hashlib.sha1(f"{self.title}\n{self.abstract}".encode()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)} | {"also_in": list(self.also_in)}


@dataclass(frozen=True)
class Mention:
    """One entity mention in an abstract.

    ``start``/``end`` are character offsets into ``Paper.abstract`` (``abstract[start:end] == text``);
    ``sentence`` is the 0-based index of the sentence holding the mention; ``source`` names the rule or
    model that found it.
    """

    paper_id: str
    sentence: int
    start: int
    end: int
    text: str
    label: str
    source: str
    score: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        # Written once per mention: spelled out, as dataclasses.asdict deep-copies and is ten times slower.
        return {"paper_id": self.paper_id, "sentence": self.sentence, "start": self.start, "end": self.end,
                "text": self.text, "label": self.label, "source": self.source, "score": self.score}


@dataclass(frozen=True)
class Entity:
    """A canonical entity: all mentions with the same label and normalised key.

    ``id`` is ``label.lower() + ":" + key``; ``name`` is the most frequent surface form; ``aliases`` are the
    other surface forms (abbreviations and long forms included); ``papers``/``mentions`` count its support.
    """

    id: str
    label: str
    key: str
    name: str
    aliases: tuple[str, ...]
    papers: int
    mentions: int

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)} | {"aliases": list(self.aliases)}
