"""Run the command line as ``python -m formkit``."""

import sys

from formkit.cli import main

sys.exit(main())
