"""Entry point of ``nurture``: one typer app, each group of commands registered from its own module."""

from __future__ import annotations

import typer

from . import (
    calibrate_commands,
    doc_commands,
    exchange_commands,
    report_commands,
    sim_commands,
    sweep_commands,
)

app = typer.Typer(
    name="nurture",
    help="Nurture Studio: design nurture sequences and forecast MQL-to-SQL handoffs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (doc_commands, sim_commands, report_commands, sweep_commands, exchange_commands, calibrate_commands):
    module.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
