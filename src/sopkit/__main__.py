"""`python -m sopkit` runs the command line."""

import sys

from sopkit.hosts.cli import main

sys.exit(main())
