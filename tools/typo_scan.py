"""List the typo candidates of the chapters (nanjiang.text.typo_scan).

    python tools/typo_scan.py          the candidates without a decision in
                                       report/typo_decisions.csv (exit 1 if any)
    python tools/typo_scan.py --all    every candidate, with its decision

A candidate is decided by a row of report/typo_decisions.csv: error (with its
row of report/errata.csv) or keep, and the rule (nanjiang.text.typo_scan.RULES).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from nanjiang.text.typo_scan import RULES, read_decisions, scan  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="every candidate, decided or not")
    parser.add_argument("--chapters", default=str(REPO / "report" / "chapters"))
    parser.add_argument("--decisions", default=str(REPO / "report" / "typo_decisions.csv"))
    args = parser.parse_args(argv)
    decided = {(d["chapter"], d["kind"], d["candidate"]): d
               for d in read_decisions(args.decisions)}
    undecided = 0
    for c in scan(args.chapters):
        d = decided.get(c.key)
        undecided += d is None
        if d is None or args.all:
            verdict = f"{d['decision']} {d['rule']}" if d else "UNDECIDED"
            alike = f" ~ {c.suggestion}" if c.suggestion else ""
            print(f"{c.chapter}\t{c.kind}\t{c.candidate}{alike}\t{verdict}\t{c.context}")
    if undecided:
        print(f"{undecided} candidate(s) without a decision: add a row to {args.decisions} "
              f"(rules: {', '.join(RULES)})", file=sys.stderr)
    return 1 if undecided else 0


if __name__ == "__main__":
    sys.exit(main())
