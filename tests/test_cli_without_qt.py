"""The command line and the document layout run without Qt: an import-linter contract, proven in clean interpreters."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")
EXAMPLE = ROOT / "assets" / "examples" / "patient_engagement.nurture.yaml"
CONTRACT = "cli-without-qt"

# A fresh interpreter in which Qt cannot be imported at all: it runs the `nurture` app the way its entry point
# does, then lays out a document, and reports what Qt modules got loaded.
HEADLESS = textwrap.dedent("""
    import importlib.abc, json, sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"):
                raise ImportError(f"{name} is blocked: the command line must not need Qt")
            return None

    sys.meta_path.insert(0, Block())
    from typer.testing import CliRunner
    from designer.cli.main import app
    from designer.layout_model import with_layout
    from sequences import load_document

    example, out = sys.argv[1], sys.argv[2]
    runs = {}
    for args in (["validate", example], ["simulate", example, "--replications", "2", "--leads", "300"],
                 ["report", example, "--out", out, "--replications", "2", "--leads", "300"]):
        result = CliRunner().invoke(app, args)
        runs[args[0]] = [result.exit_code, result.output[-400:], repr(result.exception)]
    document = load_document(example)
    laid_out = with_layout(document.model_copy(update={"layout": {}}))
    positions = sorted({type(v) for xy in laid_out.layout.values() for v in xy}, key=str)
    print(json.dumps({"runs": runs, "laid_out": len(laid_out.layout), "nodes": len(document.sequence.nodes),
                      "types": [t.__name__ for t in positions],
                      "qt": sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))}))
""")


def _lint(config: Path | None = None) -> subprocess.CompletedProcess:
    args = [str(LINT), "--contract", CONTRACT, "--no-cache"] + (["--config", str(config)] if config else [])
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_the_cli_contract_is_kept_with_the_pdf_writer_as_its_one_named_exception():
    result = _lint()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert re.search(r"never import Qt.*KEPT \(1 ignored import\)", result.stdout.replace("\n", " "))


def test_the_contract_catches_the_pdf_writer_once_its_exception_is_taken_away(tmp_path):
    # Without this the contract above could pass by looking at nothing: the lazy PDF import is a real chain to Qt.
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = [c for c in settings["contracts"] if c.get("id") == CONTRACT]
    lines = ["[tool.importlinter]", f"root_packages = {json.dumps(settings['root_packages'])}",
             "include_external_packages = true", "", "[[tool.importlinter.contracts]]", f'id = "{CONTRACT}"',
             'name = "without its exception"', 'type = "forbidden"',
             f"source_modules = {json.dumps(contract['source_modules'])}",
             f"forbidden_modules = {json.dumps(contract['forbidden_modules'])}"]
    config = tmp_path / "strict.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _lint(config)
    assert result.returncode != 0
    assert "designer.forecast.report_export -> PySide6" in result.stdout


def test_validate_simulate_html_report_and_layout_run_with_qt_blocked(tmp_path):
    out = tmp_path / "report.html"
    result = subprocess.run([sys.executable, "-c", HEADLESS, str(EXAMPLE), str(out)], capture_output=True,
                            text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    for command, (code, output, exception) in report["runs"].items():
        assert code == 0, f"nurture {command}: {output} {exception}"
    assert "<html" in out.read_text(encoding="utf-8").lower()
    assert report["laid_out"] == report["nodes"] > 0 and report["types"] == ["float"]
    assert report["qt"] == []
