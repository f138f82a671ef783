"""Where the designer keeps its own files and who is alive to own them (shared with the CLI in sequences)."""

from sequences.owners import (  # noqa: F401 - the designer's names for the shared helpers
    STATE_ENV,
    drop_token,
    hold_token,
    hostname,
    owner_alive,
    owner_stamp,
    process_start,
    state_dir,
)
