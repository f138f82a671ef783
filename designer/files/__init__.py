"""Files in the designer: atomic saves, autosave and crash recovery, locks, recent files, picture export."""
