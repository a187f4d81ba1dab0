"""carefinder: evidence-backed treatment-facility records, index and search."""

__version__ = "0.1.0"


class CarefinderError(Exception):
    """A problem the user can fix (bad input, missing file); shown without a traceback."""
