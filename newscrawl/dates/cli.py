"""``python -m newscrawl.dates "<text>" [--reference ISO] [--zone ZONE]``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime

from newscrawl.dates.parser import explain_date
from newscrawl.dates.result import format_iso


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m newscrawl.dates "<text>" [--reference ISO]``: the ISO form, or the reason."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.dates", description="Normalize an Arabic date to ISO 8601 (UTC)."
    )
    parser.add_argument("text", nargs="+", help="the raw date text (several words are joined)")
    parser.add_argument("--reference", help="ISO datetime anchoring relative dates (default: now)")
    parser.add_argument(
        "--zone", help="IANA zone of a line in local time, a site's clock_zone (Africa/Cairo)"
    )
    args = parser.parse_args(argv)
    reference = None
    if args.reference:
        try:
            reference = datetime.fromisoformat(args.reference)
        except ValueError:
            print(f"invalid --reference {args.reference!r}", file=sys.stderr)
            return 2
    result = explain_date(" ".join(args.text), reference=reference, zone=args.zone)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if result.value is None:
        print(result.reason)
        return 1
    print(format_iso(result.value))
    return 0
