"""``python -m newscrawl.report RUN_REPORT.json [...]``: (re)build the HTML report beside each
JSON run report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newscrawl.report import write_html


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.report", description=__doc__)
    parser.add_argument("reports", nargs="+", type=Path, help="JSON run reports (*.report.json)")
    args = parser.parse_args(argv)
    status = 0
    for path in args.reports:
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"newscrawl.report: {path}: {exc}", file=sys.stderr)
            status = 1
            continue
        print(write_html(report, path))
    return status


if __name__ == "__main__":
    sys.exit(main())
