"""`python -m sopkit` runs the command line."""

import sys

from sopkit.cli import main

sys.exit(main())
