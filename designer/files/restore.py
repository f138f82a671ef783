"""Restoring the work a crashed window left: the first orphan the person agrees to, installed and locked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sequences import DocumentError

from .loading import digest_of
from .recovery import discard_orphan, find_orphans, load_orphan, set_aside

if TYPE_CHECKING:
    from .controller import FileController


def restore_orphan(controller: FileController) -> bool:
    """Ask about each autosave left by a crash; True once one is restored into ``controller``'s window.

    The restored work stays modified, editable and locked: a lock this window already holds on the
    same file (it was opened first, as ``nurture-studio FILE`` does) is kept, not taken a second time.
    """
    for orphan in find_orphans():
        answer = controller.dialogs.ask_restore(orphan.describe())
        if answer == "discard":
            discard_orphan(orphan)
        if answer != "restore":
            continue
        try:
            document, tree = load_orphan(orphan)
        except DocumentError as exc:
            kept = set_aside(orphan)
            controller.dialogs.show_error("Cannot restore", f"{exc.message}\n\nThe autosave was kept as {kept}.")
            continue
        if not controller._settle_changes():
            return False
        original = orphan.original
        lock = controller._lock_for(original) if original else None
        disk = digest_of(original) if original else None
        controller._install(document, original, tree, lock, disk)
        controller.model.undo_stack.resetClean()  # unsaved work: modified until the user saves it
        controller.autosaver.save_now()  # our own copy first, so a second crash loses nothing
        discard_orphan(orphan)
        controller._status(f"Restored unsaved work: {orphan.describe()}")
        return True
    return False

