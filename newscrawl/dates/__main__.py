"""``python -m newscrawl.dates "<text>"``: see :mod:`newscrawl.dates.cli`."""

import sys

from newscrawl.dates.cli import main

sys.exit(main())
