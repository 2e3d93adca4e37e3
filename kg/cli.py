"""The ``kg`` command line: the only place that prints or exits."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from tqdm import tqdm

from kg.build import BuildResult, run_build
from kg.buildio import load_build, read_review
from kg.corpus import FORMATS as INPUT_FORMATS
from kg.corpus.fetch import SOURCES as FETCH_SOURCES
from kg.corpus.fetch import FetchSettings, fetch
from kg.db import OUTPUT_FORMATS, connect, format_rows, lookup, parse_param, queries
from kg.errors import KGError
from kg.evaluate import run_evaluation
from kg.export.bolt import Connection, counts, push, run_query
from kg.export.cookbook import cookbook
from kg.export.files import import_command, neo4j_rows, write_neo4j_csv
from kg.export.html import write_build_html
from kg.gold import DEFAULT_CORPUS, FORMATS
from kg.records import LABELS, MAX_EDGES, BuildSettings
from kg.resolve.review import find
from kg.resolve.review import suggest as suggest_merges
from kg.sample import sample_paths
from kg.train import ABSENT_POLICIES, DEFAULT_CONFIG, MODES, SOURCES, DataPaths, Recipe, TrainResult, run_training
from kg.transaction import fault_hook, write_into


def _print_version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(__version__)
        raise typer.Exit()


app = typer.Typer(
    help="Build typed knowledge graphs of methods, datasets and tasks from paper abstracts.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
)


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                                help="Print kg's version and exit.")] = False) -> None:
    """Build typed knowledge graphs of methods, datasets and tasks from paper abstracts."""


def _progress(stage: str, total: int) -> Callable[[], None]:
    if total == 0:  # a stage without a count: one status line
        typer.echo(f"{stage}...", err=True)
        return lambda: None
    bar = tqdm(total=total, desc=stage, unit="paper", leave=False, disable=total < 50)

    def tick() -> None:
        bar.update(1)
        if bar.n >= total:
            bar.close()

    return tick


def _summary(result: BuildResult) -> str:
    lines = [
        f"Read {result.records} records: {result.papers} distinct papers."
        + (f" Extracted {result.extracted}, reused {result.reused} from the cache." if result.reused else ""),
        "Mentions: " + ", ".join(f"{lab} {result.mentions.get(lab, 0)}" for lab in LABELS),
        "Entities: " + ", ".join(f"{lab} {result.entities.get(lab, 0)}" for lab in LABELS)
        + (f"; {result.left_out} left out of the graph as junk or weakly supported (see entities.jsonl, "
           "or --keep-all)" if result.left_out else ""),
        f"Graph: {result.nodes} nodes, {result.edges} co-mention edges"
        + (f" (of {result.all_edges} before filtering)" if result.all_edges != result.edges else "")
        + f"; {result.significant_edges} of {result.all_edges} links have q <= 0.05; "
          f"{result.communities} communities (modularity {result.modularity:.2f}).",
    ]
    for label in LABELS:
        top = ", ".join(f"{name} ({n})" for name, n in result.top_entities.get(label, [])[:5])
        lines.append(f"Top {label}: {top or '-'}")
    pairs = "; ".join(f"{u} - {v} ({n})" for u, v, n in result.top_pairs[:5])
    lines.append(f"Top pairs (papers): {pairs or '-'}")
    lines.extend(_input_notes(result.inputs))
    if result.warnings:
        lines.append(f"{len(result.warnings)} warning(s), listed in manifest.json; first: {result.warnings[0]}")
    lines.append(f"Wrote {result.out}/ (graph.html, graph.graphml, graph.json, graph.gexf, vosviewer.json, "
                 "thesaurus.txt, aliases.tsv, merges.tsv, *.jsonl, neo4j/, graph.lbug, manifest.json) "
                 f"in {sum(result.seconds.values()):.1f} s.")
    return "\n".join(lines)


def _input_notes(inputs: dict[str, Any]) -> list[str]:
    """Lines about records and files left out or cut while reading (none when nothing was)."""
    notes = []
    skipped = inputs.get("skipped_records") or {}
    if skipped:
        notes.append("Records skipped: " + ", ".join(f"{n} {reason}" for reason, n in skipped.items()) + ".")
    if inputs.get("abstracts_cut"):
        notes.append(f"Abstracts cut to the length cap: {inputs['abstracts_cut']}.")
    for item in inputs.get("skipped_files") or []:
        notes.append(f"Skipped file: {item['error']}")
    return notes


@app.command()
def build(
    corpus: Annotated[list[Path] | None, typer.Argument(
        metavar="PATH...", help="Corpus files or folders: BibTeX, RIS, Web of Science, Scopus CSV, OpenAlex, arXiv "
             "Atom, Semantic Scholar or Hugging Face JSON, saved Hugging Face pages (.txt), JSON Lines or CSV with "
             "a title and an abstract (the format is told by the content).", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Build folder to write.")] = Path("out"),
    sample: Annotated[bool, typer.Option("--sample", help="Use the sample corpus shipped with kg.")] = False,
    model: Annotated[str, typer.Option(
        metavar="MODEL", help="'default' (the trained model shipped with kg, combined with the rules), "
                                            "'rules' (rules only, about 14x faster) or the folder of a model from "
                                            "`kg train`.")] = "default",
    workers: Annotated[int, typer.Option(metavar="N", min=1, help="Processes for extraction, and for writing the output files "
                                              "side by side (Linux).")] = 1,
    batch_size: Annotated[int, typer.Option(metavar="N", min=1, help="Abstracts per spaCy batch.")] = 64,
    html: Annotated[bool, typer.Option(help="Write graph.html.")] = True,
    min_papers: Annotated[int, typer.Option(metavar="N", min=1, help="Keep co-mention edges shared by at least N papers.")] = 1,
    max_q: Annotated[float | None, typer.Option(
        metavar="Q", min=0.0, max=1.0, help="Keep only edges whose hypergeometric q-value (Benjamini-Hochberg) is at most Q, "
                               "e.g. 0.05: links that chance does not explain.")] = None,
    max_edges: Annotated[int, typer.Option(metavar="N", min=0, help="Keep at most N co-mention edges (about what 16 GB "
        "holds): past N, --min-papers is raised until they fit, and the summary says so. 0 keeps every pair.")] = MAX_EDGES,
    thesaurus: Annotated[Path | None, typer.Option(
        metavar="FILE", help="VOSviewer-style thesaurus: 'label<TAB>replace by' per line; an empty replacement "
                             "drops the entity.")] = None,
    resolution: Annotated[float, typer.Option(
        metavar="R", min=0.0, help="Louvain resolution (higher: more, smaller communities).")] = 1.0,
    seed: Annotated[int, typer.Option(metavar="SEED", help="Seed for communities and layout.")] = 0,
    cache: Annotated[bool, typer.Option(help="Reuse what the same model found in unchanged abstracts "
                                             "(OUT/.kg-cache); --no-cache extracts everything again.")] = True,
    keep_all: Annotated[bool, typer.Option("--keep-all", help="Keep in the graph the entities that resolution "
                                                            "judged junk or too weakly supported (entities.jsonl "
                                                            "lists them either way, with their reason).")] = False,
    input_format: Annotated[str | None, typer.Option(
        "--format", metavar="FORMAT", help=f"Read every input as this format: {', '.join(INPUT_FORMATS)} (default: told "
                                          "by each file's content).")] = None,
    skip_bad_files: Annotated[bool, typer.Option(
        "--skip-bad-files", help="Warn about an input file that cannot be read and go on without it (the manifest "
                                 "lists it); by default such a file stops the build.")] = False,
    wait: Annotated[bool, typer.Option("--wait", help="If another build is writing OUT, wait for it (default: exit "
                                                      "with a line naming it).")] = False,
    db: Annotated[bool, typer.Option(help="Write the embedded graph database graph.lbug, which `kg query` and "
                                          "kg.db.connect read (--no-db: skip it).")] = True,
    dask: Annotated[str | None, typer.Option(
        metavar="ADDRESS", help="Extract and count pairs on a Dask cluster: a scheduler address (tcp://host:8786) "
                                "or local[:N] (N worker processes here). Needs `pip install 'kg[dask]'`.")] = None,
) -> None:
    """Read abstracts, extract METHOD/DATASET/TASK mentions, and write the co-mention graph to OUT.

    OUT receives papers/mentions/entities as JSON Lines, graph.graphml, node-link graph.json, an offline
    graph.html, neo4j-admin import CSVs under neo4j/, the embedded graph database graph.lbug (`kg query`), and
    manifest.json (inputs, versions, counts)."""
    paths: list[Path] = [*(corpus or []), *(sample_paths() if sample else [])]
    if not paths:
        typer.echo("Error: give corpus files or folders, or --sample (see kg build --help).", err=True)
        raise typer.Exit(2)
    try:
        settings = BuildSettings(model=model, workers=workers, batch_size=batch_size, html=html, cache=cache,
                                 min_papers=min_papers, max_q=max_q, thesaurus=thesaurus, resolution=resolution,
                                 seed=seed, keep_all=keep_all, input_format=input_format,
                                 skip_bad_files=skip_bad_files, db=db, dask=dask, max_edges=max_edges)
        result = run_build(paths, out, settings, progress=_progress, wait=wait, checkpoint=fault_hook())
    except KGError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from err
    typer.echo(_summary(result))


@app.command()
def demo(out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Build folder to write.")] = Path("out")) -> None:
    """Build the graph of the sample corpus shipped with kg (same as `kg build --sample`)."""
    build(corpus=None, out=out, sample=True, model="default", workers=1, batch_size=64, html=True, min_papers=1,
          max_q=None, thesaurus=None, resolution=1.0, seed=0, cache=True, keep_all=False, wait=False, db=True,
          dask=None, max_edges=MAX_EDGES)


@app.command()
def entities(
    build_dir: Annotated[Path, typer.Argument(metavar="BUILD_DIR", help="Build folder written by `kg build`.",
                                              show_default=False)],
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="An entity's name, alias or id.",
                                               show_default=False)] = None,
    suggest: Annotated[bool, typer.Option("--suggest", help="Also list the entities most likely to name the same "
                                                          "concept (merges worth a thesaurus row).")] = False,
    top: Annotated[int, typer.Option(metavar="N", min=1, help="Rows to show.")] = 20,
) -> None:
    """Show how resolution decided: an entity's aliases with the rule that joined each, the merges it refused,
    and with --suggest the likeliest merges it did not make. Without NAME, the entities with most papers and the
    refused merges."""
    try:
        found = load_build(build_dir)
        aliases, refused = read_review(build_dir)
    except KGError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from err
    every = list(found.entities.values())
    if name is None:
        for e in sorted(every, key=lambda e: (-e.papers, e.id))[:top]:
            typer.echo(f"{e.id}\t{e.name}\t{e.papers} papers\t{e.confidence:.2f}" + ("" if e.kept else f"\tleft out: {e.reason}"))
        typer.echo(f"{sum(not e.kept for e in every)} of {len(every)} entities left out of the graph; "
                   f"{len(refused)} merges refused (merges.tsv)")
        return
    matches = find(every, name)
    if not matches:
        typer.echo(f"Error: no entity is named {name!r} in {build_dir}; try `kg entities {build_dir}`", err=True)
        raise typer.Exit(1)
    for e in matches[:top]:
        typer.echo(f"{e.id}: {e.name} ({e.label}, {e.papers} papers, {e.mentions} mentions, confidence "
                   f"{e.confidence:.2f}" + (")" if e.kept else f", left out of the graph: {e.reason})"))
        if e.pwc_name:
            typer.echo(f"  link\tPapers with Code\t{e.pwc_name}\t{e.pwc_id or '-'}\t{e.pwc_area or '-'}")
        for a in (a for a in aliases if a.entity == e.id):
            typer.echo(f"  alias\t{a.surface}\t{a.rule}\t{a.papers} papers")
        for c in (c for c in refused if e.id.split(":", 1)[1] in c.entities):
            typer.echo(f"  refused\t{c.surface}\t{c.reason}")
        if suggest:
            for s in suggest_merges(e, every, n=top):
                typer.echo(f"  suggest\t{s.entity.id}\t{s.entity.name}\t{s.score:.2f}\t{s.why}")


@app.command("html")
def html_page(
    build_dir: Annotated[Path, typer.Argument(
        metavar="BUILD_DIR", help="Build folder written by `kg build`.", show_default=False)],
    out: Annotated[Path | None, typer.Option("--out", "-o", metavar="FILE", help="Page to write (default BUILD_DIR/graph.html).")]
    = None,
    max_nodes: Annotated[int | None, typer.Option(metavar="N", min=1, help="Keep the N entities with most papers.")] = 2000,
    max_edges: Annotated[int | None, typer.Option(metavar="M", min=1, help="Keep the M strongest links.")] = 10000,
    colour_by: Annotated[str, typer.Option(
        metavar="label|community", help="Initial colouring: 'label' or 'community'.")] = "label",
    seed: Annotated[int, typer.Option(metavar="SEED", help="Seed of the layout.")] = 0,
) -> None:
    """Write the interactive map of a build: one offline HTML file with search, filters by label and weight, and
    the evidence sentences of a link on click. Big graphs keep the strongest nodes and links and say so."""
    try:
        path = write_build_html(build_dir, out, max_nodes=max_nodes, max_edges=max_edges, colour_by=colour_by,
                                seed=seed)
    except KGError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from err
    typer.echo(f"Wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in any browser, no network needed.")


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(
        metavar="GOLD", help="Gold file: SciERC JSON, SciER PLM JSONL, TDMSci CoNLL, dataset-name IOB CSV (.gz too), "
             "or kg's own offsets JSONL.", show_default=False)],
    model: Annotated[str, typer.Option(
        metavar="MODEL", help="'default' (the trained model shipped with kg, combined with the rules), "
                                            "'rules' (rules only, about 14x faster) or the folder of a model from "
                                            "`kg train`.")] = "default",
    gold_format: Annotated[str | None, typer.Option(
        "--format", metavar="FORMAT", help=f"Gold format: {', '.join(FORMATS)}. Guessed from the file when left out.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON instead of a table.")] = False,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", help="Also write the JSON report to this file.")] = None,
    limit: Annotated[int | None, typer.Option(metavar="N", min=1, help="Score only the first N documents.")] = None,
    heldout: Annotated[bool, typer.Option(
        "--heldout", help="Score only every 5th document (4, 9, 14, ...): the dev fifth of a corpus that has "
                          "no dev split (TDMSci, dataset names).")] = False,
    material_as_dataset: Annotated[bool, typer.Option(
        "--material-as-dataset", help="SciERC: score Material as DATASET (off: Material is not only datasets).")]
    = False,
    corpus: Annotated[list[Path] | None, typer.Option(
        "--corpus", metavar="PATH", help="kg format: corpus files or folders the annotated abstracts come from "
                         "(default ../shared/seeds).")] = None,
    split: Annotated[str | None, typer.Option(
        metavar="SPLIT", help="kg format: score only rows of this split (e.g. dev).")] = None,
    workers: Annotated[int, typer.Option(metavar="N", min=1, help="Processes for nlp.pipe.")] = 1,
    batch_size: Annotated[int, typer.Option(metavar="N", min=1, help="Texts per spaCy batch.")] = 64,
) -> None:
    """Score a pipeline's METHOD/DATASET/TASK mentions against gold annotations: P/R/F1 per label, exact and
    partial span match, over the labels the gold corpus annotates (the label mapping is printed), and speed."""
    try:
        report = run_evaluation(gold, model=model, format=gold_format, limit=limit, heldout=heldout,
                                material_as_dataset=material_as_dataset, corpus=corpus or [DEFAULT_CORPUS],
                                split=split, batch_size=batch_size, n_process=workers)
    except KGError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from err
    data = json.dumps(report.to_dict(), indent=2)
    if out is not None:
        try:
            out.write_text(data + "\n", encoding="utf-8")
        except OSError as err:
            typer.echo(f"Error: cannot write {out}: {err.strerror}", err=True)
            raise typer.Exit(1) from err
    typer.echo(data if as_json else report.table())


_RECIPE = Recipe()


def _train_summary(result: TrainResult) -> str:
    lines = [f"Trained {result.model} in {result.seconds / 60:.1f} min; model at {result.pipeline} "
             f"({result.size_bytes / 1e6:.1f} MB; `kg build --model {result.pipeline}` combines it with the rules; "
             f"copy it to kg/nlp/model to ship it as the default)."]
    for name, stats in result.conversion.items():
        lines.append(f"  {name}: {stats.docs} docs, {stats.kept}/{stats.spans} spans kept, "
                     f"{stats.misaligned} misaligned, {stats.overlapping} nested dropped, "
                     f"{stats.missing_tokens} tokens missing")
    for mode, reports in result.reports.items():
        scores = "  ".join(f"{name} {100 * report.exact['micro'].f1:.1f}" for name, report in reports.items())
        lines.append(f"{mode:<6} {result.speed.get(mode, 0):>8,.0f} words/s  exact micro F1: {scores}")
    return "\n".join(lines)


@app.command()
def train(
    data: Annotated[Path, typer.Option(metavar="DIR", help="Shared data folder (scierc/, tdmsci/, dataset-names-heddes2021/, "
                                            "scirex/; scier/ dev is only measured on).")] = Path("../shared/data"),
    seeds: Annotated[Path, typer.Option(metavar="DIR", help="Seed pages that kg's annotations point into.")] = DEFAULT_CORPUS,
    out: Annotated[Path, typer.Option(
        "--out", "-o", metavar="DIR", help="Folder for corpus/, ner/ and model/.")] = Path("training"),
    seed: Annotated[int, typer.Option(metavar="SEED", help="Random seed: sampling, initialisation, shuffling.")] = 0,
    max_steps: Annotated[int, typer.Option(metavar="N", min=1, help="Training steps.")] = _RECIPE.max_steps,
    sources: Annotated[list[str] | None, typer.Option(
        "--source", metavar="SOURCE", help=f"Training corpus, repeatable: {', '.join(SOURCES)} (default: the shipped recipe's).")]
    = None,
    seed_weight: Annotated[int, typer.Option(
        metavar="N", min=1, help="Copies of each abstract annotated under kg's guidelines (seeds, SciREX).")] \
        = _RECIPE.seed_weight,
    absent: Annotated[str, typer.Option(
        metavar="POLICY", help=f"Unannotated labels of a partial corpus: {', '.join(ABSENT_POLICIES)}.")]
    = _RECIPE.absent,
    mode: Annotated[str, typer.Option(
        metavar="MODE", help=f"How model/ combines with the rules when loaded: {', '.join(MODES)}.")] = "union",
    config: Annotated[Path, typer.Option(metavar="FILE", help="spaCy training config.")] = DEFAULT_CONFIG,
    evaluate_dev: Annotated[bool, typer.Option("--evaluate/--no-evaluate", help="Score model, rules and their "
                                               "combinations on the dev sets afterwards.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the reports as JSON.")] = False,
) -> None:
    """Train kg's statistical ner on the shared corpora (CPU) and save it as OUT/model, the folder
    `kg build --model` and `kg evaluate --model` take (they add kg's rules). Test splits are never read."""
    recipe = Recipe(sources=tuple(sources) if sources else _RECIPE.sources, seed_weight=seed_weight,
                    absent=absent, max_steps=max_steps)
    modes = [mode, *(m for m in ("model", "rules", "union", "fill") if m != mode)] if evaluate_dev else [mode]
    try:
        out.mkdir(parents=True, exist_ok=True)
        with (out / "train.log").open("w", encoding="utf-8") as log:  # spaCy's progress table
            result = run_training(DataPaths(data=data, seeds=seeds), out, recipe=recipe, seed=seed, config=config,
                                  modes=modes, evaluate_on=None if evaluate_dev else (), log=log,
                                  progress=lambda message: typer.echo(message, err=True))
    except (KGError, OSError) as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from err
    if as_json:
        typer.echo(json.dumps({mode: {name: report.to_dict() for name, report in reports.items()}
                               for mode, reports in result.reports.items()}, indent=2))
    else:
        typer.echo(_train_summary(result))


neo4j_app = typer.Typer(help="Put a build into Neo4j (live push or bulk-import CSVs) and run the Cypher cookbook.",
                        no_args_is_help=True, rich_markup_mode=None)
app.add_typer(neo4j_app, name="neo4j")

_URI = typer.Option("--uri", metavar="URI", envvar="NEO4J_URI", help="Bolt URI of the server (env NEO4J_URI).")
_USER = typer.Option("--user", metavar="USER", envvar="NEO4J_USER", help="User name (env NEO4J_USER).")
_DATABASE = typer.Option("--database", metavar="NAME", envvar="NEO4J_DATABASE", help="Database name (env NEO4J_DATABASE).")


def _connection(uri: str, user: str, database: str, retry_seconds: float = 30.0) -> Connection:
    """Connection settings; the password comes from NEO4J_PASSWORD or a hidden prompt, never from a flag."""
    password = os.environ.get("NEO4J_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            typer.echo("Error: set NEO4J_PASSWORD (no terminal to ask for the password).", err=True)
            raise typer.Exit(2)
        password = typer.prompt(f"Password for {user} at {uri}", hide_input=True)
    return Connection(uri=uri, user=user, password=password, database=database, retry_seconds=retry_seconds)


def _push_progress(stage: str, total: int) -> Callable[[int], None]:
    bar = tqdm(total=total, desc=stage, unit="row", leave=False, disable=total < 2000)

    def tick(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()

    return tick


@neo4j_app.command("push")
def neo4j_push(
    build_dir: Annotated[Path, typer.Argument(
        metavar="BUILD_DIR", help="Build folder written by `kg build`.", show_default=False)],
    uri: Annotated[str, _URI] = "bolt://localhost:7687",
    user: Annotated[str, _USER] = "neo4j",
    database: Annotated[str, _DATABASE] = "neo4j",
    batch_size: Annotated[int, typer.Option(metavar="N", min=1, help="Rows per UNWIND batch (one transaction each).")] = 1000,
    retry_seconds: Annotated[float, typer.Option(
        metavar="SECONDS", min=0, help="How long the driver retries a failed batch.")] = 30.0,
) -> None:
    """Write a build into a live Neo4j: constraints, then papers, entities, MENTIONS and CO_MENTIONED, merged in
    batches. Safe to repeat: the same build twice leaves identical counts; a bigger build adds what is new; a push
    cut off by the server can be run again. The password comes from NEO4J_PASSWORD or a prompt."""
    conn = _connection(uri, user, database, retry_seconds)
    try:
        summary = push(load_build(build_dir), conn, batch_size=batch_size, progress=_push_progress)
        on_server = counts(conn)
    except KGError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from err
    typer.echo(summary.describe())
    typer.echo("Now in the database: " + ", ".join(f"{k} {v}" for k, v in on_server.items()))


@neo4j_app.command("csv")
def neo4j_csv(
    build_dir: Annotated[Path, typer.Argument(
        metavar="BUILD_DIR", help="Build folder written by `kg build`.", show_default=False)],
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="DIR", help="Folder for the CSV set (default BUILD_DIR/neo4j).")]
    = None,
    database: Annotated[str, typer.Option(metavar="NAME", help="Database name used in the printed import command.")] = "neo4j",
) -> None:
    """Write the `neo4j-admin database import full` CSV set of a build and print the exact import command."""
    try:
        b = load_build(build_dir)
    except KGError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from err
    shown, assignment = b.shown()
    rows = neo4j_rows(list(b.papers.values()), shown, b.mentions, assignment, b.graph)
    try:
        folder = write_into(build_dir, out or build_dir / "neo4j", lambda where: write_neo4j_csv(rows, where))
    except KGError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from err
    typer.echo(f"Wrote {folder}/ (papers.csv, entities.csv, mentions.csv, co_mentions.csv). Import with the server "
               "stopped:")
    typer.echo(import_command(folder, database))


@neo4j_app.command("cookbook")
def neo4j_cookbook() -> None:
    """List the Cypher cookbook's queries: name, parameters and the question each answers."""
    for q in cookbook().values():
        params = " ".join(f"--param {p}=..." for p in q.params)
        typer.echo(f"{q.name}  {params}\n    {q.answers}")


@neo4j_app.command("query")
def neo4j_query(
    name: Annotated[str, typer.Argument(
        metavar="NAME", help="Cookbook query name (see `kg neo4j cookbook`).", show_default=False)],
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", metavar="NAME=VALUE", help="NAME=VALUE for a $parameter; repeat.")]
    = None,
    uri: Annotated[str, _URI] = "bolt://localhost:7687",
    user: Annotated[str, _USER] = "neo4j",
    database: Annotated[str, _DATABASE] = "neo4j",
    show_cypher: Annotated[bool, typer.Option("--cypher", help="Print the query text instead of running it.")] = False,
    out_format: Annotated[str, typer.Option("--format", metavar="|".join(OUTPUT_FORMATS), help="Output format.")] = "tsv",
) -> None:
    """Run one cookbook query over Bolt and print its rows (limit defaults to 10). Lists print as 'a; b; c' except
    in json."""
    queries = cookbook()
    if name not in queries:
        typer.echo(f"Error: no cookbook query {name!r}; known: {', '.join(queries)}", err=True)
        raise typer.Exit(2)
    q = queries[name]
    if show_cypher:
        typer.echo(q.cypher)
        return
    values: dict[str, object] = {"limit": 10} if "limit" in q.params else {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or key not in q.params:
            typer.echo(f"Error: --param {item!r}: expected NAME=VALUE with NAME in {list(q.params)}", err=True)
            raise typer.Exit(2)
        values[key] = int(value) if key == "limit" and value.isdigit() else value
    missing = [p for p in q.params if p not in values]
    if missing:
        typer.echo(f"Error: query {name!r} needs " + ", ".join(f"--param {p}=..." for p in missing), err=True)
        raise typer.Exit(2)
    if out_format not in OUTPUT_FORMATS:
        typer.echo(f"Error: --format {out_format!r}: expected one of {', '.join(OUTPUT_FORMATS)}", err=True)
        raise typer.Exit(2)
    try:
        rows = run_query(_connection(uri, user, database), q, values)
    except KGError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from err
    columns = list(rows[0]) if rows else []
    typer.echo(format_rows(columns, [list(r.values()) for r in rows], out_format) if rows or out_format == "json"
               else "(no rows)")


@app.command("query")
def query(
    build_dir: Annotated[Path | None, typer.Argument(
        metavar="BUILD_DIR", help="Build folder written by `kg build`.", show_default=False)] = None,
    name: Annotated[str | None, typer.Argument(
        metavar="NAME", help="Cookbook query name (see --list).", show_default=False)] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", metavar="NAME=VALUE", help="A $parameter, repeatable; those the query does not use are "
                                                    "ignored.")] = None,
    cypher_text: Annotated[str | None, typer.Option(
        "--cypher", metavar="CYPHER", help="Run this Cypher instead of a cookbook query.", show_default=False)] = None,
    out_format: Annotated[str, typer.Option("--format", metavar="|".join(OUTPUT_FORMATS), help="Output format.")] = "table",
    list_queries: Annotated[bool, typer.Option("--list", help="List the cookbook's queries and exit.")] = False,
    write: Annotated[bool, typer.Option("--write", help="Open the database for writing and allow write clauses "
                                                      "(CREATE, SET, DELETE, COPY, ...).")] = False,
) -> None:
    """Run Cypher on a build's embedded database, with no server: a cookbook query by NAME (limit defaults to 10)
    or your own with --cypher. Lists print as 'a; b; c' except in json."""
    if list_queries:
        for q in queries().values():
            typer.echo(f"{q.name}  " + " ".join(f"--param {p}=..." for p in q.params) + f"\n    {q.answers}")
        return
    if build_dir is None or (name is None) == (cypher_text is None) or out_format not in OUTPUT_FORMATS:
        typer.echo("Error: give BUILD_DIR and either a cookbook query NAME or --cypher (see kg query --help); "
                   f"--format is one of {', '.join(OUTPUT_FORMATS)}.", err=True)
        raise typer.Exit(2)
    try:
        values = dict(parse_param(item, numbers=cypher_text is not None) for item in param or [])
        if name is not None:
            lookup(name)
        with connect(build_dir, write=write) as database:
            columns, rows = (database.run_rows(name, values) if name is not None
                             else database.rows(cypher_text or "", values, name="--cypher"))
    except KGError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from err
    typer.echo(format_rows(columns, rows, out_format) if rows or out_format == "json" else "(no rows)")


@app.command()
def version() -> None:
    """Print kg's version."""
    from kg import __version__

    typer.echo(__version__)


@app.command("fetch")
def fetch_corpus(
    source: Annotated[str, typer.Argument(metavar="SOURCE", help=f"One of: {', '.join(FETCH_SOURCES)}.", show_default=False)],
    query: Annotated[str, typer.Argument(metavar="QUERY", help="Search words (arxiv: field prefixes such as ti: or "
                                         "cat: allowed; hf-daily: words every kept paper contains, '*' for all).",
                                         show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FILE", help="JSON Lines file to write or go on with.")],
    max_records: Annotated[int, typer.Option("--max", metavar="N", min=1, help="Stop once FILE holds N records.")] = 1000,
    since: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Only papers from this date on (hf-daily: "
                                              "walk the days back to it; default 30 days).")] = None,
    mailto: Annotated[str | None, typer.Option(metavar="EMAIL", envvar="KG_MAILTO", help="Contact address sent in "
                                               "the User-Agent (and to OpenAlex as mailto) (env KG_MAILTO).")] = None,
    base_url: Annotated[str | None, typer.Option(metavar="URL", envvar="KG_FETCH_BASE_URL", help="Another server "
                                                 "for the source's API, e.g. a mirror (env KG_FETCH_BASE_URL).")] = None,
    delay: Annotated[float | None, typer.Option(metavar="SECONDS", min=0, help="Seconds between requests (default: "
                                               "the pace the source asks for).")] = None,
    timeout: Annotated[float, typer.Option(metavar="SECONDS", min=0.1, help="Give up on one request after this "
                                           "long (it is then retried).")] = 30.0,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Start FILE again instead of going on with it.")] = False,
) -> None:
    """Fetch abstracts from a public API into a JSON Lines file that `kg build` reads. Polite (the source's pace,
    a User-Agent naming kg), retried with back-off on 429/5xx/time-outs, and resumable: run the same command again
    to go on where it stopped. API keys come from S2_API_KEY and OPENALEX_API_KEY."""
    key = {"semanticscholar": "S2_API_KEY", "openalex": "OPENALEX_API_KEY"}.get(source)
    settings = FetchSettings(source=source, query=query, out=out, max_records=max_records, since=since, mailto=mailto,
                             api_key=os.environ.get(key) if key else None, base_url=base_url, overwrite=overwrite,
                             delay=delay, timeout=timeout)
    try:
        result = fetch(settings, progress=lambda line: typer.echo(line, err=True))
    except KGError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from err
    except KeyboardInterrupt:
        typer.echo(f"Interrupted: {out} keeps the records written so far; run the same command again to go on.",
                   err=True)
        raise typer.Exit(130) from None
    left = ", ".join(f"{n} {what}" for n, what in ((result.skipped, "without abstract"), (result.unmatched,
                     "not matching the query"), (result.duplicates, "already in the file")) if n)
    typer.echo(f"Wrote {result.written} records to {out} ({result.total} in all{'; left out: ' + left if left else ''})"
               f" from {result.pages} pages. "
               + ("The source has no more." if result.exhausted else
                  f"Run again with a larger --max to go on (state in {result.state.name})."))
    if result.note:
        typer.echo(result.note, err=True)


def main() -> None:
    app()


if __name__ == "__main__":  # python -m kg.cli: every command is registered by now
    main()
