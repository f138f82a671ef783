"""The PySide6 application and the ``nurture`` command line (the only package that imports Qt)."""

import os

# numpy's OpenBLAS runs each linear solve on a thread per core. On a busy 2-core machine the live preview's
# 126×126 queue solve took 100 ms that way, holding the interpreter lock the GUI thread needs, against
# 0.3 ms on one thread; the designer's matrices are all that small. Set before numpy loads; a value the
# user set wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
