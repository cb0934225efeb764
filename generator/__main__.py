"""`python -m generator` runs the `thidua` command."""

import sys

from .cli import main

sys.exit(main())
