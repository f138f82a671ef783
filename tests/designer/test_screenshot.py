"""``nurture-studio FILE --screenshot OUT.png`` renders the window to a PNG and exits, headless."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "assets" / "examples" / "patient_engagement.nurture.yaml"
SCRIPT = Path(sys.executable).with_name("nurture-studio")


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NURTURE_STATE_DIR=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    return subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120)


def test_screenshot_writes_a_png_of_the_window(tmp_path):
    out = tmp_path / "shots" / "window.png"
    result = _run(tmp_path, str(EXAMPLE), "--screenshot", str(out), "--size", "1200x800")
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 800)
    assert len(data) > 20_000  # a drawn window, not a blank image


def test_screenshot_of_a_broken_file_says_why_without_a_traceback(tmp_path):
    broken = tmp_path / "broken.nurture.yaml"
    broken.write_text("schema_version: 1\nsequence:\n  nodes:\n    - {id: a, kind: teleport}\n")
    result = _run(tmp_path, str(broken), "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 1
    assert "broken.nurture.yaml" in result.stderr and "teleport" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_the_engine_check_simulates_on_worker_processes(tmp_path):
    # What packaging/check_dist.py asks of the built app: the engine, its kernels and its worker processes.
    result = _run(tmp_path, str(EXAMPLE), "--check-engine")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("engine ok: 5,000 leads,") and "SQL handoffs" in result.stdout
    broken = tmp_path / "broken.nurture.yaml"
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    refused = _run(tmp_path, str(broken), "--check-engine")
    assert refused.returncode == 1 and "broken.nurture.yaml" in refused.stderr and "Traceback" not in refused.stderr
