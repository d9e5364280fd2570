"""Say what is published after a build, and check it is what was recorded.

    python tools/published.py          # run by ./run.sh report after a build

Prints ``Report: report/build/report.pdf …`` (the report's documents of the
current edition) and exits 0; exits 1 naming each published document that is
missing or was changed after publishing (then `snakemake --forcerun publish`
publishes the edition again), or each source file (raw table, template, code)
whose content changed after the edition was built from it: documents older
than their inputs are never announced.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from nanjiang.publish.editions import (  # noqa: E402
    RECORD,
    REVISED,
    made_when_published,
    older_than_sources,
    published_problems,
)

BUILD = Path("report/build")


def main() -> int:
    problems = published_problems(BUILD)
    if problems:
        print("The published edition is not as recorded:\n  " + "\n  ".join(problems)
              + "\nRun `./run.sh report --forcerun publish` to publish it again.",
              file=sys.stderr)
        return 1
    changed = older_than_sources(BUILD)
    if changed:
        print("The published edition is not announced: it was built before these files "
              "changed, or what it was built from cannot be checked:\n  "
              + "\n  ".join(changed)
              + "\nRun `./run.sh report` to rebuild; "
              "if that says 'Nothing to be done', please report it (a rule does not "
              "declare the file's content).", file=sys.stderr)
        return 1
    entry = json.loads((BUILD / RECORD).read_text("utf-8"))
    order = {".pdf": 0, ".docx": 1, ".html": 2}
    names = entry["documents"]
    report = sorted((n for n in names if not n.startswith("briefs/")
                     and not made_when_published(n)),
                    key=lambda name: order.get(Path(name).suffix, 3))
    print(f"Report ({entry['edition']}):", " ".join(str(BUILD / n) for n in report))
    draft = entry.get("label", {}).get("draft")
    if draft:  # not for release: why, and where to act
        print(f"草稿 (draft, not for release; `final: true` refuses it), {len(draft)} reason(s):")
        print("".join(f"  - {reason}\n" for reason in draft), end="")
    # what the edition changed: read before sending an update out
    changes = [str(BUILD / n) for n in ("changes.md", "changes.html") if n in names]
    if changes:
        text = (BUILD / "changes.md").read_text("utf-8")
        sections = re.findall(r"^## (.+)$", text, re.M)
        summary = ("首次发布" if "first edition" in text
                   else "；".join(sections) or "正文、表格、图均无变化")
        print("Changes:", " ".join(changes), f"({summary})")
    # the DOCX with those changes as tracked changes (修订)
    for name in (n for n in names if n.startswith(Path(REVISED).stem)):
        print("Revisions:", BUILD / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
