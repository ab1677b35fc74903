"""``python -m sitesnapshot serve|build``.

``serve`` starts the snapshot server on 127.0.0.1 (``--port 0``, the default, picks a free port)
and prints its base URL on the first line of standard output, then serves until interrupted;
``--faults FILE`` answers the paths a JSON fault map names with their faults.
``--site egypttoday`` serves the bundled sister site (:mod:`sitesnapshot.sister`).
``build`` renders the snapshot folder again from :mod:`sitesnapshot.content`, and the
sister site's from :mod:`sitesnapshot.sister`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitesnapshot.faults import FaultMap
from sitesnapshot.server import DEFAULT_ROOT, SNAPSHOTS, SnapshotServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitesnapshot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve a snapshot folder on 127.0.0.1")
    serve.add_argument(
        "--root", type=Path, default=None, help="snapshot folder (default: the bundled one)"
    )
    serve.add_argument(
        "--site",
        choices=sorted(SNAPSHOTS),
        default="almaghribtoday",
        help="which bundled site to serve (default almaghribtoday; egypttoday: its sister site)",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    serve.add_argument(
        "--faults",
        type=Path,
        default=None,
        help="JSON fault map: answer chosen paths with a fault (see sitesnapshot/faults.py)",
    )
    build = sub.add_parser("build", help="render the snapshot folder from its content")
    build.add_argument(
        "--out", type=Path, default=DEFAULT_ROOT, help="target folder (default: the bundled one)"
    )
    args = parser.parse_args(argv)

    if args.command == "build":
        from sitesnapshot.content import ARTICLES, SECTIONS
        from sitesnapshot.render import Site
        from sitesnapshot.render import build as build_site

        routes = build_site(Site(SECTIONS, ARTICLES), args.out)
        print(f"wrote {len(routes)} pages to {args.out}")
        if args.out == DEFAULT_ROOT:  # the bundled snapshot: its sister site too
            from sitesnapshot import sister

            routes = sister.build(sister.ROOT)
            print(f"wrote {len(routes)} pages to {sister.ROOT}")
        return 0

    faults = FaultMap.from_file(args.faults) if args.faults else None
    root = args.root or SNAPSHOTS[args.site]
    server = SnapshotServer(root, args.host, args.port, faults=faults)
    print(server.url, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
