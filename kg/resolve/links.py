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

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from kg.nlp.cues import default_lexicon
from kg.records import Entity
from kg.resolve import variant
from kg.resolve.acronyms import looks_short, same_meaning, spelled_by_initials
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


@dataclass(frozen=True)
class LinkTable:
    """The list by key: ``exact`` by each name's :func:`normalise_key`, ``loose`` by the key resolution gives it
    (generic heads dropped: "PACS dataset"; not for methods, whose heads may be their names: "Self-Attention
    Network" is no self-attention), and each entry's names' keys (``names``). A key that two entries share is left
    out of its tier."""

    exact: Mapping[tuple[str, str], Link]
    loose: Mapping[tuple[str, str], Link]
    names: Mapping[Link, frozenset[str]]


@cache
def link_table() -> LinkTable:
    """The shipped list (``data/pwc_links.tsv``; blank and ``#`` lines skipped)."""
    vocab, lex = load_vocabulary(), default_lexicon()
    text = (resources.files("kg.resolve") / "data" / LINKS_FILE).read_text(encoding="utf-8")
    exact: dict[tuple[str, str], set[Link]] = {}
    loose: dict[tuple[str, str], set[Link]] = {}
    names: dict[Link, set[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("label\t"):
            continue
        label, name, ident, canonical, area = line.split("\t")
        link = Link(ident, canonical, area)
        exact.setdefault((label, normalise_key(name)), set()).add(link)
        if label != "METHOD":
            loose.setdefault((label, variant(label, name, vocab, lex).key), set()).add(link)
        names.setdefault(link, set()).add(normalise_key(name))

    def unique(tier: dict[tuple[str, str], set[Link]]) -> dict[tuple[str, str], Link]:
        return {at: links.pop() for at, links in tier.items() if len(links) == 1}

    return LinkTable(unique(exact), unique(loose), {link: frozenset(keys) for link, keys in names.items()})


def find_link(entity: Entity, table: LinkTable | None = None) -> Link | None:
    """The entry ``entity`` names: by its key, else its name, else its aliases that are no short forms; at each
    step the names as written first, then as resolution keys them. Two entries at a step: none.

    >>> bert = Link("method/bert", "BERT", "Natural Language Processing")
    >>> table = LinkTable({("METHOD", "bert"): bert}, {}, {bert: frozenset({"bert"})})
    >>> find_link(Entity("method:bert", "METHOD", "bert", "BERT", ("BERTs",), 3, 4), table)
    Link(id='method/bert', name='BERT', area='Natural Language Processing')
    >>> find_link(Entity("task:bert", "TASK", "bert", "BERT", (), 3, 4), table) is None
    True
    """
    table = link_table() if table is None else table
    vocab, lex = load_vocabulary(), default_lexicon()
    # a short form among the aliases is too weak a clue: "GA" is also genetic algorithms, "SFT" shrink and fine-tune
    long_aliases = tuple(a for a in entity.aliases if not looks_short(a))
    for names in ((entity.key,), (entity.name,), long_aliases):
        for tier, key_of in ((table.exact, normalise_key), (table.loose, lambda n: variant(entity.label, n, vocab, lex).key)):
            links = {tier[at] for name in names if (at := (entity.label, key_of(name))) in tier}
            if len(links) == 1:
                return links.pop()
            if links:
                return None  # two entries: which one is meant is unknown
    return None


def link_entities(entities: Sequence[Entity], table: LinkTable | None = None) -> list[Entity]:
    """``entities`` with the taxonomy's id, name and area where one entry matches (see :func:`find_link`).

    A short form that the corpus also writes out otherwise may be the corpus's, not the list's: "DCNN" does not link
    to the list's diffusion-convolutional network where a name of the corpus whose initials spell it is no full name
    of that entry (deep convolutional neural network). An entry the list gives no full name keeps its links.
    """
    table = link_table() if table is None else table
    linked = [find_link(entity, table) for entity in entities]
    shorts: dict[str, set[str]] = defaultdict(set)  # label -> the linked keys that are short forms
    for entity, link in zip(entities, linked, strict=True):
        if link is not None and " " not in entity.key and looks_short(entity.name):
            shorts[entity.label].add(entity.key)
    spelled = {label: spelled_by_initials(keys, {e.key: e.mentions for e in entities if e.label == label})
               for label, keys in shorts.items()}
    out = []
    for entity, link in zip(entities, linked, strict=True):
        corpus = spelled.get(entity.label, {}).get(entity.key, ()) if link is not None else ()
        longs = [k for k in table.names.get(link, ()) if " " in k] if link is not None else []  # the entry's full names
        if longs and any(not any(same_meaning(k, full) for full in longs) for k in corpus):
            link = None  # the corpus writes it out as something else too
        out.append(entity if link is None else replace(entity, pwc_id=link.id, pwc_name=link.name, pwc_area=link.area))
    return out
