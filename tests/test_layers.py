"""The non-GUI layers work without Qt, and the model works without the engine: proven in clean interpreters."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs in a fresh interpreter: blocks the named top-level packages, then imports every module of the
# given packages and reports what it imported and whether a blocked package was asked for.
PROBE = textwrap.dedent("""
    import importlib, importlib.abc, json, pkgutil, sys

    blocked, packages = sys.argv[1].split(","), sys.argv[2].split(",")
    asked = []

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in blocked:
                asked.append(name)
                raise ImportError(f"{name} is blocked in this layer")
            return None

    sys.meta_path.insert(0, Block())
    imported = []
    for package in packages:
        root = importlib.import_module(package)
        imported.append(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            importlib.import_module(info.name)
            imported.append(info.name)
    leaked = sorted(m for m in sys.modules if m.split(".")[0] in blocked)
    print(json.dumps({"imported": imported, "asked": asked, "leaked": leaked}))
""")


def _probe(blocked: list[str], packages: list[str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(blocked), ",".join(packages)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _modules(package: str) -> set[str]:
    folder = ROOT / package
    names = set()
    for path in folder.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_sequences_and_simulation_import_without_qt_or_the_designer():
    report = _probe(["PySide6", "shiboken6", "pyqtgraph", "designer"], ["sequences", "simulation"])
    assert set(report["imported"]) == _modules("sequences") | _modules("simulation")
    assert report["asked"] == [] and report["leaked"] == []


def test_sequences_imports_neither_the_engine_nor_simpy():
    report = _probe(["PySide6", "shiboken6", "pyqtgraph", "designer", "simulation", "simpy"], ["sequences"])
    assert set(report["imported"]) == _modules("sequences")
    assert report["asked"] == [] and report["leaked"] == []


def test_the_probe_does_catch_a_forbidden_import():
    # Without this the tests above could pass by blocking nothing: validation needs networkx, so blocking it fails.
    result = subprocess.run([sys.executable, "-c", PROBE, "networkx", "sequences"], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode != 0
    assert "ImportError: networkx is blocked in this layer" in result.stderr
