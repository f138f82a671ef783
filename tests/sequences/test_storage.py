"""The one atomic writer: hidden temp files, removed on failure; one ``.bak`` generation; one format_of."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import pytest

from sequences import load_document, save_document
from sequences.storage import atomic_write, backup_path, format_of

EXAMPLE = Path(__file__).parents[2] / "assets" / "examples" / "patient_engagement.nurture.yaml"


def listing(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_save_keeps_one_backup_generation(tmp_path):
    path = tmp_path / "plan.nurture.yaml"
    atomic_write(path, b"first\n")
    assert listing(tmp_path) == ["plan.nurture.yaml"]  # nothing to back up yet, and no temp left
    atomic_write(path, b"second\n")
    atomic_write(path, b"third\n")
    assert path.read_bytes() == b"third\n" and backup_path(path).read_bytes() == b"second\n"
    assert listing(tmp_path) == ["plan.nurture.yaml", "plan.nurture.yaml.bak"]
    assert os.stat(path).st_ino != os.stat(backup_path(path)).st_ino  # two files, not two names of one


def test_a_failed_save_removes_its_temp_file_and_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "plan.nurture.yaml"
    atomic_write(path, b"old\n")
    atomic_write(path, b"older is the backup\n")
    seen: list[list[str]] = []

    def refuse(src, dst):
        seen.append(listing(tmp_path))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        atomic_write(path, b"new\n")
    monkeypatch.undo()
    # While it wrote, the temp file had a hidden name beside the document.
    assert any(name.startswith(".plan.nurture.yaml.") and name.endswith(".tmp") for name in seen[0])
    assert listing(tmp_path) == ["plan.nurture.yaml", "plan.nurture.yaml.bak"]
    assert path.read_bytes() == b"older is the backup\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_modes_are_kept_and_new_files_get_the_usual_mode(tmp_path):
    path = tmp_path / "plan.nurture.yaml"
    atomic_write(path, b"a\n")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~_umask()
    path.chmod(0o640)
    atomic_write(path, b"b\n")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("name,fmt", [("a.json", "json"), ("a.JSON", "json"), ("a.nurture.yaml", "yaml"),
                                      ("a.yml", "yaml"), ("a", "yaml")])
def test_one_format_of_for_every_writer(name, fmt):
    assert format_of(name) == fmt


def test_save_document_round_trips_in_both_formats(tmp_path):
    document = load_document(EXAMPLE)
    for name in ("plan.nurture.yaml", "plan.json"):
        save_document(document, tmp_path / name)
        assert load_document(tmp_path / name).model_dump() == document.model_dump()


def test_temp_files_left_by_a_killed_save_are_removed_by_a_later_save(tmp_path):
    path = tmp_path / "plan.nurture.yaml"
    atomic_write(path, b"a\n")
    stale, fresh = tmp_path / ".plan.nurture.yaml.k1ll3d.tmp", tmp_path / ".plan.nurture.yaml.bak.n0w.tmp"
    other = tmp_path / ".other.yaml.k1ll3d.tmp"
    for temp in (stale, fresh, other):
        temp.write_bytes(b"half a docu")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    atomic_write(path, b"b\n")
    assert not stale.exists()  # a kill's leftover, hours old
    assert fresh.exists()  # may be another writer's, right now
    assert other.exists()  # another document's
