"""The example documents offered by File ▸ New from Template."""

from __future__ import annotations

from pathlib import Path

SUFFIX = ".nurture.yaml"


def _examples_dir() -> Path:
    import assets

    return Path(assets.__file__).resolve().parent / "examples"


def templates() -> list[tuple[str, Path]]:
    """(menu title, file) for every template, in the order the examples package lists them."""
    try:
        from assets.examples import list_templates, template_path
    except ImportError:  # no index of the examples: list their files
        found = [(_title(path), path) for path in sorted(_examples_dir().glob(f"*{SUFFIX}"))]
    else:
        found = []
        for entry in list_templates():
            path = getattr(entry, "path", None) or template_path(getattr(entry, "name", entry))
            found.append((str(getattr(entry, "title", "") or _title(Path(path))), Path(path)))
    return [(title, path) for title, path in found if path.is_file()]


def _title(path: Path) -> str:
    stem = path.name.removesuffix(SUFFIX).removesuffix(".yaml")
    words = stem.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]
