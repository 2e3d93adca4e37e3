"""The build folder as a transaction: checked first, locked, written aside, swapped in whole.

For ``--out OUT`` (in folder ``P``):

- :func:`check_locations` checks every input and the output location before any work;
- :class:`BuildLock` holds ``P/OUT.kg-lock`` (an ``flock`` on it, plus the holder's pid, host and start time),
  so a second build into ``OUT`` exits naming the holder, or waits; a lock whose holder died is taken over;
- :class:`BuildFolder` removes what killed builds left beside ``OUT``, writes the new build into
  ``P/OUT.kg-staging-<pid>`` (the extraction cache ``OUT/.kg-cache`` is moved in first, and moves back if the
  build fails), and :meth:`BuildFolder.commit` swaps it with ``OUT`` in one ``renameat2(RENAME_EXCHANGE)``
  (Linux). Where the kernel or file system has no exchange, ``OUT`` is renamed aside to ``P/OUT.kg-old-<pid>``
  and the staging folder renamed in; a build killed between the two renames is rolled back on the next start.

So ``OUT`` holds the old build until the new one is complete, manifest included, and then the new one. Entries
of the old folder that its manifest does not list (files of your own, the cache) are carried into the new one.

The named points of a build (``checkpoint``) are where the fault-injection tests stop a build; see
:data:`POINTS`.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import signal
import socket
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from kg.buildcheck import MANIFEST, read_manifest, sync_folder, update_manifest
from kg.errors import BuildError, BuildLocked, CorpusError, IncompleteBuild, KGWarning, Messages

try:  # POSIX; elsewhere the lock file alone (no flock) keeps builds apart
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

Checkpoint = Callable[[str], None]
CACHE = ".kg-cache"
#: The named points of a build, in order; ``wrote:<file>`` follows each writer.
POINTS = ("checked", "locked", "staged", "read", "extracted", "graph", "wrote:<file>", "written", "manifest",
          "swap", "aside", "swapped", "cleaned")


def _nothing(point: str) -> None:
    """The checkpoint of an ordinary build: nothing happens."""


def sibling(out: Path, tag: str) -> Path:
    """``P/OUT.<tag>`` beside ``out`` (in the same folder, so on the same file system: renames are atomic)."""
    return out.with_name(f"{out.name}.{tag}")


def check_locations(inputs: Sequence[str | Path], out: Path) -> None:
    """Check, before any work, that every input exists and that ``out`` can hold a build.

    ``out`` must be a folder or not exist yet, lie inside no input folder and be no mount point (the staging
    folder beside it must be on its file system), and its nearest existing folder (and ``out`` itself) must be
    writable.

    Raises
    ------
    CorpusError
        An input path that does not exist.
    BuildError
        ``out`` is a file, inside an input folder, a mount point or not writable (one line, naming what and why).
    """
    for item in inputs:
        if not Path(item).exists():
            raise CorpusError(str(item), 0, Messages.NOT_FOUND)
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out}: {Messages.OUT_NOT_DIR}")
    real = Path(os.path.realpath(out))
    for item in inputs:
        folder = Path(os.path.realpath(item))
        if folder.is_dir() and (real == folder or folder in real.parents):
            raise BuildError(Messages.OUT_INSIDE_INPUT.format(out=out, input=item))
    existing = real if real.exists() else next(p for p in real.parents if p.exists())
    if not existing.is_dir():
        raise BuildError(Messages.OUT_PARENT_NOT_DIR.format(out=out, parent=existing))
    for folder in {existing, real.parent} if real.exists() else {existing}:
        if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
            raise BuildError(Messages.OUT_NOT_WRITABLE.format(out=out, folder=folder, reason="not writable"))
    if real.exists() and real.stat().st_dev != real.parent.stat().st_dev:
        raise BuildError(Messages.OUT_MOUNT_POINT.format(out=out))


class BuildLock:
    """The lock of one output folder: ``P/OUT.kg-lock``, ``flock``-ed while held, holding ``{"pid", "host",
    "since"}``.

    A lock file whose ``flock`` is free was left by a build that died: on the same host it is taken over with a
    :class:`~kg.errors.KGWarning`; written by another host it is refused (this machine cannot tell whether that
    build still runs). With ``wait``, a held lock is waited for instead of refused.
    """

    def __init__(self, out: Path, *, wait: bool = False) -> None:
        self.out = out
        self.path = sibling(out, "kg-lock")
        self.wait = wait
        self._fh: IO[str] | None = None

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lock (or wait for it).

        Raises
        ------
        BuildLocked
            Another build holds it (its pid, host and start time named), or a lock of another host is there.
        BuildError
            The lock file cannot be written (the output location is not writable).
        """
        while self._fh is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open as long as the lock
            except OSError as err:
                raise BuildError(Messages.OUT_NOT_WRITABLE.format(
                    out=self.out, folder=self.path.parent, reason=err.strerror or err)) from err
            if not self._flock(fh) or not self._same_file(fh):
                fh.close()
                continue
            self._take(fh)

    def _flock(self, fh: IO[str]) -> bool:
        """``flock`` the open lock file: True when held; raise when another build holds it and we do not wait."""
        if fcntl is None:  # pragma: no cover - Windows
            return True
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
        except BlockingIOError as err:
            holder = self.holder(fh)
            fh.close()
            raise BuildLocked(Messages.BUILD_LOCKED.format(out=self.out, **holder)) from err
        return True

    def _same_file(self, fh: IO[str]) -> bool:
        """Whether the locked file is still the lock file (its holder may have removed it while we waited)."""
        try:
            return os.stat(self.path).st_ino == os.fstat(fh.fileno()).st_ino
        except FileNotFoundError:
            return False

    def _take(self, fh: IO[str]) -> None:
        """Write our pid, host and time into the locked file; warn about (or refuse) the holder it names."""
        before = self.holder(fh)
        if before["pid"] != "?" and before["host"] != socket.gethostname():
            fh.close()
            raise BuildLocked(Messages.LOCK_OTHER_HOST.format(out=self.out, lock=self.path, **before))
        if before["pid"] != "?":
            warnings.warn(Messages.STALE_LOCK.format(**before), KGWarning, stacklevel=2)
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                             "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}))
        fh.flush()
        self._fh = fh

    @staticmethod
    def holder(fh: IO[str]) -> dict[str, Any]:
        """The pid, host and start time the lock file names (``?`` where it names none yet)."""
        fh.seek(0)
        try:
            found = json.loads(fh.read() or "{}")
        except json.JSONDecodeError:
            found = {}
        found = found if isinstance(found, dict) else {}
        return {key: found.get(key, "?") for key in ("pid", "host", "since")}

    def release(self) -> None:
        """Remove the lock file and let go of it."""
        if self._fh is None:
            return
        fh, self._fh = self._fh, None
        with suppress(FileNotFoundError):
            self.path.unlink()
        fh.close()


def _exchange(a: Path, b: Path) -> bool:
    """Swap the paths ``a`` and ``b`` in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the C
    library, the kernel or the file system has no such call."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _listed(folder: Path) -> set[str] | None:
    """The top-level names a complete build's manifest lists (with the manifest); None for a folder that is not
    one (then none of its files is carried anywhere but the cache)."""
    try:
        contents = read_manifest(folder)["contents"]
    except IncompleteBuild:
        return None
    return {MANIFEST, *(name.split("/", 1)[0] for name in contents)}


def carry_over(old: Path, new: Path) -> None:
    """Move into ``new`` what of ``old`` is no part of its build: the cache, and (when ``old`` is a complete
    build) every top-level entry its manifest does not list, wherever ``new`` has no entry of that name."""
    listed = _listed(old)
    for entry in sorted(old.iterdir()) if old.is_dir() else []:
        ours = entry.name.startswith((".kg-amend-", f".{MANIFEST}."))  # scratch of kg's own, never carried
        keep = entry.name == CACHE or (listed is not None and entry.name not in listed and not ours)
        if keep and not os.path.lexists(new / entry.name):
            os.rename(entry, new / entry.name)


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


class BuildFolder:
    """The staging folder of one build into ``out``, under ``out``'s lock (a context manager).

    On entering: take the lock, recover from interrupted builds (see :meth:`recover`), make the staging folder and
    move the extraction cache into it. On leaving without :meth:`commit` (an error): the cache goes back to ``out``
    and the staging folder is removed. ``checkpoint`` is called with each point of :data:`POINTS` reached here.
    """

    def __init__(self, out: Path, *, wait: bool = False, checkpoint: Checkpoint = _nothing) -> None:
        self.out = Path(os.path.realpath(out))
        self.staging = sibling(self.out, f"kg-staging-{os.getpid()}")
        self.lock = BuildLock(self.out, wait=wait)
        self.checkpoint = checkpoint
        self.committed = False

    def __enter__(self) -> BuildFolder:
        return self.open()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def open(self) -> BuildFolder:
        """Take the lock, recover from interrupted builds, make the staging folder and move the cache into it.

        Raises
        ------
        BuildLocked
            Another build holds the lock.
        BuildError
            The lock or the staging folder cannot be written.
        """
        self.lock.acquire()
        try:
            self.checkpoint("locked")
            self.recover()
            self.staging.mkdir()
            if (self.out / CACHE).is_dir():
                os.rename(self.out / CACHE, self.staging / CACHE)
            self.checkpoint("staged")
        except OSError as err:
            self.lock.release()
            raise BuildError(Messages.OUT_NOT_WRITABLE.format(out=self.out, folder=self.out.parent,
                                                              reason=err.strerror or err)) from err
        except BaseException:
            self.lock.release()
            raise
        return self

    def close(self) -> None:
        """Without a :meth:`commit`, put the cache back into ``out`` (made for it if need be: what was extracted is
        kept) and remove the staging folder; then let go of the lock."""
        try:
            if not self.committed and self.staging.is_dir():
                if (self.staging / CACHE).is_dir():
                    self.out.mkdir(exist_ok=True)
                    carry_over(self.staging, self.out)
                _remove(self.staging)
        finally:
            self.lock.release()

    def leftovers(self) -> list[Path]:
        """Folders that interrupted builds left beside ``out``: staging folders and old builds set aside."""
        return sorted(p for tag in ("kg-staging-*", "kg-old-*") for p in self.out.parent.glob(f"{self.out.name}.{tag}")
                      if p.is_dir())

    def recover(self) -> None:
        """Undo what killed builds left (the lock is ours, so their builders are dead): an old build set aside by a
        swap that did not finish goes back to ``out``; the cache and your own files go back into ``out``; the
        rest is removed, with a :class:`~kg.errors.KGWarning`."""
        leftovers = self.leftovers()
        if not leftovers:
            return
        aside = [p for p in leftovers if ".kg-old-" in p.name]
        if not self.out.exists() and aside:
            os.rename(aside[-1], self.out)
            leftovers.remove(aside[-1])
        for folder in leftovers:
            if (folder / CACHE).is_dir():
                self.out.mkdir(exist_ok=True)  # what a killed first build extracted is kept too
            if self.out.is_dir():
                carry_over(folder, self.out)
            _remove(folder)
        warnings.warn(Messages.LEFTOVERS_REMOVED.format(count=len(leftovers), out=self.out,
                                                        names=", ".join(p.name for p in leftovers)),
                      KGWarning, stacklevel=2)

    def commit(self) -> None:
        """Swap the complete staging folder in as ``out``; then remove the old build (what it held that was not
        part of it is carried into the new one first).

        Raises
        ------
        BuildError
            The swap failed; ``out`` still holds the previous build.
        """
        self.checkpoint("swap")
        old: Path | None = None
        try:
            if not os.path.lexists(self.out):
                os.rename(self.staging, self.out)
            elif _exchange(self.staging, self.out):
                old = self.staging
            else:
                old = sibling(self.out, f"kg-old-{os.getpid()}")
                os.rename(self.out, old)
                self.checkpoint("aside")
                os.rename(self.staging, self.out)
        except OSError as err:
            if old is not None and old.is_dir() and not os.path.lexists(self.out):
                os.rename(old, self.out)  # the second rename failed: the old build goes back
            raise BuildError(Messages.SWAP_FAILED.format(out=self.out, error=err)) from err
        self.committed = True
        sync_folder(self.out.parent)
        self.checkpoint("swapped")
        if old is not None:
            carry_over(old, self.out)
            _remove(old)
        self.checkpoint("cleaned")


@contextmanager
def amending(build: Path) -> Iterator[Path]:
    """Rewrite files of a complete build, under its lock: yields a scratch folder inside the build; on leaving, each
    file written there (``neo4j/papers.csv``, ...) is renamed over the build's file of that path and the manifest
    records its size and hash anew. What ``kg html`` and ``kg neo4j csv`` use when they write into a build.

    Raises
    ------
    BuildLocked
        A build is writing the folder.
    IncompleteBuild
        The folder is not one complete build.
    """
    build = Path(os.path.realpath(build))
    with BuildLock(build):
        read_manifest(build)
        scratch = build / f".kg-amend-{os.getpid()}"
        _remove(scratch)
        scratch.mkdir()
        try:
            yield scratch
            names = [p.relative_to(scratch).as_posix() for p in sorted(scratch.rglob("*")) if p.is_file()]
            for name in names:
                (build / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(scratch / name, build / name)
            update_manifest(build, names)
        finally:
            _remove(scratch)


def write_into(build: Path, target: Path, write: Callable[[Path], object]) -> Path:
    """``write(target)``; where ``target`` lies inside ``build`` and ``build`` is a complete build, through
    :func:`amending` (under the build's lock, renamed into place, the manifest updated). Returns ``target``.

    Raises
    ------
    BuildLocked
        ``target`` is inside a build that a build is writing.
    """
    real, root = Path(os.path.realpath(target)), Path(os.path.realpath(build))
    if root not in real.parents or not (root / MANIFEST).is_file():
        write(target)
        return target
    with amending(root) as scratch:
        write(scratch / real.relative_to(root))
    return target


def fault_hook() -> Callable[[str], None] | None:
    """For the fault-injection tests only: ``KG_FAULT_AT=<point>`` kills the build with SIGKILL when it reaches that
    point of :data:`kg.transaction.POINTS`, ``KG_FAULT_AT=raise@<point>`` raises an OSError there and
    ``KG_FAULT_AT=stop@<point>`` stops the process (SIGSTOP) until it is continued."""
    spec = os.environ.get("KG_FAULT_AT")
    if not spec:
        return None
    action, _, target = spec.rpartition("@")

    def hook(point: str) -> None:
        if point != target:
            return
        if action == "raise":
            raise OSError(Messages.INJECTED_FAULT.format(point=point))
        os.kill(os.getpid(), signal.SIGSTOP if action == "stop" else signal.SIGKILL)

    return hook
