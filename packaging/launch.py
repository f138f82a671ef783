"""The frozen application's entry point: the designer, as `nurture-studio` starts it."""

import sys

from designer.app import main

if __name__ == "__main__":
    sys.exit(main())
