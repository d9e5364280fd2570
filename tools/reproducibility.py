"""Rebuild every figure and derived table from clean; compare with the manifest.

    python tools/reproducibility.py check    # ./run.sh check-figures
    python tools/reproducibility.py update   # ./run.sh update-manifest

Both copy the repository (sources only) to a temporary folder and run
Snakemake there for every file under data/derived/ (figures, validated and
derived tables), so nothing stale of the working tree takes part. ``check``
compares their SHA-256 with reproducibility/manifest.sha256, names every file
that differs, is missing or is new, writes a visual diff of each differing
figure into reproducibility/diff/ and exits 1; ``update`` rewrites the
manifest. ``--built DIR`` compares an already built copy instead (no rebuild).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from repocopy import copy_repo, run_snakemake  # noqa: E402

MANIFEST = REPO / "reproducibility" / "manifest.sha256"
DIFF_DIR = REPO / "reproducibility" / "diff"
DERIVED = "data/derived"
SUFFIXES = {".csv", ".svg", ".png"}


# -- what the environment is ---------------------------------------------------


def environment() -> dict[str, str]:
    """Versions that decide the bytes of a figure (recorded in the header)."""
    import matplotlib
    from matplotlib import ft2font

    try:
        fonts = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "fonts-noto-cjk"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        fonts = "unknown (not a dpkg system)"
    return {
        "matplotlib": matplotlib.__version__,
        "FreeType": ft2font.__freetype_version__,
        "fonts-noto-cjk": fonts,
    }


# -- building and hashing -------------------------------------------------------


def targets(workdir: Path) -> list[str]:
    """Every file under data/derived/ that the default target needs."""
    proc = run_snakemake(workdir, "--summary", cores=1)
    if proc.returncode != 0:
        raise SystemExit(f"snakemake --summary failed:\n{proc.stderr[-4000:]}")
    files = []
    for line in proc.stdout.splitlines()[1:]:
        path = line.split("\t", 1)[0]
        if path.startswith(f"{DERIVED}/") and Path(path).suffix in SUFFIXES:
            files.append(path)
    return sorted(set(files))


def rebuild(workdir: Path) -> list[str]:
    """Copy the repository to ``workdir`` and build every derived file there.

    Returns the failed jobs' messages (empty when all went well); with
    --keep-going everything that can be built is built regardless.
    """
    copy_repo(workdir)
    wanted = targets(workdir)
    print(f"building {len(wanted)} files in {workdir}", flush=True)
    proc = run_snakemake(workdir, "--keep-going", *wanted)
    if proc.returncode == 0:
        return []
    return failed_jobs(proc.stderr, workdir) or [proc.stderr[-2000:]]


def failed_jobs(stderr: str, workdir: Path) -> list[str]:
    """'rule X (outputs): last line of its log' for each failed Snakemake job."""
    out, rule, output = [], None, ""
    for line in stderr.splitlines():
        if line.startswith("Error in rule "):
            rule, output = line.removeprefix("Error in rule ").rstrip(":"), ""
        elif rule and line.strip().startswith("output:"):
            output = line.split(":", 1)[1].strip()
        elif rule and line.strip().startswith("log:"):
            log = workdir / line.split(":", 1)[1].split("(")[0].strip()
            tail = log.read_text(encoding="utf-8").strip().splitlines()[-1:] if log.exists() else []
            out.append(f"rule {rule} ({output}): {' '.join(tail) or 'see its log'}")
            rule = None
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every figure and table under ``root``/data/derived."""
    return {
        p.relative_to(root).as_posix(): sha256(p)
        for p in sorted((root / DERIVED).rglob("*"))
        if p.is_file() and p.suffix in SUFFIXES
    }


# -- the manifest ------------------------------------------------------------------


def write_manifest(path: Path, digests: dict[str, str], env: dict[str, str]) -> None:
    lines = [
        "# SHA-256 of every figure and derived table, rebuilt from a clean copy.",
        "# Check: ./run.sh check-figures    Rewrite on purpose: ./run.sh update-manifest",
        *(f"# {name}: {ver}" for name, ver in env.items()),
        *(f"{digest}  {p}" for p, digest in sorted(digests.items())),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_manifest(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(path -> digest, header name -> version)."""
    digests, env = {}, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and ": " in line and not line.startswith("# Check"):
            name, _, ver = line[2:].partition(": ")
            env[name] = ver
        elif line and not line.startswith("#"):
            digest, _, p = line.partition("  ")
            digests[p] = digest
    return digests, env


# -- comparison ------------------------------------------------------------------------


def compare(expected: dict[str, str], built: dict[str, str]) -> dict[str, list[str]]:
    """Files that differ, are missing from the build, or are new (not in the manifest)."""
    return {
        "differs": sorted(p for p in expected.keys() & built.keys() if expected[p] != built[p]),
        "missing": sorted(expected.keys() - built.keys()),
        "extra": sorted(built.keys() - expected.keys()),
    }


def visual_diff(expected: Path, actual: Path, out: Path) -> Path:
    """expected | actual | difference (amplified), side by side, as one PNG."""
    from PIL import Image, ImageChops, ImageOps

    a = Image.open(expected).convert("RGB")
    b = Image.open(actual).convert("RGB")
    size = (max(a.width, b.width), max(a.height, b.height))
    a_pad, b_pad = (ImageOps.pad(im, size, color="white", centering=(0, 0)) for im in (a, b))
    diff = ImageChops.difference(a_pad, b_pad).convert("L").point(lambda v: 255 if v else 0)
    diff = ImageOps.invert(diff).convert("RGB")
    sheet = Image.new("RGB", (size[0] * 3, size[1]), "white")
    for i, im in enumerate((a_pad, b_pad, diff)):
        sheet.paste(im, (i * size[0], 0))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out)
    return out


def reference_for(rel: str, digest: str, references: list[Path]) -> Path | None:
    """A file with the manifest's bytes for ``rel``, if one is at hand."""
    for root in references:
        candidate = root / rel
        if candidate.is_file() and sha256(candidate) == digest:
            return candidate
    return None


def report(
    result: dict[str, list[str]],
    expected: dict[str, str],
    built_root: Path,
    references: list[Path],
    diff_dir: Path = DIFF_DIR,
) -> list[str]:
    """Lines naming each problem; writes the visual diffs of differing PNGs."""
    lines = []
    for rel in result["differs"]:
        line = f"DIFFERS  {rel}"
        if rel.endswith(".png"):
            ref = reference_for(rel, expected[rel], references)
            if ref is None:
                line += "  (no file with the manifest's bytes at hand: no visual diff)"
            else:
                out = visual_diff(ref, built_root / rel, diff_dir / Path(rel).name)
                line += f"  visual diff: {out}"
        lines.append(line)
    lines += [f"MISSING  {rel}  (in the manifest, not built)" for rel in result["missing"]]
    lines += [f"NEW      {rel}  (built, not in the manifest)" for rel in result["extra"]]
    return lines


# -- commands ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["check", "update"])
    parser.add_argument("--built", type=Path, help="compare this built copy (no rebuild)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy")
    parser.add_argument(
        "--partial", action="store_true",
        help="update: write the manifest even though some jobs failed",
    )
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument("--diff-dir", type=Path, default=DIFF_DIR, help="where visual diffs go")
    parser.add_argument(
        "--reference", type=Path, action="append", default=[],
        help="folder with files of the manifest's bytes, for visual diffs "
        "(default: this working tree)",
    )
    args = parser.parse_args(argv)

    tmp, failed = None, []
    if args.built:
        root = args.built.resolve()
    else:
        tmp = Path(tempfile.mkdtemp(prefix="nanjiang-repro-"))
        root = tmp / "repo"
    try:
        if tmp is not None:
            failed = rebuild(root)
        for message in failed:
            print(f"BUILD    {message}  (its outputs are missing)", file=sys.stderr)
        built = hashes(root)
        env = environment()
        if args.command == "update" and failed and not args.partial:
            print("not updating the manifest: the build failed (--partial to write it anyway)",
                  file=sys.stderr)
            return 1
        if args.command == "update":
            write_manifest(args.manifest, built, env)
            print(f"wrote {args.manifest} ({len(built)} files)")
            return 0
        if not args.manifest.exists():
            print(f"no manifest at {args.manifest}: run ./run.sh update-manifest", file=sys.stderr)
            return 2
        expected, recorded = read_manifest(args.manifest)
        for name, ver in env.items():
            if recorded.get(name) not in (None, ver):
                print(f"note: {name} is {ver} here, the manifest was made with {recorded[name]}")
        result = compare(expected, built)
        if not any(result.values()) and not failed:
            print(f"OK: {len(built)} files match {args.manifest.name}")
            return 0
        if args.diff_dir.exists():  # no stale diffs of an earlier check
            shutil.rmtree(args.diff_dir)
        for line in report(result, expected, root, args.reference or [REPO], args.diff_dir):
            print(line)
        n = sum(len(v) for v in result.values())
        print(f"FAILED: {len(failed)} job(s) failed; {n} file(s) differ from, are missing "
              f"from or are new to {args.manifest.name}", file=sys.stderr)
        return 1
    finally:
        if tmp is not None and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp is not None:
            print(f"kept {root}")


if __name__ == "__main__":
    sys.exit(main())
