"""A build folder against its manifest: what ``kg build`` lists, and what every reader of a build checks first.

``manifest.json`` is written last into the build's staging folder. Its ``contents`` map lists every file of the
build (every file under the folder but ``manifest.json`` itself and the extraction cache ``.kg-cache/``, folders
such as ``neo4j/`` file by file) with its size in bytes and its SHA-256. A folder is one complete build when the
manifest is there and every file it lists is there with that size and hash; files it does not list are ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.errors import IncompleteBuild, Messages

MANIFEST = "manifest.json"
#: Entries of a build folder that are not part of the build: the extraction cache (it outlives builds).
NOT_LISTED = (".kg-cache",)
_CHUNK = 1 << 20


def file_entry(path: Path) -> dict[str, Any]:
    """A file's size and SHA-256, as the manifest lists them; the file is flushed to disk on the way (``fsync``),
    so that the manifest never describes data the disk does not hold yet."""
    return {"bytes": path.stat().st_size, "sha256": _sha256(path, sync=True)}


def build_files(folder: Path) -> list[str]:
    """The files of a build folder as ``/``-separated paths relative to it, sorted (the manifest and the cache
    left out)."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if relative.parts[0] in NOT_LISTED or relative.as_posix() == MANIFEST or not path.is_file():
            continue
        found.append(relative.as_posix())
    return sorted(found)


def list_contents(folder: Path, names: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """The manifest's ``contents``: each file of ``folder`` (or only ``names``) with its size and SHA-256.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("kg")
    >>> list_contents(folder)["a.txt"]["bytes"]
    2
    """
    return {name: file_entry(folder / name) for name in (build_files(folder) if names is None else names)}


def write_manifest(folder: Path, manifest: dict[str, Any], *,
                   contents: dict[str, dict[str, Any]] | None = None) -> Path:
    """Write ``manifest`` as ``folder/manifest.json`` with ``contents`` (by default every file of ``folder``, listed
    now), whole or not at all: a temporary file, flushed, renamed over it. Returns its path."""
    data = {**manifest, "contents": list_contents(folder) if contents is None else contents}
    path = folder / MANIFEST
    temporary = folder / f".{MANIFEST}.tmp"
    with open(temporary, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(data, indent=2, ensure_ascii=False))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temporary, path)
    for name in {str(Path(name).parent) for name in data["contents"]} | {"."}:
        sync_folder(folder / name)
    return path


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (names, renames) to disk, where the system allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some systems and file systems cannot sync a folder; its files are synced
    finally:
        os.close(descriptor)


def update_manifest(folder: Path, names: Iterable[str]) -> None:
    """Record anew the size and hash of ``names`` (files a command rewrote inside a build, such as ``kg html``'s
    page), keeping the rest of the manifest."""
    manifest = read_manifest(folder)
    write_manifest(folder, manifest, contents={**manifest["contents"], **list_contents(folder, names)})


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of ``folder``, checked to be kg's, with ``contents``.

    Raises
    ------
    IncompleteBuild
        No manifest, or not one that lists the build's files.
    """
    path = folder / MANIFEST
    if not path.is_file():
        raise IncompleteBuild(Messages.NOT_ONE_BUILD.format(folder=folder, why=Messages.NO_MANIFEST))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise IncompleteBuild(Messages.NOT_ONE_BUILD.format(
            folder=folder, why=Messages.BAD_MANIFEST.format(error=err))) from err
    if not isinstance(manifest, dict):
        raise IncompleteBuild(Messages.NOT_ONE_BUILD.format(
            folder=folder, why=Messages.BAD_MANIFEST.format(error="not a JSON object")))
    contents = manifest.get("contents")
    if not isinstance(contents, dict) or not all(_is_entry(e) for e in contents.values()):
        raise IncompleteBuild(Messages.NOT_ONE_BUILD.format(folder=folder, why=Messages.OLD_MANIFEST))
    return manifest


def _is_entry(entry: object) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("bytes"), int)
            and isinstance(entry.get("sha256"), str))


def check_build(folder: str | Path, *, hashes: bool = True) -> dict[str, Any]:
    """Check that ``folder`` holds one complete build, and return its manifest.

    Every file the manifest lists must be there with the size it lists and (with ``hashes``, the default) the
    same SHA-256. This is what every reader of a build (``load_build``, ``kg html``, ``kg neo4j ...``,
    ``kg entities``) calls first.

    Raises
    ------
    IncompleteBuild
        One line: no manifest, a listed file missing, or one of another size or content.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    for name, entry in manifest["contents"].items():
        path = folder / name
        if not path.is_file():
            why = Messages.LISTED_FILE_MISSING.format(name=name)
        elif path.stat().st_size != entry["bytes"]:
            why = Messages.LISTED_FILE_SIZE.format(name=name, actual=path.stat().st_size, expected=entry["bytes"])
        elif hashes and _sha256(path) != entry["sha256"]:
            why = Messages.LISTED_FILE_HASH.format(name=name)
        else:
            continue
        raise IncompleteBuild(Messages.NOT_ONE_BUILD.format(folder=folder, why=why))
    return manifest


def _sha256(path: Path, *, sync: bool = False) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(block)
        if sync:
            os.fsync(fh.fileno())
    return digest.hexdigest()
