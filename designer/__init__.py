"""The PySide6 application and the ``nurture`` command line (the only package that imports Qt)."""

from ._none_refcount import immortalise_none

immortalise_none()
