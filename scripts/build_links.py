"""Write ``kg/resolve/data/pwc_links.tsv``: the Papers with Code names that resolution links entities to.

One row per name: label, a Papers with Code name, the id of its entry, the entry's canonical name, and its area.
Sources, under CC BY-SA 4.0:

- methods: the Papers with Code methods export (``methods-2022``): the name and the full name of each method, its id
  from its page address (``method/autoencoder``) and the area of its first collection that is not "General";
- tasks: the task tables of the World-Snapshot archive (``{cv,nlp,audio,other}_tasks_detailed.csv.gz``): each
  task's area is the first of its Papers with Code categories in :data:`TASK_AREAS` (none where it has none), and its
  id the one its page had, ``task/`` and the name in lower case with every run of other characters a hyphen (names
  that meet in one id are one entry, under the name written with capitals and spaces; a leaderboard's variant, a
  name ending in a bracketed qualifier, is left out, and lends its area to the plain task where that has none);
- datasets: the same tables' ten common datasets of each task, in the area of most of the tasks they are common in
  (none on a tie); the archive keeps no dataset ids, so datasets have none.

A name of one label with two ids is left out (which one a name means is unknown). Names that are no names (spam
in the dataset lists: "?", "#", over 60 characters) are dropped.

    python scripts/build_links.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from kg.resolve.keys import normalise_key

OUT = Path(__file__).resolve().parents[1] / "kg" / "resolve" / "data" / "pwc_links.tsv"
AREAS = {"cv": "Computer Vision", "nlp": "Natural Language Processing", "audio": "Audio", "other": "Other"}
_SLUG = re.compile(r"[^a-z0-9]+")
#: A task name with a qualifier in brackets at its end is a leaderboard's variant of the task ("Named Entity
#: Recognition (NER)", "Compositional Generalization (AVG)"), an entry of its own that a plain name must not meet.
_QUALIFIED = re.compile(r"\([^()]*\)\s*$")


def usable(name: str) -> bool:
    """Whether a list entry reads as a name: some letters, no question or hash sign, at most 60 characters."""
    return 2 <= len(name) <= 60 and any(c.isalpha() for c in name) and not set(name) & {"?", "#", "\n", "\t"}


#: Papers with Code's task categories, the main ones first: a task's area is the first of its categories here.
TASK_AREAS = ("Computer Vision", "Natural Language Processing", "Speech", "Audio", "Music", "Graphs", "Time Series",
              "Medical", "Reasoning", "Playing Games", "Robots", "Knowledge Base", "Computer Code", "Methodology",
              "Adversarial", "Miscellaneous")


def method_rows(data: Path) -> list[tuple[str, str, str, str, str]]:
    """(label, name, id, canonical name, area) for each method's name and full name."""
    with gzip.open(data / "pwc-taxonomy" / "methods-2022" / "methods.json.gz", "rt", encoding="utf-8") as fh:
        methods = json.load(fh)
    rows = []
    for m in methods:
        url, canonical = m.get("url") or "", (m.get("name") or "").strip()
        if "/method/" not in url or not usable(canonical):
            continue
        areas = [c.get("area", "") for c in m.get("collections") or [] if isinstance(c, dict)]
        area = next((a for a in areas if a and a != "General"), areas[0] if areas else "")
        ident = "method/" + url.rsplit("/method/", 1)[1].strip("/")
        for name in {canonical, (m.get("full_name") or "").strip()}:
            if usable(name):
                rows.append(("METHOD", name, ident, canonical, area))
    return rows


def main_area(categories: str) -> str:
    """The first of :data:`TASK_AREAS` among a task's ``;``-separated categories ("" for none or "N/A")."""
    given = {c.strip() for c in categories.split(";")}
    return next((area for area in TASK_AREAS if area in given), "")


def task_and_dataset_rows(data: Path) -> list[tuple[str, str, str, str, str]]:
    """(label, name, id, canonical name, area) of the archive's tasks and of their common datasets."""
    task_areas: dict[str, str] = {}
    variant_areas: dict[str, str] = {}
    common: dict[str, set[str]] = defaultdict(set)  # task -> its common datasets, over every table that lists it
    for short in ("cv", "nlp", "audio", "other"):
        path = data / "pwc-taxonomy" / "world-snapshot" / f"{short}_tasks_detailed.csv.gz"
        with gzip.open(path, "rb") as raw:
            for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
                task = (row.get("Task Name") or "").strip()
                if usable(task) and _QUALIFIED.search(task):  # a variant lends its area to the plain task
                    plain = _QUALIFIED.sub("", task).strip()
                    variant_areas[plain] = variant_areas.get(plain) or main_area(row.get("Categories") or "")
                elif usable(task):
                    task_areas[task] = task_areas.get(task) or main_area(row.get("Categories") or "")
                    common[task].update(d.strip() for d in (row.get("Common Datasets (Top 10)") or "").split(";"))
    for task, area in task_areas.items():
        task_areas[task] = area or variant_areas.get(task, "")
    dataset_areas: dict[str, Counter[str]] = defaultdict(Counter)
    for task, datasets in common.items():
        for dataset in datasets:
            if usable(dataset) and task_areas[task]:
                dataset_areas[dataset][task_areas[task]] += 1
    by_id: dict[str, list[str]] = defaultdict(list)
    for task in task_areas:
        by_id["task/" + _SLUG.sub("-", task.lower()).strip("-")].append(task)
    rows = []
    for ident, names in by_id.items():
        canonical = max(names, key=lambda n: (" " in n, n[:1].isupper(), -len(n), n))  # "Object Detection"
        area = next((task_areas[n] for n in names if task_areas[n]), "")
        rows += [("TASK", name, ident, canonical, area) for name in names]
    for dataset in sorted({d for datasets in common.values() for d in datasets if usable(d)}):
        ranked = dataset_areas[dataset].most_common(2)
        clear = ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])  # a tie names no area
        rows.append(("DATASET", dataset, "", dataset, ranked[0][0] if clear else ""))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    rows = method_rows(args.data) + task_and_dataset_rows(args.data)
    ids: dict[tuple[str, str], set[str]] = defaultdict(set)
    for label, name, ident, canonical, _ in rows:
        ids[label, normalise_key(name)].add(ident or canonical)
    kept = sorted({r for r in rows if len(ids[r[0], normalise_key(r[1])]) == 1}, key=lambda r: (r[0], r[1].lower(), r[1]))
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        fh.write("# Papers with Code names, ids and areas (CC BY-SA 4.0); made by scripts/build_links.py\n")
        fh.write("label\tname\tid\tcanonical\tarea\n")
        fh.writelines("\t".join(row) + "\n" for row in kept)
    print(f"{len(kept)} names -> {OUT}")


if __name__ == "__main__":
    main()
