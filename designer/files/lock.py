"""Document locks: a file open in one window is read-only in every other, and CLI writes respect it."""

from sequences.locking import DocumentLock, LockHolder, lock_paths  # noqa: F401 - the one lock, in sequences
