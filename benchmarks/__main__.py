"""``python -m benchmarks [--quick]``: every benchmark, one table, each figure beside its baseline."""

from __future__ import annotations

import argparse
import platform
import sys

from benchmarks import reports_bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under a minute")
    args = parser.parse_args(argv)
    rows: list[tuple[str, str, str, str]] = []
    rows += reports_bench.run(args.quick)
    print(
        f"machine: {platform.machine()}, {platform.processor() or platform.system()}, Python {platform.python_version()}"
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'ours':>8}  {'baseline':<28}  note")
    for name, ours, base, note in rows:
        print(f"{name:<{width}}  {ours:>8}  {base:<28}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
