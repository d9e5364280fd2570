"""What a document job built, so that publishing never takes a file changed
after it was built.

A staged document (``report/build/staging/report.pdf``) edited by hand is
newer than the publication, so Snakemake would publish it as a new edition,
its record matching the edited bytes. Each document job therefore writes,
as a declared output, a checksum file in ``sha256sum`` format
(``report/build/staging/report.pdf.sha256``; ``sha256sum -c`` reads it from
the repository root), and rule publish refuses a document that is no longer
what its job built.
"""

from __future__ import annotations

from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.publish.editions import sha256


def record_built(checksums: str | Path, *documents: str | Path) -> None:
    write_text_atomic(checksums, "".join(f"{sha256(Path(d))}  {d}\n" for d in documents))


def not_as_built(checksum_files: list[str | Path]) -> list[str]:
    """Documents listed in ``checksum_files`` that are missing or no longer
    what their job built, each with the command that builds it again."""
    problems = []
    for checksums in map(Path, checksum_files):
        for line in checksums.read_text("utf-8").splitlines():
            digest, _, document = line.partition("  ")
            path = Path(document)
            if not path.is_file():
                what = "missing"
            elif sha256(path) != digest:
                what = "changed after its job built it"
            else:
                continue
            problems.append(f"{document}: {what} ({checksums} holds what was built); "
                            f"build it again: ./run.sh report --forcerun {document}")
    return problems
