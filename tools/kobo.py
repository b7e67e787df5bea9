#!/usr/bin/env python3
"""Kōbō developer command: set up, run the demo, run the tests, run the benchmarks.

`make run`, `make test` and `make bench` call this file; see README.md.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from kobo_dev.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
