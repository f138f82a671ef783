"""MkDocs hook: fails the build when a link in README.md points at a docs page or anchor that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

# Markdown links and images whose target is relative (no scheme, not a bare #anchor).
LINK = re.compile(r"!?\[[^\]]*\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s]+)\)")
HEADING_ID = re.compile(r'<h[1-6][^>]*\bid="([^"]+)"')

_anchors: dict[str, set[str]] = {}


def on_pre_build(config) -> None:
    _anchors.clear()


def on_page_content(html: str, page, config, files) -> str:
    _anchors[page.file.src_uri] = set(HEADING_ID.findall(html))
    return html


def broken_links(readme: Path, docs_dir: Path, anchors: dict[str, set[str]]) -> list[str]:
    """README links that lead nowhere: a missing file, or a docs page without that heading."""
    root = readme.parent
    problems = []
    for number, line in enumerate(readme.read_text(encoding="utf-8").splitlines(), start=1):
        for target in LINK.findall(line):
            path, _, anchor = target.partition("#")
            if not (root / path).exists():
                problems.append(f"README.md:{number}: '{target}': no file {path}")
                continue
            try:
                page = (root / path).resolve().relative_to(docs_dir.resolve()).as_posix()
            except ValueError:
                continue  # a file outside docs/, such as the Makefile: existing is enough
            if anchor and anchor not in anchors.get(page, set()):
                problems.append(f"README.md:{number}: '{target}': {page} has no heading '#{anchor}'")
    return problems


def on_post_build(config) -> None:
    readme = Path(config["config_file_path"]).parent / "README.md"
    problems = broken_links(readme, Path(config["docs_dir"]), _anchors)
    if problems:
        raise PluginError("broken links in README.md:\n  " + "\n  ".join(problems))
