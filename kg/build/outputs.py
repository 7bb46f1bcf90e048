"""The output folder of a build: checked before any work, locked, written aside and switched at once.

A build writes its outputs into a new folder OUT/.kg/builds/ID and, when every one is complete,
points the link OUT/.kg/current at it with one rename. OUT/graph.ttl, events.json, graph.html
(and store) are links through OUT/.kg/current, so a reader never sees a new view beside an old
graph, and a build killed at any moment leaves the previous set whole. What a killed build left
(its unfinished folder, or temporary files of older versions) is removed by the next build;
builds into one folder take turns through a lock.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

STATE = ".kg"            # OUT/.kg: the lock, the builds, the `current` link
MANIFEST = "build.json"  # in each build folder: what it holds and when it was made
OPTIONAL_OUTPUTS = ("store",)  # made by some builds only: a link to one left by an earlier build goes
# temporary files of builds before this layout: .graph.x1y2.tmp.ttl and the like
LEGACY_TEMPORARY = (".graph.*.tmp.ttl", ".events.*.tmp.json", ".graph.*.tmp.html")


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


class OutputFolder:
    """OUT for one build: `open` checks and locks it, `staging` is where outputs go, `commit` switches."""

    def __init__(self, out: Path):
        self.out = out
        self.state = out / STATE
        self.staging: Path | None = None
        self.created = False
        self._lock = None

    def open(self) -> "OutputFolder":
        """Check that OUT can be written, take its lock, clear what killed builds left, start a build folder."""
        self.created = not self.out.exists()  # and so removed again if this build writes nothing
        check_writable(self.out, "output folder")
        self.state.mkdir(exist_ok=True)
        self._lock = open(self.state / "lock", "a")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            self._lock = None
            raise OutputError(f"another kg build is writing into {self.out}; wait for it to finish") from None
        self.removed = self._clean()
        builds = self.state / "builds"
        builds.mkdir(exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(dir=builds, prefix=time.strftime("%Y%m%dT%H%M%S-")))
        os.chmod(self.staging, 0o777 & ~_umask())
        return self

    def current(self) -> Path | None:
        """The folder of the last complete build, if any."""
        link = self.state / "current"
        return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None

    def _clean(self) -> list[Path]:
        """Remove the build folders no link points to and older versions' temporary files."""
        removed = []
        current = self.current()
        link = self.state / "current"
        if link.exists() and not link.is_symlink():  # a copy of OUT made with the links followed
            _remove(link)
        for folder in sorted((self.state / "builds").glob("*")):
            if folder.resolve() != current:
                _remove(folder)
                removed.append(folder)
        for pattern in LEGACY_TEMPORARY:
            for f in self.out.glob(pattern):
                f.unlink(missing_ok=True)
                removed.append(f)
        return removed

    def commit(self, names: list[str], manifest: dict) -> None:
        """Make the staged build the current one: one rename, then the links OUT/<name> through it."""
        assert self.staging is not None
        previous = self.current()
        (self.staging / MANIFEST).write_text(json.dumps({**manifest, "outputs": names}, ensure_ascii=False,
                                                        indent=2) + "\n", encoding="utf-8")
        _fsync_tree(self.staging)
        _link(self.state / "current", Path("builds") / self.staging.name)
        for name in names:
            target = Path(STATE) / "current" / name
            if not (self.out / name).is_symlink() or Path(os.readlink(self.out / name)) != target:
                _link(self.out / name, target)
        for stale in OPTIONAL_OUTPUTS:
            path = self.out / stale
            if stale not in names and path.is_symlink() and not path.exists():
                path.unlink()  # a link to an output this build does not make
        self.staging = None
        if previous is not None:
            _remove(previous)

    def abandon(self) -> None:
        """Nothing will be written: remove OUT again if this build made it."""
        self.close()
        if self.created:
            _remove(self.out)

    def close(self) -> None:
        """Release the lock; a build that did not commit leaves nothing behind."""
        if self.staging is not None:
            _remove(self.staging)
            self.staging = None
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> "OutputFolder":
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()



def check_writable(folder: Path, what: str) -> None:
    """Create the folder if needed and write a file in it; an OutputError says what stands in the way."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{what} {folder} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as e:
        raise OutputError(f"cannot write into the {what} {folder}: {_reason(e)}") from None


def _reason(e: OSError) -> str:
    if e.errno == errno.EROFS:
        return "read-only file system"
    if e.errno == errno.ENOSPC:
        return "no space left on the device"
    if e.errno == errno.EEXIST or e.errno == errno.ENOTDIR:
        return f"{e.filename} is a file, not a folder"
    return e.strerror or str(e)


def _link(path: Path, target: Path) -> None:
    """Point the link at path to target in one rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.link")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    try:
        os.replace(tmp, path)
    except IsADirectoryError:  # OUT/store of an older kg, a real folder: give way to the link
        _remove(path)
        os.replace(tmp, path)


def _fsync_tree(folder: Path) -> None:
    """Flush the staged files to disk before the switch names them current."""
    for f in folder.rglob("*"):
        if f.is_file():
            fd = os.open(f, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
