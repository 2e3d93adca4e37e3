"""The entities and the alias table of a resolution, counted over whole columns: each entity's name, aliases,
papers and mentions, the evidence its mentions' text gives (cut out of a word, cited, introduced as a name, a
licence, a measure's word after it), and its confidence and junk reason (:mod:`~kg.resolve.quality`)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from kg.nlp.cues import Lexicon
from kg.records import Alias, Entity, Mention
from kg.resolve.keys import normalise_key
from kg.resolve.labels import PROPERTY_HEADS
from kg.resolve.quality import Evidence, confidence, junk_reason
from kg.resolve.variants import Vocabulary, versions

_CITED = re.compile(r"\s*(?:et al\b|\(?\s*(?:19|20)\d\d\b|\[\d)")
_LICENCE = re.compile(r"\s+licen[cs]e\b", re.IGNORECASE)  # "the MIT License", "under a CC BY licence"
_MEASURE_AFTER = re.compile(r"\s+(?:ratios?|rates?|scores?|coefficients?|sizes?|probabilit(?:y|ies)|bounds?|spaces?)\b")
#: What a property has, after the name of a property: "[meta-learning generalization] difficulties".
_HAD_AFTER = re.compile(r"\s+(?:performance|abilit(?:y|ies)|capabilit(?:y|ies)|gaps?|bounds?|difficult(?:y|ies)"
                        r"|guarantees?|behaviou?rs?|properties)\b")
#: "the [2D reverse sampling] process": a description of steps, unless what goes on is learning ("the [deep
#: representation learning] process").
_PROCESS_AFTER = re.compile(r"\s+process(?:es)?\b")
#: A name of what is done together, cut before the rest of its coordination: "[joint detection] and tracking".
_JOINT, _AND_AFTER = re.compile(r"(?:joint|simultaneous)\s", re.IGNORECASE), re.compile(r"\s+and\s")
#: Words that introduce a name ("a framework, namely Quill,"): what follows them is a name, even a common word.
_NAMED = re.compile(r"\b(?:namely|called|dubbed|named|termed|coined)\s*[,:]?\s*$")
#: Words that may follow a name after a hyphen without cutting it ("Transformer-based", "ImageNet-trained").
HYPHEN_SUFFIXES = frozenset({"based", "trained", "pretrained", "style", "like", "specific", "free", "aware", "guided",
                             "driven", "powered", "tuned", "finetuned", "only", "level", "scale", "size", "sized",
                             "generated", "initialized", "augmented", "enhanced", "inspired", "agnostic", "centric"})
_WORD_AFTER = re.compile(r"[-‐]([a-z]+)")


def tally(mentions: Sequence[Mention], eids: list[str | None], keys: list[str], rules: list[str],
          texts: Mapping[str, str] | None, vocab: Vocabulary, lex: Lexicon) -> tuple[list[Entity], list[Alias]]:
    """The entities and the alias table, counted over whole columns; ``eids`` holds each mention's entity id
    (``None``: no entity) and ``rules`` the rule that gave it its key."""
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    sources: dict[str, Counter[str]] = defaultdict(Counter)
    paper_sets: dict[str, set[str]] = defaultdict(set)
    alias_papers: dict[tuple[str, str], set[str]] = defaultdict(set)
    alias_rule: dict[tuple[str, str], str] = {}
    cut: Counter[str] = Counter()
    cited: Counter[str] = Counter()
    named: Counter[str] = Counter()
    licence: Counter[str] = Counter()
    measured: Counter[str] = Counter()
    coordinated: Counter[str] = Counter()
    opening: Counter[str] = Counter()
    key_of: dict[str, str] = {}
    for m, eid, key, rule in zip(mentions, eids, keys, rules, strict=True):
        if eid is None:
            continue
        key_of[eid] = key
        surfaces[eid][m.text] += 1
        sources[eid][m.source.split(":", 1)[0]] += 1
        paper_sets[eid].add(m.paper_id)
        alias_papers[eid, m.text].add(m.paper_id)
        alias_rule.setdefault((eid, m.text), rule)
        opening[eid] += m.sentence == 0
        if texts is not None and (text := texts.get(m.paper_id)) is not None:
            cut[eid] += cut_out(text, m.start, m.end)
            cited[eid] += bool(_CITED.match(text, m.end))
            named[eid] += bool(_NAMED.search(text, max(0, m.start - 16), m.start))
            licence[eid] += bool(_LICENCE.match(text, m.end))
            coordinated[eid] += bool(_JOINT.match(m.text) and _AND_AFTER.match(text, m.end))
            measured[eid] += bool(_MEASURE_AFTER.match(text, m.end)
                                  or (not key.endswith(("learning", "training")) and _PROCESS_AFTER.match(text, m.end))
                                  or (key.rsplit(" ", 1)[-1] in PROPERTY_HEADS and _HAD_AFTER.match(text, m.end)))
    entities = []
    for eid, spelled in surfaces.items():
        label, key = eid.split(":", 1)[0].upper(), key_of[eid]
        ranked = sorted(spelled.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
        name = next((f for f, _ in ranked if key in (normalise_key(f), normalise_key(versions(f)))), ranked[0][0])
        total = sum(spelled.values())
        evidence = Evidence(dict(sources[eid]), len(paper_sets[eid]), total, cut[eid] / total, cited[eid] / total,
                            named[eid] > 0, licence[eid] / total, measured[eid] / total, coordinated[eid] / total,
                            opening[eid] > 0)
        reason = junk_reason(name, key, label, evidence, vocab, lex)
        score = 0.0 if reason else confidence(name, evidence, vocab)
        if not reason and score < vocab.keep_threshold:
            reason = "too little evidence"
        entities.append(Entity(eid, label, key, name, tuple(sorted(f for f in spelled if f != name)),
                               len(paper_sets[eid]), total, score, not reason, reason))
    order = {lab: i for i, lab in enumerate(("METHOD", "DATASET", "TASK"))}
    entities.sort(key=lambda e: (order.get(e.label, 9), -e.papers, -e.mentions, e.id))
    aliases = [Alias(text, eid.split(":", 1)[0].upper(), eid, alias_rule[eid, text], len(papers))
               for (eid, text), papers in sorted(alias_papers.items())]
    return entities, aliases


def cut_out(text: str, start: int, end: int) -> bool:
    """Whether a mention is a piece of a hyphenated word: a hyphen glued to a word before it, or after it a hyphen
    and a word that is no suffix a name takes ("Large-[Scale Car]", "[character-level cross]-entropies")."""
    if start > 1 and text[start - 1] in "-‐" and text[start - 2].isalnum():
        return True
    after = _WORD_AFTER.match(text, end)
    return after is not None and after.group(1) not in HYPHEN_SUFFIXES
