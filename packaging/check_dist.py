"""Starts the built application (no Python needed) on an example with --screenshot and checks the picture:
the right size, and a drawn window rather than a blank one; then has it simulate the example on two worker
processes (--check-engine). Exit code 0 when both look right."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(folder: str = "dist/nurture-studio") -> int:
    app = ROOT / folder / ("nurture-studio.exe" if sys.platform == "win32" else "nurture-studio")
    example = ROOT / "assets" / "examples" / "patient_engagement.nurture.yaml"
    if not app.exists():
        print(f"error: {app} does not exist: run make dist first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "window.png"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=scratch, XDG_CONFIG_HOME=scratch,
                   NURTURE_STATE_DIR=scratch)
        env.pop("PYTHONPATH", None)
        done = subprocess.run([str(app), str(example), "--screenshot", str(out), "--size", "1280x800"],
                              env=env, capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not out.exists():
            print(f"error: the app failed ({done.returncode}):\n{done.stderr[-2000:]}", file=sys.stderr)
            return 1
        data = out.read_bytes()
        size = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        if data[:8] != b"\x89PNG\r\n\x1a\n" or size != (1280, 800) or len(data) < 40_000:
            print(f"error: the screenshot looks wrong: {size}, {len(data)} bytes", file=sys.stderr)
            return 1
        kept = ROOT / folder / "check-screenshot.png"
        kept.write_bytes(data)
        # The engine too: its compiled kernels and its worker processes (the frozen executable started again).
        engine = subprocess.run([str(app), str(example), "--check-engine"], env=env, capture_output=True, text=True,
                                timeout=600)
        if engine.returncode != 0 or "engine ok" not in engine.stdout:
            print(f"error: the app's engine failed ({engine.returncode}):\n{engine.stderr[-2000:]}", file=sys.stderr)
            return 1
    print(f"ok: {app} drew a {size[0]}x{size[1]} window ({len(data):,} bytes, kept as {kept})")
    print(f"ok: {engine.stdout.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
