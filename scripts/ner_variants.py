"""Train two variants of kg's recogniser that were measured and not kept, and print their development scores.

``pretrain``
    The ``tok2vec`` is first pretrained with spaCy's character objective (``spacy pretrain``: predict the first
    and last four characters of each word) on the SciREX train full texts, then the shipped recipe trains from
    those weights. One epoch over the 1.7 million words takes about 7 minutes on one core.
``spancat``
    spaCy's single-label span categoriser (n-grams of 1 to 8 tokens by default) against the ``ner`` of the shipped config,
    both trained on the abstracts annotated under kg's guidelines only. The span categoriser counts every
    candidate that is not gold as a negative, so it cannot leave out the tokens where a partially annotated
    corpus (SciERC, TDMSci, the dataset names, SciREX) may hide an unannotated label; those corpora are not
    used in either run.

Both print exact P/R/F1 per label on the development sets, and write them to ``OUT/scores.json``.

Usage: python scripts/ner_variants.py pretrain [--epochs 4] [--out variants/pretrain]
       python scripts/ner_variants.py spancat [--longest 8] [--hidden 128] [--out variants/spancat]
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import spacy
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training.pretrain import pretrain
from spacy.util import filter_spans

from kg.evaluate import Report
from kg.gold import GoldDoc, detokenize, read_kg
from kg.nlp.pipeline import build_trained_pipeline
from kg.train import (
    DEFAULT_CONFIG,
    DataPaths,
    Recipe,
    TrainingDoc,
    drop_overlapping,
    evaluate_sets,
    evaluation_sets,
    make_doc,
    measure_speed,
    read_sources,
    run_training,
    seed_texts,
    train_ner,
)
from kg.train.sources import _measured_texts, _scirex_words

SETS = ["seeds-dev", "scierc-dev", "tdmsci-heldout", "scier-dev", "scierc-dev:kg", "tdmsci-heldout:kg",
        "heddes-heldout:kg"]
CHUNK_WORDS = 250


def pretraining_text(paths: DataPaths, out: Path) -> int:
    """SciREX train full texts as JSON Lines of about ``CHUNK_WORDS`` words, without papers a dev set holds."""
    rows = [json.loads(r) for r in gzip.decompress(paths.scirex_train.read_bytes()).decode("utf-8").split("\n")
            if r.strip()]
    whole = [GoldDoc(str(r.get("doc_id", k)), detokenize([r["words"][i] for i in
                                                           _scirex_words(r["words"], 0, len(r["words"]))],
                                                          join_hyphens=True)[0], (), "")
             for k, r in enumerate(rows)]
    kept = {d.id for d in drop_overlapping(whole, _measured_texts(paths))}
    words_out = 0
    with out.open("w", encoding="utf-8") as sink:
        for k, record in enumerate(rows):
            if str(record.get("doc_id", k)) not in kept:
                continue
            words = record["words"]
            for start, end in record["sections"]:
                keep = set(_scirex_words(words, start, end))
                chunk: list[str] = []
                for a, b in record["sentences"]:
                    if a < start or b > end:
                        continue
                    chunk += [words[i] for i in range(a, b) if i in keep]
                    if len(chunk) > CHUNK_WORDS:
                        sink.write(json.dumps({"text": detokenize(chunk, join_hyphens=True)[0]}) + "\n")
                        words_out += len(chunk)
                        chunk = []
                if chunk:
                    sink.write(json.dumps({"text": detokenize(chunk, join_hyphens=True)[0]}) + "\n")
                    words_out += len(chunk)
    return words_out


def with_pretraining(out: Path, raw_text: Path) -> Path:
    """kg's training config with spaCy's default ``[pretraining]`` section (needed to load ``init_tok2vec``)."""
    config = util.load_config(DEFAULT_CONFIG, interpolate=False)
    defaults = util.load_config(Path(spacy.__file__).parent / "default_config_pretraining.cfg", interpolate=False)
    merged = defaults.merge(config)
    merged["paths"]["raw_text"] = str(raw_text)
    merged["corpora"]["pretrain"]["path"] = "${paths.raw_text}"
    out.write_text(merged.to_str(), encoding="utf-8")
    return out


def run_pretrain(args: argparse.Namespace, paths: DataPaths) -> dict[str, dict[str, Report]]:
    args.out.mkdir(parents=True, exist_ok=True)
    text = args.out / "scirex-text.jsonl"
    print(f"pretraining text: {pretraining_text(paths, text):,} words")
    config = with_pretraining(args.out / "ner-pretrain.cfg", text)
    loaded = util.load_config(config, overrides={"pretraining.max_epochs": args.epochs, "paths.train": "-",
                                                 "paths.dev": "-"}, interpolate=False).interpolate()
    (args.out / "pretrain").mkdir(exist_ok=True)
    pretrain(loaded, args.out / "pretrain", use_gpu=-1, silent=False)
    weights = args.out / "pretrain" / f"model{args.epochs - 1}.bin"
    result = run_training(paths, args.out / "train", config=config, overrides={"paths.init_tok2vec": str(weights)},
                          modes=("union", "model"), evaluate_on=SETS, progress=print)
    return {f"pretrained {args.epochs} epochs, {mode}": dict(reports) for mode, reports in result.reports.items()}


@Language.component("kg_spans_to_ents")
def spans_to_ents(doc: Doc) -> Doc:
    """The span categoriser's spans as entities, the longer first where two overlap."""
    doc.ents = filter_spans(doc.spans.get("sc", []))
    return doc


def spancat_config(out: Path, *, longest: int = 8, hidden: int = 128) -> Path:
    """kg's training config with the ``ner`` replaced by a single-label span categoriser."""
    config = util.load_config(DEFAULT_CONFIG, interpolate=False)
    config["nlp"]["pipeline"] = ["tok2vec", "spancat"]
    del config["components"]["ner"]
    width = "${components.tok2vec.model.encode.width}"
    config["components"]["spancat"] = {
        "factory": "spancat_singlelabel", "spans_key": "sc", "negative_weight": 1.0, "allow_overlap": False,
        "model": {"@architectures": "spacy.SpanCategorizer.v1",
                  "reducer": {"@layers": "spacy.mean_max_reducer.v1", "hidden_size": hidden},
                  "scorer": {"@layers": "Softmax.v2"},
                  "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": width, "upstream": "*"}},
        "suggester": {"@misc": "spacy.ngram_suggester.v1", "sizes": list(range(1, longest + 1))},
    }
    config["training"]["score_weights"] = {"spans_sc_f": 1.0, "spans_sc_p": 0.0, "spans_sc_r": 0.0}
    out.write_text(config.to_str(), encoding="utf-8")
    return out


def span_docbin(docs: list[TrainingDoc], weight: int) -> DocBin:
    blank = spacy.blank("en")
    docbin = DocBin(store_user_data=False)
    for doc in docs:
        spacy_doc, _ = make_doc(blank, doc)
        spacy_doc.spans["sc"] = list(spacy_doc.ents)
        for _ in range(weight):
            docbin.add(spacy_doc)
    return docbin


def run_spancat(args: argparse.Namespace, paths: DataPaths) -> dict[str, dict[str, Report]]:
    recipe = Recipe(sources=("seeds", "scirex-kg"))
    corpus = args.out / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    train = DocBin(store_user_data=False)
    for source in read_sources(paths, recipe):
        train.merge(span_docbin(list(source.docs), source.weight))
    dev = [TrainingDoc(d.id, d.text, d.spans) for d in read_kg(paths.seeds_split("dev"), corpus=[paths.seeds],
                                                                split="dev")]
    train.to_disk(corpus / "train.spacy")
    span_docbin(dev, 1).to_disk(corpus / "dev.spacy")
    print(f"training the span categoriser on {len(train)} documents")
    best, _ = train_ner(corpus / "train.spacy", corpus / "dev.spacy", args.out / "spancat",
                        config=spancat_config(args.out / "spancat.cfg", longest=args.longest, hidden=args.hidden))
    sets = evaluation_sets(paths, include=SETS)
    nlp = spacy.load(best)
    nlp.add_pipe("kg_spans_to_ents")
    texts = seed_texts(paths)
    reports = {"spancat, model alone": evaluate_sets(nlp, sets)}
    print(f"spancat: {measure_speed(nlp, texts):,.0f} words/s")
    print("training the ner on the same documents")
    result = run_training(paths, args.out / "ner", recipe=recipe, evaluate_on=[], progress=print)
    ner = build_trained_pipeline(result.model, mode="model")
    reports["ner, model alone"] = evaluate_sets(ner, sets)
    print(f"ner: {measure_speed(ner, texts):,.0f} words/s")
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variant", choices=["pretrain", "spancat"])
    parser.add_argument("--epochs", type=int, default=4, help="pretraining epochs (default 4)")
    parser.add_argument("--longest", type=int, default=8, help="spancat: longest candidate, in tokens (default 8)")
    parser.add_argument("--hidden", type=int, default=128, help="spancat: width of the span layer (default 128)")
    parser.add_argument("--out", type=Path, help="output folder (default variants/VARIANT)")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--seeds", type=Path, default=Path("../shared/seeds"))
    args = parser.parse_args()
    args.out = args.out or Path("variants") / args.variant
    paths = DataPaths(data=args.data, seeds=args.seeds)
    runs = run_pretrain(args, paths) if args.variant == "pretrain" else run_spancat(args, paths)
    scores: dict[str, dict[str, dict[str, list[float]]]] = {}
    for run, reports in runs.items():
        print(run)
        scores[run] = {}
        for name, report in reports.items():
            row = " ".join(f"{label} {100 * c.precision:.1f}/{100 * c.recall:.1f}/{100 * c.f1:.1f}"
                           for label, c in report.exact.items())
            print(f"  {name:18s} {row}")
            scores[run][name] = {label: [c.precision, c.recall, c.f1] for label, c in report.exact.items()}
    (args.out / "scores.json").write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
