"""MkDocs hook: writes the CLI reference page from `nurture COMMAND --help` at build time, so it cannot drift."""

from __future__ import annotations

import os

import typer.main
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from typer.testing import CliRunner

PAGE = "reference/cli.md"
# Rich sizes its boxes to the terminal; a fixed width keeps the page the same on every machine.
HELP_ENV = {"TERMINAL_WIDTH": "100", "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}

INTRO = """# Command-line reference

Every command of `nurture`, as `nurture COMMAND --help` prints it. This page is generated from the
program itself each time the documentation is built ([development](../development.md#documentation)),
so it always matches the installed version. The manual pages explain what the commands do:
[document](../document.md#commands), [forecasts](../forecasts.md#from-the-command-line),
[sweeps](../sweeps.md#command-line), [exchange](../exchange.md#command-line) and
[calibration](../calibration.md#command-line).
"""


def _help(app: typer.Typer, args: list[str]) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], prog_name="nurture", env=HELP_ENV)
    if result.exit_code != 0:
        # A command whose help cannot be printed is broken for users too: fail the (strict) build.
        raise PluginError(f"`nurture {' '.join(args)} --help` exited {result.exit_code}: {result.output[-500:]}")
    lines = [line.rstrip() for line in result.output.splitlines()]
    return "\n".join(lines).strip("\n")


def render() -> str:
    """The Markdown of the reference page: the top-level help, then one section per command."""
    from designer.cli.main import app  # imported here so a broken CLI fails the build with its own error

    group = typer.main.get_command(app)
    commands = getattr(group, "commands", {})
    if not commands:
        raise PluginError("the nurture app has no commands: the CLI reference would be empty")
    parts = [INTRO, "```text", _help(app, []), "```", ""]
    for path in _command_paths(group):
        parts += [f"## nurture {' '.join(path)}", "", "```text", _help(app, path), "```", ""]
    return "\n".join(parts)


def _command_paths(group, prefix: tuple[str, ...] = ()) -> list[list[str]]:
    """Every command as its words after `nurture`; a group of commands (typer's add_typer) brings its own."""
    paths = []
    for name, command in getattr(group, "commands", {}).items():
        paths.append([*prefix, name])
        paths += _command_paths(command, (*prefix, name))
    return paths


def on_files(files: Files, config) -> Files:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    files.append(File.generated(config, PAGE, content=render()))
    return files
