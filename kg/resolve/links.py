"""Links from entities to the Papers with Code taxonomy: its id, canonical name and research area, where names match.

The table (``data/pwc_links.tsv``, made by ``scripts/build_links.py``) lists the names of Papers with Code methods,
tasks and datasets with their entry's id (``method/bert``, ``task/semantic-segmentation``; datasets have none in
the archive kg's list comes from), canonical name and area ("Computer Vision", "Natural Language Processing", ...).
A name is compared as resolution compares names (:func:`kg.resolve.variant`): "Semantic segmentation",
"semantic-segmentation task" and "Semantic Segmentation" meet. An entity links where its key, its name or else its
aliases (short forms aside) meet the names of one entry of its own label; two entries and it stays unlinked, since
which one it means is unknown. A link names the list's entry; it merges nothing and moves no label.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from kg.nlp.cues import default_lexicon
from kg.records import Entity
from kg.resolve import variant
from kg.resolve.acronyms import looks_short
from kg.resolve.keys import normalise_key
from kg.resolve.variants import load_vocabulary

#: The file the table is read from, beside the other word lists of resolution.
LINKS_FILE = "pwc_links.tsv"


@dataclass(frozen=True)
class Link:
    """One entry of the taxonomy: its id (``""`` where the list keeps none), canonical name and area."""

    id: str
    name: str
    area: str


@cache
def link_table() -> dict[tuple[str, str], Link]:
    """(label, key) -> the entry whose name has that key; keys that two entries share are left out."""
    vocab, lex = load_vocabulary(), default_lexicon()
    text = (resources.files("kg.resolve") / "data" / LINKS_FILE).read_text(encoding="utf-8")
    found: dict[tuple[str, str], set[Link]] = {}
    for line in text.splitlines()[2:]:
        label, name, ident, canonical, area = line.split("\t")
        link = Link(ident, canonical, area)
        for key in {variant(label, name, vocab, lex).key, normalise_key(name)}:
            found.setdefault((label, key), set()).add(link)
    return {at: links.pop() for at, links in found.items() if len(links) == 1}


def find_link(entity: Entity, table: dict[tuple[str, str], Link] | None = None) -> Link | None:
    """The entry ``entity`` names: by its key, else its name, else its aliases that are no short forms (one entry
    among them all).

    >>> table = {("METHOD", "bert"): Link("method/bert", "BERT", "Natural Language Processing")}
    >>> find_link(Entity("method:bert", "METHOD", "bert", "BERT", ("BERTs",), 3, 4), table)
    Link(id='method/bert', name='BERT', area='Natural Language Processing')
    >>> find_link(Entity("task:bert", "TASK", "bert", "BERT", (), 3, 4), table) is None
    True
    """
    table = link_table() if table is None else table
    # a short form among the aliases is too weak a clue: "GA" is also genetic algorithms, "SFT" shrink and fine-tune
    long_aliases = tuple(a for a in entity.aliases if not looks_short(a))
    for names in ((entity.key,), (entity.name,), long_aliases):
        links = {table[entity.label, key] for key in _keys(entity.label, names) if (entity.label, key) in table}
        if len(links) == 1:
            return links.pop()
        if links:
            return None  # two entries: which one is meant is unknown
    return None


def _keys(label: str, names: Iterable[str]) -> set[str]:
    vocab, lex = load_vocabulary(), default_lexicon()
    return {key for name in names for key in (normalise_key(name), variant(label, name, vocab, lex).key)}


def link_entities(entities: Sequence[Entity]) -> list[Entity]:
    """``entities`` with the taxonomy's id, name and area where one entry matches (see :func:`find_link`)."""
    table = link_table()
    out = []
    for entity in entities:
        link = find_link(entity, table)
        out.append(entity if link is None else replace(entity, pwc_id=link.id, pwc_name=link.name, pwc_area=link.area))
    return out
