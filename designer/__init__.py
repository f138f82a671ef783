"""The PySide6 application and the ``nurture`` command line (the only package that imports Qt)."""
