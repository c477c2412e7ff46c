"""Run the command line as ``python -m formkit``."""

from formkit.cli import main

main()
