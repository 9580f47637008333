"""``python -m benchmarks [--quick]``: every benchmark, one table, each figure beside its baseline.

``python -m benchmarks --scale [city|oblast]``: the reminder check at a city's (an oblast's) size beside one
program (benchmarks.scale_bench); only that."""

from __future__ import annotations

import argparse
import platform
import sys

from benchmarks import (
    bot_bench,
    city_bench,
    councils_bench,
    history_bench,
    queries_bench,
    reader_bench,
    reminders_bench,
    reports_bench,
    scale_bench,
    webapp_bench,
)

BENCHMARKS = {
    "reports": reports_bench.run,
    "reader": reader_bench.run,
    "bot": bot_bench.run,
    "reminders": reminders_bench.run,
    "queries": queries_bench.run,
    "city": city_bench.run,
    "history": history_bench.run,
    "councils": councils_bench.run,
    "webapp": webapp_bench.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, about 90 seconds")
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHMARKS),
        help="run only these (repeatable); default: all",
    )
    parser.add_argument(
        "--scale",
        nargs="?",
        const="city",
        choices=("city", "oblast"),
        help="only the reminder check on a generated city (50 programs) or oblast (60 cities) beside one program",
    )
    args = parser.parse_args(argv)
    rows: list[tuple[str, str, str, str]] = []
    if args.scale:
        rows += scale_bench.run(args.scale)
    for name, run in BENCHMARKS.items():
        if not args.scale and (args.only is None or name in args.only):
            rows += run(args.quick)
    print(
        f"machine: {platform.machine()}, {platform.processor() or platform.system()}, Python {platform.python_version()}"
    )
    width = max(len(r[0]) for r in rows)
    ours_width = max(8, *(len(r[1]) for r in rows))
    base_width = max(28, *(len(r[2]) for r in rows))
    print(f"{'benchmark':<{width}}  {'ours':>{ours_width}}  {'baseline':<{base_width}}  note")
    for name, ours, base, note in rows:
        print(f"{name:<{width}}  {ours:>{ours_width}}  {base:<{base_width}}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
