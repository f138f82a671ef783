"""The manual's build hooks: the CLI reference covers every command, and the README's links into docs/ are checked."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import typer
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[1]


def _hook(name: str):
    # The hooks are plain files that mkdocs.yml names, not a package: load them the way MkDocs does.
    spec = importlib.util.spec_from_file_location(f"docs_hook_{name}", ROOT / "docs" / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_cli_reference_has_every_command_with_its_own_help():
    from designer.cli.main import app

    page = _hook("cli_reference").render()
    names = list(typer.main.get_command(app).commands)
    assert "simulate" in names and "calibrate" in names
    for name in names:
        assert f"\n## nurture {name}\n" in page
        assert f"Usage: nurture {name} " in page
    # The options come from the program itself, not from prose.
    simulate = page.split("\n## nurture simulate\n", 1)[1].split("\n## ", 1)[0]
    assert "--scenario" in simulate and "--replications" in simulate


def test_a_command_group_brings_its_subcommands_into_the_reference():
    hook = _hook("cli_reference")
    app = typer.Typer()
    tools = typer.Typer()
    app.command("run")(lambda: None)
    tools.command("clean")(lambda: None)
    app.add_typer(tools, name="tools")
    paths = hook._command_paths(typer.main.get_command(app))
    assert ["run"] in paths and ["tools"] in paths and ["tools", "clean"] in paths


def test_a_command_whose_help_fails_stops_the_build():
    hook = _hook("cli_reference")
    app = typer.Typer()

    @app.command()
    def broken(value: int = typer.Option(1, callback=lambda v: 1 / 0, is_eager=True)) -> None:
        """A command that cannot even print its help."""

    with pytest.raises(PluginError, match=r"`nurture --value 2 --help` exited 1"):
        hook._help(app, ["--value", "2"])


def test_readme_links_to_missing_pages_and_headings_are_reported(tmp_path):
    hook = _hook("readme_links")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "designer.md").write_text("# The designer\n")
    readme = tmp_path / "README.md"
    readme.write_text(
        "See [the designer](docs/designer.md#files-and-locks), [locks](docs/designer.md#locks),\n"
        "[gone](docs/gone.md), [web](https://example.org/x.md) and [top](#quick-tour).\n"
        "![shot](docs/images/designer.png)\n"
    )
    problems = hook.broken_links(readme, docs, {"designer.md": {"the-designer", "files-and-locks"}})
    assert problems == [
        "README.md:1: 'docs/designer.md#locks': designer.md has no heading '#locks'",
        "README.md:2: 'docs/gone.md': no file docs/gone.md",
        "README.md:3: 'docs/images/designer.png': no file docs/images/designer.png",
    ]

