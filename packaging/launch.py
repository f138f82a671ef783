"""The frozen application's entry point: the designer, as `nurture-studio` starts it."""

import multiprocessing
import sys

from designer.app import main

if __name__ == "__main__":
    # Runs on more than one core (simulation.runner's and the sweeps' process pools) spawn children; frozen,
    # a child is this very executable, which must turn into the worker here instead of opening a window.
    multiprocessing.freeze_support()
    sys.exit(main())
