"""VOSviewer thesauri beside resolution: the alias table as thesaurus rows, and a user's thesaurus read and applied.

:func:`thesaurus_rows` gives the rows that :func:`kg.export.vosviewer.write_thesaurus` writes. A thesaurus read
back from a user (:func:`read_thesaurus`) is applied to entities with :func:`apply_thesaurus`, which returns new
entities and a new mention assignment so that the build can rebuild its graph.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from kg.errors import KGWarning, Messages, ThesaurusError
from kg.records import LABELS, Entity, Mention
from kg.resolve.keys import entity_id, normalise_key

#: Header line of a VOSviewer thesaurus file (tab-separated).
THESAURUS_HEADER = ("label", "replace by")


def _tsv_field(text: str) -> str:
    """One TSV field: tabs and line breaks (which the format cannot escape) become spaces."""
    return " ".join(re.split(r"[\t\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+", text)).strip()


def thesaurus_rows(entities: Sequence[Entity]) -> list[tuple[str, str]]:
    """``(alias, name)`` rows of the alias table, sorted, as a VOSviewer thesaurus maps terms.

    An alias that could mean two entities (two entities list it, or it is another entity's name, maybe of
    another label) is left out, with a warning: a thesaurus has no entity types, so it could not say which
    one is meant.

    >>> e = Entity("method:vit", "METHOD", "vit", "Vision Transformer", ("ViT", "ViTs"), 3, 5)
    >>> thesaurus_rows([e])
    [('ViT', 'Vision Transformer'), ('ViTs', 'Vision Transformer')]
    """
    owners: dict[str, set[str]] = defaultdict(set)  # normalised term -> ids of entities it can stand for
    for e in entities:
        for form in (e.name, *e.aliases):
            owners[normalise_key(form)].add(e.id)
        owners[e.key].add(e.id)
    targets: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        for alias in e.aliases:
            if alias != e.name:
                targets[_tsv_field(alias)].add(_tsv_field(e.name))
    rows = []
    ambiguous = []
    for alias, names in sorted(targets.items()):
        if len(names) > 1 or len(owners[normalise_key(alias)]) > 1:
            ambiguous.append(alias)
        elif alias and alias not in names:
            rows.append((alias, next(iter(names))))
    if ambiguous:
        shown = ", ".join(repr(a) for a in ambiguous[:8]) + (", ..." if len(ambiguous) > 8 else "")
        warnings.warn(Messages.AMBIGUOUS_ALIASES.format(count=len(ambiguous), shown=shown), KGWarning, stacklevel=2)
    return rows


def read_thesaurus(path: str | Path) -> dict[str, str]:
    """Read a VOSviewer thesaurus file: ``label<TAB>replace by`` after that header line.

    An empty ``replace by`` means: ignore the term (drop the entity). Blank lines are skipped; a UTF-8 BOM is
    allowed. Terms are matched as kg matches mentions (:func:`kg.resolve.normalise_key`), so two lines whose
    labels differ only in case, hyphens or plural must agree.

    Returns
    -------
    dict
        Label as written -> replacement (``""`` for ignore), in file order.

    Raises
    ------
    ThesaurusError
        Missing or unreadable file, no header, a line without exactly one tab, an empty label, a label or
        replacement with no letters or digits, or a label given two different replacements (both lines named).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise ThesaurusError(str(path), 0, Messages.THESAURUS_NOT_FOUND) from err
    except UnicodeDecodeError as err:
        at = path.read_bytes()[:err.start].count(b"\n") + 1
        raise ThesaurusError(str(path), at, Messages.THESAURUS_NOT_UTF8) from err
    except OSError as err:
        raise ThesaurusError(str(path), 0, Messages.THESAURUS_UNREADABLE.format(error=err.strerror)) from err
    rules: dict[str, str] = {}
    seen: dict[str, tuple[int, str]] = {}
    header_found = False
    # Split on newlines only: str.splitlines would also break at form feeds and Unicode separators inside terms.
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if "\x00" in line:
            raise ThesaurusError(str(path), number, Messages.THESAURUS_BINARY)
        fields = line.split("\t")
        if not header_found:
            if tuple(f.strip().lower() for f in fields) != THESAURUS_HEADER:
                raise ThesaurusError(str(path), number, Messages.THESAURUS_NO_HEADER.format(line=line))
            header_found = True
            continue
        if len(fields) != 2:
            raise ThesaurusError(str(path), number, Messages.THESAURUS_COLUMNS.format(count=len(fields), line=line))
        label, replacement = fields[0].strip(), fields[1].strip()
        if not label:
            raise ThesaurusError(str(path), number, Messages.THESAURUS_EMPTY_LABEL)
        key = normalise_key(label)
        if not key:
            raise ThesaurusError(str(path), number, Messages.THESAURUS_LABEL_NO_WORD.format(label=label))
        if replacement and not normalise_key(replacement):
            raise ThesaurusError(str(path), number, Messages.THESAURUS_REPLACEMENT_NO_WORD.format(
                replacement=replacement))
        if key in seen and seen[key][1] != replacement:
            first, before = seen[key]
            raise ThesaurusError(str(path), number, Messages.THESAURUS_CONFLICT.format(
                label=label, replacement=replacement, before=before, first=first))
        seen.setdefault(key, (number, replacement))
        rules[label] = replacement
    if not header_found:
        raise ThesaurusError(str(path), 0, Messages.THESAURUS_EMPTY)
    return rules


def apply_thesaurus(entities: Sequence[Entity], mentions: Sequence[Mention], assignment: Mapping[int, str],
                    thesaurus: Mapping[str, str]) -> tuple[list[Entity], dict[int, str]]:
    """Merge, rename, drop and keep apart as a thesaurus says; return new entities and a new mention assignment.

    Each row is ``term -> replacement``, terms and entities compared through :func:`kg.resolve.normalise_key`:

    - a term that is an entity's name or key acts on the whole entity: a replacement moves it to
      ``label:normalise_key(replacement)``, or to the entity of that label whose name the replacement is (its key may
      write a version out, "wav2vec 2.0"), named by the replacement (a rename, or a merge with an entity of the same
      label already there or moved there); an empty replacement drops it;
    - a term that is only an alias of an entity acts on the mentions written that way: a replacement moves them
      (merge), an empty one drops them alone (the entity keeps its other aliases), and a replacement equal to the
      term keeps them apart as an entity of their own (a merge forbidden).

    Labels are never crossed. Entities the thesaurus names are kept in the graph whatever resolution said of them;
    the others keep their confidence and reason.

    Returns
    -------
    entities : list of Entity
        Sorted like :func:`kg.resolve.resolve` (label, most papers first).
    assignment : dict
        Mention index -> entity id, for :func:`kg.graph.comention_graph`.

    Examples
    --------
    >>> ms = [Mention("p1", 0, 0, 3, "ViT", "METHOD", "r"), Mention("p2", 0, 0, 18, "Vision Transformer",
    ...       "METHOD", "r"), Mention("p2", 1, 0, 3, "GPT", "METHOD", "r")]
    >>> ents = [Entity("method:vit", "METHOD", "vit", "ViT", (), 1, 1),
    ...         Entity("method:vision transformer", "METHOD", "vision transformer", "Vision Transformer", (), 1, 1),
    ...         Entity("method:gpt", "METHOD", "gpt", "GPT", (), 1, 1)]
    >>> assign = {0: "method:vit", 1: "method:vision transformer", 2: "method:gpt"}
    >>> new, new_assign = apply_thesaurus(ents, ms, assign, {"vit": "Vision Transformer", "GPT": ""})
    >>> [(e.id, e.name, e.aliases, e.papers) for e in new]
    [('method:vision transformer', 'Vision Transformer', ('ViT',), 2)]
    >>> sorted(new_assign)  # mention 2 (GPT) is no longer assigned
    [0, 1]
    """
    # a term in capitals matches as written ("GDS") and as a word ("OURS" is "ours")
    rules = {normalise_key(k.lower()): v for k, v in thesaurus.items()} | {normalise_key(k): v for k, v in thesaurus.items()}
    by_id = {e.id: e for e in entities}
    whole: dict[str, str | None] = {}  # entity id -> the entity's replacement ("" drops it) when its name or key is listed
    for e in entities:
        hit = next((rules[k] for k in (normalise_key(e.name), e.key) if k in rules), None)
        if hit is not None:
            whole[e.id] = hit
    # a replacement that is an entity's name joins that entity, whose key may be written otherwise ("wav2vec 2.0")
    named: dict[tuple[str, str], str] = {}
    for e in entities:  # the first entity of a name keeps it (entities come most papers first)
        named.setdefault((e.label, normalise_key(e.name)), e.id)
    display: dict[str, str] = {}  # new id -> the name the thesaurus gives it
    new_assignment: dict[int, str] = {}
    for i, old in assignment.items():
        entity = by_id.get(old)
        label = entity.label if entity is not None else old.split(":", 1)[0].upper()
        text_key = normalise_key(mentions[i].text)
        replacement = whole.get(old) if old in whole else rules.get(text_key)
        if replacement is None:
            new_assignment[i] = old
        elif replacement:
            new_id = entity_id(label, normalise_key(replacement))
            new_id = new_id if new_id in by_id else named.get((label, normalise_key(replacement)), new_id)
            new_assignment[i] = new_id
            display.setdefault(new_id, replacement)
    return _entities_of(mentions, new_assignment, by_id, display), new_assignment


def _entities_of(mentions: Sequence[Mention], assignment: Mapping[int, str], before: Mapping[str, Entity],
                 display: Mapping[str, str]) -> list[Entity]:
    """The entities of an assignment: an entity that kept all its mentions is returned as it was; the others are
    counted again, named by the thesaurus or their most frequent form."""
    members: dict[str, list[int]] = defaultdict(list)
    for i, eid in assignment.items():
        members[eid].append(i)
    out = []
    for eid, indices in members.items():
        old = before.get(eid)
        if old is not None and display.get(eid, old.name) == old.name and len(indices) == old.mentions:
            out.append(old)
            continue
        forms = Counter(mentions[i].text for i in indices)
        name = display.get(eid) or (old.name if old is not None and old.name in forms else forms.most_common(1)[0][0])
        label, key = eid.split(":", 1)[0].upper(), eid.split(":", 1)[1]
        named = eid in display
        out.append(Entity(eid, label, key, name, tuple(sorted(set(forms) - {name})),
                          len({mentions[i].paper_id for i in indices}), len(indices),
                          1.0 if named or old is None else old.confidence, True if named or old is None else old.kept,
                          "" if named or old is None else old.reason))
    order = {lab: i for i, lab in enumerate(LABELS)}
    out.sort(key=lambda e: (order.get(e.label, len(LABELS)), -e.papers, -e.mentions, e.id))
    return out
