"""Interview Coach: offline interview practice with a local embedding scorer."""

__version__ = "0.1.0"
