"""SIGKILL in the middle of saves: the document and its ``.bak`` are always whole, valid documents."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import pytest

from sequences import Document, Sequence, dump_document, parse_document
from sequences.nodes import NODE_CLASSES, Edge
from sequences.storage import backup_path

TRIES = 40

# Saves the two versions in turn, as fast as it can, until it is killed.
SAVER = """
import sys
from sequences.storage import atomic_write
path, first, second = sys.argv[1], open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read()
atomic_write(path, first)
atomic_write(path, second)
print("saving", flush=True)
turn = 0
while True:
    atomic_write(path, (first, second)[turn % 2])
    turn += 1
"""


def version(name: str, emails: int = 1500) -> bytes:
    """A valid document of about 1.5 MB as JSON (written fast, so a kill lands mid-write often)."""
    nodes = [NODE_CLASSES["entry"](id="start", kind="entry")]
    edges, previous = [], "start"
    for i in range(emails):
        nodes.append(NODE_CLASSES["email"](id=f"n{i}", kind="email", subject=f"{name} {i} " + "x" * 800))
        edges.append(Edge.model_validate({"from": previous, "port": "next", "to": f"n{i}"}))
        previous = f"n{i}"
    document = Document(name=name, sequence=Sequence(nodes=tuple(nodes), edges=tuple(edges)))
    return dump_document(document, None, "json").encode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is the crash being simulated")
def test_a_kill_during_a_save_never_leaves_a_truncated_file_or_backup(tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_bytes(version("first"))
    second.write_bytes(version("second"))
    versions = {first.read_bytes(): "first", second.read_bytes(): "second"}
    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / "plan.json"
    chance = random.Random(11)
    leftovers = 0
    for _ in range(TRIES):
        saver = subprocess.Popen([sys.executable, "-c", SAVER, str(path), str(first), str(second)],
                                 stdout=subprocess.PIPE, text=True)
        assert saver.stdout.readline() == "saving\n"
        time.sleep(chance.uniform(0.0, 0.2))  # not a timing assertion: it picks the moment of the kill
        saver.send_signal(signal.SIGKILL)
        saver.wait(30)
        saver.stdout.close()
        for kept in (path, backup_path(path)):
            data = kept.read_bytes()
            assert data in versions, f"{kept.name}: {len(data)} bytes, not a whole version"
            document, _ = parse_document(data.decode("utf-8"), str(kept), "json")
            assert document.name == versions[data]
        temps = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        assert all(p.name.startswith(".") for p in temps)  # what a kill leaves is hidden
        leftovers += len(temps)
        for temp in temps:
            temp.unlink()
    print(f"{TRIES} kills: document and .bak whole every time; {leftovers} hidden temp files left by the kills")
