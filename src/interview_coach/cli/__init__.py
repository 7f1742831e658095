"""The command line: one module per command group over the core."""

from interview_coach.cli.app import main

__all__ = ["main"]
