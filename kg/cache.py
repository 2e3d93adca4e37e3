"""The incremental extraction cache: what the pipeline found in each abstract, keyed by the abstract's content hash.

A build folder keeps ``.kg-cache/extract-<fingerprint>.jsonl``; the fingerprint (:func:`kg.nlp.model_fingerprint`)
changes with the model, the patterns and kg's extraction code, so a new model never reuses old mentions. Rebuilding
after adding papers extracts only the papers whose title and abstract the cache has not seen. A damaged cache
line is ignored (that paper is extracted again), never fatal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from kg import collector
from kg.records import Mention, PaperExtraction

CACHE_DIR = ".kg-cache"


class ExtractionCache:
    """Read and append the per-paper extraction records of one model fingerprint in one build folder."""

    def __init__(self, out: Path, fingerprint: str) -> None:
        self.folder = Path(out) / CACHE_DIR
        self.fingerprint = fingerprint
        self.path = self.folder / f"extract-{fingerprint[:20]}.jsonl"

    def stale_files(self) -> list[Path]:
        """Caches of other fingerprints (other models or kg versions) in the same folder."""
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob("extract-*.jsonl") if p != self.path)

    def load(self, wanted: set[str] | Mapping[str, str]) -> dict[str, PaperExtraction]:
        """Cached extractions of the content hashes in ``wanted``.

        ``wanted`` may map each hash to the paper id its mentions are to carry; otherwise they carry an empty one.
        """
        paper_ids: Mapping[str, str] = wanted if isinstance(wanted, Mapping) else {}
        found: dict[str, PaperExtraction] = {}
        if not self.path.is_file():
            return found
        with open(self.path, encoding="utf-8") as fh, collector.paused():  # a million mentions, none garbage
            for line in fh:
                try:
                    row = json.loads(line)
                    key = row["h"]
                    if key not in wanted:
                        continue
                    paper_id = paper_ids.get(key, "")
                    found[key] = PaperExtraction(
                        mentions=tuple(Mention(paper_id, *m) for m in row["m"]),
                        abbreviations=tuple((a, b, c) for a, b, c in row["a"]),
                        sentences=tuple((int(a), int(b)) for a, b in row["s"]),
                        words=int(row["w"]))
                except (ValueError, KeyError, TypeError):
                    continue  # a torn or edited line: that paper is simply extracted again
        return found

    def append(self, items: Iterable[tuple[str, PaperExtraction]]) -> int:
        """Add ``(content hash, extraction)`` records; returns how many were written."""
        self.folder.mkdir(parents=True, exist_ok=True)
        n = 0
        with open(self.path, "a", encoding="utf-8") as fh:
            for key, found in items:
                row = {"h": key, "w": found.words, "s": found.sentences, "a": found.abbreviations,
                       "m": [[m.sentence, m.start, m.end, m.text, m.label, m.source, m.score] for m in found.mentions]}
                fh.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
                n += 1
        return n
