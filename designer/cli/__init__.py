"""The ``nurture`` command line: every non-visual job, headless. Qt is imported only to open a window."""
