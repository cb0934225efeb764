"""`python -m generator` runs the `thidua` command."""

from .cli import run

run()
