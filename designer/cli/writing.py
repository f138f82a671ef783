"""How every CLI command writes a document: under the designer's lock, on a fresh read, atomically."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import typer

from sequences import Document, DocumentError, read_document
from sequences.fileformat import Saved, write_document
from sequences.locking import LockHolder, holder_of, lock_for_command
from sequences.storage import atomic_write

LOCKED = 3  # exit code: another program holds the file
# Another command holds the lock for moments (re-read, change, write), but several queued on a busy
# two-core machine take a second or two each: wait this long before refusing.
WAIT_SECONDS = 15.0


def _refusal(path: Path, holder: LockHolder) -> str:
    if holder.brief:
        why = f"another command, {holder.describe()}, is still writing it after {WAIT_SECONDS:g} s"
    else:
        why = (f"it is open in {holder.program or 'a designer window'} by {holder.user or 'someone'} "
               f"(process {holder.pid} on {holder.host})")
    return (f"{path}: not written: {why}. Close it there and run this again, or use --force to write anyway "
            "(an open window is then offered to reload).")


def refuse_if_open(path: Path, force: bool) -> None:
    """Before long work: refuse at once when a window holds ``path``, rather than after the work."""
    holder = None if force else holder_of(path)
    if holder is not None and not holder.brief:
        typer.echo(_refusal(path, holder), err=True)
        raise typer.Exit(LOCKED)


@contextlib.contextmanager
def locked(path: Path, force: bool, program: str) -> Iterator[None]:
    """Hold the document's lock for the block; refuse (exit 3) while another live process holds it,
    unless ``force``. Waits a few seconds for another command, which lets go within moments."""
    lock = lock_for_command(path, program, WAIT_SECONDS)
    try:
        if not lock.held and lock.holder is not None and not force:
            typer.echo(_refusal(path, lock.holder), err=True)
            raise typer.Exit(LOCKED)
        yield
    finally:
        lock.release()


def update_document(path: Path, change: Callable[[Document], Document | None], *, force: bool, program: str,
                    normalise: bool = False) -> Saved | None:
    """Re-read ``path`` under its lock, apply ``change`` to that fresh copy and save the result, so
    another writer's work of a moment ago is kept. ``change`` returns None when nothing is to be written.

    DocumentError (the fresh read) and OSError (the write) reach the caller, which words them."""
    with locked(path, force, program):
        document, tree = read_document(path)
        updated = change(document)
        if updated is None:
            return None
        return write_document(updated, path, tree, normalise)


def write_new(path: Path, document: Document | None = None, data: bytes | None = None, *, force: bool,
              program: str, template: object = None, replace: bool = True) -> None:
    """Write a whole new document (``document``, or exact ``data``) at ``path`` under its lock; with
    ``replace`` False an existing file is refused (checked under the lock, so no race)."""
    with locked(path, force, program):
        if not replace and path.exists():
            raise FileExistsError(path)
        if data is not None:
            atomic_write(path, data, keep_backup=path.exists())
        elif document is not None:
            write_document(document, path, template)


def fail_unreadable(exc: DocumentError) -> typer.Exit:
    """The fresh read under the lock found a file that cannot be used (someone broke it meanwhile)."""
    typer.echo(exc.message, err=True)
    return typer.Exit(2)
