"""The reproducibility check names what changed (no rebuild: small fake trees)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

import reproducibility as repro


def make_tree(root: Path) -> Path:
    figures = root / "data" / "derived" / "figures"
    tables = root / "data" / "derived" / "indicators"
    figures.mkdir(parents=True)
    tables.mkdir(parents=True)
    Image.new("RGB", (60, 40), "white").save(figures / "fig_a.png")
    Image.new("RGB", (60, 40), "white").save(figures / "fig_b.png")
    (figures / "fig_a.svg").write_text("<svg/>", encoding="utf-8")
    (tables / "shares.csv").write_text("year,value\n2014,1\n", encoding="utf-8")
    (root / "data" / "derived" / "README.md").write_text("not hashed", encoding="utf-8")
    return root


@pytest.fixture
def trees(tmp_path):
    """(reference tree, its manifest, a copy to tamper with)."""
    reference = make_tree(tmp_path / "reference")
    manifest = tmp_path / "manifest.sha256"
    repro.write_manifest(manifest, repro.hashes(reference), repro.environment())
    built = tmp_path / "built"
    shutil.copytree(reference, built)
    return reference, manifest, built


def test_manifest_round_trip_with_environment_header(trees):
    reference, manifest, _ = trees
    digests, env = repro.read_manifest(manifest)
    assert digests == repro.hashes(reference)
    assert sorted(digests) == [
        "data/derived/figures/fig_a.png",
        "data/derived/figures/fig_a.svg",
        "data/derived/figures/fig_b.png",
        "data/derived/indicators/shares.csv",
    ]
    assert set(env) == {"matplotlib", "FreeType", "fonts-noto-cjk"}
    lines = manifest.read_text(encoding="utf-8").splitlines()
    entries = [ln.split("  ")[1] for ln in lines if not ln.startswith("#")]
    assert entries == sorted(entries)  # sha256sum format, sorted paths


def test_identical_build_passes(trees, capsys, tmp_path):
    _, manifest, built = trees
    code = repro.main(["check", "--built", str(built), "--manifest", str(manifest),
                       "--diff-dir", str(tmp_path / "diff")])
    assert code == 0
    assert "OK: 4 files match" in capsys.readouterr().out


def test_changed_figure_is_named_and_diffed(trees, capsys, tmp_path):
    reference, manifest, built = trees
    png = built / "data" / "derived" / "figures" / "fig_b.png"
    image = Image.open(png)
    ImageDraw.Draw(image).rectangle((10, 10, 20, 20), fill="black")
    image.save(png)
    diff_dir = tmp_path / "diff"
    code = repro.main(["check", "--built", str(built), "--manifest", str(manifest),
                       "--reference", str(reference), "--diff-dir", str(diff_dir)])
    out = capsys.readouterr().out
    assert code == 1
    assert "DIFFERS  data/derived/figures/fig_b.png" in out
    assert "fig_a.png" not in out
    sheet = Image.open(diff_dir / "fig_b.png")
    assert sheet.size == (180, 40)  # expected | actual | difference


def test_missing_and_new_files_are_named(trees):
    _, manifest, built = trees
    (built / "data" / "derived" / "indicators" / "shares.csv").unlink()
    (built / "data" / "derived" / "figures" / "fig_new.svg").write_text("<svg/>")
    expected, _ = repro.read_manifest(manifest)
    result = repro.compare(expected, repro.hashes(built))
    assert result == {
        "differs": [],
        "missing": ["data/derived/indicators/shares.csv"],
        "extra": ["data/derived/figures/fig_new.svg"],
    }
    lines = repro.report(result, expected, built, [], Path("unused"))
    assert lines[0].startswith("MISSING  data/derived/indicators/shares.csv")
    assert lines[1].startswith("NEW      data/derived/figures/fig_new.svg")


def test_no_visual_diff_without_a_reference_of_the_manifest_bytes(trees, tmp_path):
    _, manifest, built = trees
    png = built / "data" / "derived" / "figures" / "fig_a.png"
    Image.new("RGB", (60, 41), "white").save(png)  # other size, other bytes
    expected, _ = repro.read_manifest(manifest)
    result = repro.compare(expected, repro.hashes(built))
    lines = repro.report(result, expected, built, [built], tmp_path / "diff")
    assert lines == [
        "DIFFERS  data/derived/figures/fig_a.png"
        "  (no file with the manifest's bytes at hand: no visual diff)"
    ]


def test_visual_diff_handles_images_of_different_sizes(tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    Image.new("RGB", (30, 20), "white").save(a)
    Image.new("RGB", (40, 25), "black").save(b)
    out = repro.visual_diff(a, b, tmp_path / "d" / "x.png")
    assert Image.open(out).size == (120, 25)


def test_committed_manifest_is_well_formed():
    if not repro.MANIFEST.exists():
        pytest.skip("no manifest yet: ./run.sh update-manifest")
    digests, env = repro.read_manifest(repro.MANIFEST)
    assert digests and all(len(d) == 64 for d in digests.values())
    assert all(p.startswith("data/derived/") for p in digests)
    assert {"matplotlib", "FreeType", "fonts-noto-cjk"} <= set(env)


def test_failed_jobs_are_named_with_the_last_line_of_their_log(tmp_path):
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "fig.log").write_text("drawing\nValueError: no data\n")
    stderr = (
        "Error in rule figure:\n    jobid: 3\n"
        "    output: data/derived/figures/fig.svg, data/derived/figures/fig.png\n"
        "    log: logs/fig.log (check log file(s) for error details)\n"
    )
    assert repro.failed_jobs(stderr, tmp_path) == [
        "rule figure (data/derived/figures/fig.svg, data/derived/figures/fig.png): "
        "ValueError: no data"
    ]

