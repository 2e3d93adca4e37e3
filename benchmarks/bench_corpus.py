"""Synthetic corpora for the scale benchmark: N abstracts recombined from real sentences.

Every sentence of a synthetic abstract is a real sentence, taken verbatim from the abstracts of the user's seed pages
(``../shared/seeds``) or from the SciREX full texts (``../shared/data/scirex``, detokenised; only sentences of 8 to 60
words that start with a capital letter and end like a sentence). Topical structure is kept: each abstract picks a
*topic* document and takes most of its sentences from it and from that document's nearest neighbours (TF-IDF cosine
over the source documents), so entities co-occur the way they do in a field rather than uniformly at random.

Titles are synthetic (``Synthetic paper 00001: <a few words of the topic document's title>``), so no two papers merge
as duplicates; dates are spread uniformly over one year. The corpus is written as JSON Lines (``id``, ``title``,
``abstract``, ``date``), ``files`` papers per file, into a git-ignored folder (default ``.cache/bench/corpus-N``)
together with a hidden ``.corpus.json`` that says how it was made, so a second call with the same settings reuses it.

Usage::

    python benchmarks/bench_corpus.py N [--out DIR] [--seed S] [--files PER_FILE] [--start 2025-01-01]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import math
import random
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from scipy import sparse

from kg import gold
from kg.corpus import read_corpus

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CACHE = ROOT / ".cache" / "bench"
META = ".corpus.json"
GENERATOR_VERSION = 1
MIN_WORDS, MAX_WORDS = 8, 60
MIN_SENTENCES, MAX_SENTENCES = 4, 9
P_TOPIC, P_RELATED = 0.55, 0.35  # the rest of the sentences come from anywhere in the pool

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[\"])")
_TERM = re.compile(r"[a-z][a-z\-]{3,}")
_BAD = ("section :", "[ reference ]", "reference ]", " _ ", "@xmath", "@xcite")
_STOP_WORDS = """
    about above after again also although among another because been before being below between both cannot could
    does doing during each either every from further have having here however into itself just more most much must
    never only other over same should show shows shown since some such than that their them then there these they
    this those through thus under until upon very were what when where whether which while will with within without
    would your using used based paper propose proposed approach method methods results model models task tasks data
"""
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class SourceDocument:
    """One source of real sentences: a seed abstract or a SciREX paper."""

    name: str
    title: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class SourcePool:
    """The source documents and, for each, the indices of its most similar documents (most similar first)."""

    documents: tuple[SourceDocument, ...]
    neighbours: tuple[tuple[int, ...], ...]

    def sentences(self) -> set[str]:
        """Every sentence a synthetic abstract may contain."""
        return {s for d in self.documents for s in d.sentences}


@dataclass(frozen=True)
class GeneratedCorpus:
    """A synthetic corpus on disk: its folder, its files and how many papers they hold."""

    folder: Path
    files: tuple[Path, ...]
    papers: int
    seed: int
    reused: bool = False


@dataclass(frozen=True)
class SyntheticPaper:
    """One synthetic paper, with the real sentences its abstract is made of."""

    id: str
    title: str
    sentences: tuple[str, ...]
    date: str

    @property
    def abstract(self) -> str:
        """The sentences joined by single spaces."""
        return " ".join(self.sentences)

    def to_dict(self) -> dict[str, str]:
        """The JSON Lines row kg reads."""
        return {"id": self.id, "title": self.title, "abstract": self.abstract, "date": self.date}


def detokenize(tokens: Sequence[str]) -> str:
    """Join SciREX word tokens back into running text (kg's gold-corpus detokenizer, hyphens rejoined).

    Examples
    --------
    >>> detokenize("state - of - the - art results ( e.g. , on CoNLL ) .".split())
    'state-of-the-art results (e.g., on CoNLL).'
    """
    return gold.detokenize(tokens, join_hyphens=True)[0]


def keep_sentence(text: str, words: int) -> bool:
    """Whether a sentence is fit to stand in an abstract: 8..60 words, capitalised, ended, no layout debris.

    Examples
    --------
    >>> keep_sentence("We propose a new method for parsing long scientific documents.", 10)
    True
    >>> keep_sentence("section : Abstract", 3)
    False
    """
    return (MIN_WORDS <= words <= MAX_WORDS and text[:1].isupper() and text[-1:] in ".?!"
            and not any(b in text for b in _BAD))


def split_sentences(text: str) -> list[str]:
    """Split an abstract at a sentence end followed by a capital letter (or an opening bracket or quote).

    Examples
    --------
    >>> split_sentences("We study X, e.g. in Y. It works well. (1) It is fast.")
    ['We study X, e.g. in Y.', 'It works well.', '(1) It is fast.']
    """
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def seed_documents(folder: Path) -> list[SourceDocument]:
    """The seed abstracts (read with kg's own reader) as source documents."""
    docs = []
    for paper in read_corpus([folder]).papers:
        kept = tuple(s for s in split_sentences(paper.abstract) if keep_sentence(s, len(s.split())))
        if kept:
            docs.append(SourceDocument(name=f"seeds:{paper.id}", title=paper.title, sentences=kept))
    return docs


def scirex_documents(folder: Path) -> list[SourceDocument]:
    """The SciREX train and dev papers (all sections, text only) as source documents."""
    docs = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                words: list[str] = row["words"]
                title_start, title_end = row["sentences"][0]
                title_words = [w for w in words[title_start:title_end][:12]
                               if w not in ("document", ":") and any(c.isalnum() for c in w)]
                kept: list[str] = []
                seen: set[str] = set()
                for start, end in row["sentences"]:
                    text = detokenize(words[start:end])
                    if text not in seen and keep_sentence(text, end - start):
                        seen.add(text)
                        kept.append(text)
                if kept:
                    docs.append(SourceDocument(name=f"scirex:{row['doc_id']}", title=detokenize(title_words),
                                               sentences=tuple(kept)))
    return docs


def nearest_neighbours(documents: Sequence[SourceDocument], k: int = 5) -> list[tuple[int, ...]]:
    """For each document, the ``k`` others with the highest TF-IDF cosine similarity (ties by index)."""
    counts = [Counter(t for s in d.sentences for t in _TERM.findall(s.lower()) if t not in _STOP) for d in documents]
    df = Counter(t for c in counts for t in c)
    n = len(documents)
    vocab = {t: i for i, t in enumerate(sorted(t for t, f in df.items() if 2 <= f <= n // 2))}
    rows, cols, vals = [], [], []
    for r, c in enumerate(counts):
        for term, tf in c.items():
            if term in vocab:
                rows.append(r)
                cols.append(vocab[term])
                vals.append((1 + math.log(tf)) * math.log(n / df[term]))
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    x = sparse.diags(1 / np.where(norms > 0, norms, 1)) @ x
    sim = (x @ x.T).toarray()
    np.fill_diagonal(sim, -np.inf)
    order = np.argsort(-sim, axis=1, kind="stable")[:, :k]
    return [tuple(int(j) for j in row) for row in order]


def load_pool(shared: Path = SHARED, *, k: int = 5) -> SourcePool:
    """Read the seed abstracts and SciREX texts under ``shared`` into a pool of real sentences.

    Raises
    ------
    FileNotFoundError
        Neither ``shared/seeds`` nor ``shared/data/scirex`` holds any usable text.
    """
    docs: list[SourceDocument] = []
    if (shared / "seeds").is_dir():
        docs.extend(seed_documents(shared / "seeds"))
    if (shared / "data" / "scirex").is_dir():
        docs.extend(scirex_documents(shared / "data" / "scirex"))
    if len(docs) <= k:
        raise FileNotFoundError(f"{shared}: expected seeds/ and data/scirex/ with text to recombine; found "
                                f"{len(docs)} usable documents. Point --shared at a checkout of the shared data.")
    return SourcePool(documents=tuple(docs), neighbours=tuple(nearest_neighbours(docs, k)))


def _year_days(start: date) -> int:
    try:
        end = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + 1, day=28) + timedelta(days=1)
    return (end - start).days


def synthesize(n: int, pool: SourcePool, *, seed: int = 0, first: int = 1, start: str = "2025-01-01"
               ) -> Iterator[SyntheticPaper]:
    """Yield ``n`` synthetic papers numbered from ``first``, deterministically for a given pool and seed.

    Each abstract has 4..9 distinct sentences: the first from its topic document, then each from the topic
    document (p = 0.55), one of its nearest neighbours (p = 0.35) or any document (p = 0.10).

    Examples
    --------
    >>> docs = tuple(SourceDocument(f"d{i}", f"Title {i}", tuple(f"Sentence {i}.{j} here." for j in range(9)))
    ...              for i in range(3))
    >>> pool = SourcePool(docs, ((1, 2), (0, 2), (0, 1)))
    >>> paper = next(synthesize(1, pool, seed=3))
    >>> paper.id, paper.date[:4], 4 <= len(paper.sentences) <= 9
    ('syn-0000001', '2025', True)
    """
    rng = random.Random(f"kg-bench:{seed}:{first}")
    day0 = date.fromisoformat(start)
    days = _year_days(day0)
    docs = pool.documents
    for number in range(first, first + n):
        topic = rng.randrange(len(docs))
        want = rng.randint(MIN_SENTENCES, MAX_SENTENCES)
        chosen: list[str] = []
        for _ in range(50 * MAX_SENTENCES):  # a cap, because a short topic document repeats its sentences
            if len(chosen) == want:
                break
            r = rng.random()
            if not chosen or r < P_TOPIC:
                source = topic
            elif r < P_TOPIC + P_RELATED:
                source = rng.choice(pool.neighbours[topic])
            else:
                source = rng.randrange(len(docs))
            sentence = rng.choice(docs[source].sentences)
            if sentence not in chosen:
                chosen.append(sentence)
        title_words = docs[topic].title.split()
        title = f"Synthetic paper {number:05d}: " + " ".join(title_words[:rng.randint(3, 6)])
        when = day0 + timedelta(days=rng.randrange(days))
        yield SyntheticPaper(id=f"syn-{number:07d}", title=title.strip(), sentences=tuple(chosen),
                             date=when.isoformat())


def _write(papers: Iterator[SyntheticPaper], folder: Path, per_file: int, prefix: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    while chunk := list(itertools.islice(papers, per_file)):
        files.append(folder / f"{prefix}-{len(files):05d}.jsonl")
        with open(files[-1], "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(p.to_dict(), ensure_ascii=False) + "\n" for p in chunk)
    return files


def default_folder(n: int, seed: int = 0) -> Path:
    """Where ``generate`` writes by default: ``.cache/bench/corpus-N`` (``-sS`` appended for a seed other than 0)."""
    return CACHE / (f"corpus-{n}" if seed == 0 else f"corpus-{n}-s{seed}")


def generate(n: int, out_dir: str | Path | None = None, *, seed: int = 0, files: int = 10_000,
             start: str = "2025-01-01", pool: SourcePool | None = None, shared: Path = SHARED,
             force: bool = False) -> GeneratedCorpus:
    """Write ``n`` synthetic abstracts as JSON Lines into ``out_dir``, ``files`` papers per file.

    A folder already holding a corpus made with the same settings is reused (``force`` writes it again). The
    sentence pool is read from ``shared`` unless given.

    Parameters
    ----------
    n
        Number of papers (at least 1).
    out_dir
        Folder to write; default :func:`default_folder`.
    seed
        Seed of the sampler: the same seed and pool give byte-identical files.
    files
        Papers per file (``part-00000.jsonl``, ``part-00001.jsonl``, ...).
    start
        First day of the year over which dates are spread (ISO ``YYYY-MM-DD``).
    pool
        Source sentences; :func:`load_pool` of ``shared`` when left out.

    Returns
    -------
    GeneratedCorpus
        The folder, its files and the number of papers.

    Raises
    ------
    ValueError
        ``n`` or ``files`` below 1, or a ``start`` that is not an ISO date.
    """
    if n < 1 or files < 1:
        raise ValueError(f"expected n >= 1 and files >= 1, got n={n}, files={files}")
    date.fromisoformat(start)
    folder = Path(out_dir) if out_dir is not None else default_folder(n, seed)
    settings = {"version": GENERATOR_VERSION, "n": n, "seed": seed, "files": files, "start": start}
    meta = folder / META
    if not force and meta.is_file():
        made = json.loads(meta.read_text(encoding="utf-8"))
        paths = tuple(folder / f for f in made.get("written", []))
        if made.get("settings") == settings and paths and all(p.is_file() for p in paths):
            return GeneratedCorpus(folder=folder, files=paths, papers=n, seed=seed, reused=True)
    for old in folder.glob("part-*.jsonl"):
        old.unlink()
    pool = pool if pool is not None else load_pool(shared)
    written = _write(synthesize(n, pool, seed=seed, start=start), folder, files, "part")
    meta.write_text(json.dumps({"settings": settings, "written": [p.name for p in written],
                                "sources": len(pool.documents)}, indent=2), encoding="utf-8")
    return GeneratedCorpus(folder=folder, files=tuple(written), papers=n, seed=seed)


def grow(existing_dir: str | Path, fraction: float = 0.01, *, out: str | Path | None = None,
         pool: SourcePool | None = None, shared: Path = SHARED) -> Path:
    """Write ``fraction`` more new papers for a corpus made by :func:`generate`, numbered after its last one.

    The extra file goes beside the corpus folder (default ``<folder>-grow/grow-<k>.jsonl``), not into it, so that
    building the folder alone still gives the original corpus; build ``[folder, returned file]`` for the grown one.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    FileNotFoundError
        ``existing_dir`` holds no ``.corpus.json`` written by :func:`generate`.
    """
    folder = Path(existing_dir)
    meta = folder / META
    if not meta.is_file():
        raise FileNotFoundError(f"{meta}: expected a corpus written by benchmarks/bench_corpus.py generate()")
    settings = json.loads(meta.read_text(encoding="utf-8"))["settings"]
    n, seed = int(settings["n"]), int(settings["seed"])
    extra = max(1, round(n * fraction))
    target = Path(out) if out is not None else folder.with_name(folder.name + "-grow") / f"grow-{extra}.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    pool = pool if pool is not None else load_pool(shared)
    with open(target, "w", encoding="utf-8") as fh:
        for paper in synthesize(extra, pool, seed=seed, first=n + 1, start=settings["start"]):
            fh.write(json.dumps(paper.to_dict(), ensure_ascii=False) + "\n")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: generate a corpus of N papers and print where it is."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of papers")
    parser.add_argument("--out", type=Path, default=None, help="folder to write (default .cache/bench/corpus-N)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--files", type=int, default=10_000, help="papers per file")
    parser.add_argument("--start", default="2025-01-01", help="first day of the year of dates")
    parser.add_argument("--shared", type=Path, default=SHARED, help="folder with seeds/ and data/scirex/")
    parser.add_argument("--force", action="store_true", help="write again even if an identical corpus is there")
    parser.add_argument("--grow", type=float, default=None, metavar="FRACTION",
                        help="also write FRACTION more new papers beside it (e.g. 0.01)")
    args = parser.parse_args(argv)
    made = generate(args.n, args.out, seed=args.seed, files=args.files, start=args.start, shared=args.shared,
                    force=args.force)
    print(f"{'Reused' if made.reused else 'Wrote'} {made.papers} papers in {len(made.files)} file(s) under "
          f"{made.folder}")
    if args.grow is not None:
        print(f"Wrote {grow(made.folder, args.grow, shared=args.shared)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
