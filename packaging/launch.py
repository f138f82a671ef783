"""The frozen application's entry point: the designer, as `nurture-studio` starts it."""

import multiprocessing
import sys

from designer.app import main

if __name__ == "__main__":
    # The simulation runs in a spawned child (designer.process_worker); frozen, that child is this very
    # executable, which must turn into the worker here instead of opening a second window.
    multiprocessing.freeze_support()
    sys.exit(main())
