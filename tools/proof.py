"""Proof sheets: every page of the PDF and of the DOCX as PNG, and a contact
sheet of each document, in report/build/proof/.

The DOCX is rendered by headless LibreOffice (Debian libreoffice-writer-nogui,
installed by `./run.sh proof`) with tools/proof/fonts.conf, which draws
宋体/黑体 with Noto Serif/Sans CJK SC. Pages are rasterised by pdftoppm
(poppler-utils).

    python tools/proof.py [--pdf report/build/report.pdf] [--docx report/build/report.docx]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

# (a tool, not a job: the package is beside it in scripts/)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

FONTS_CONF = Path(__file__).with_name("proof") / "fonts.conf"
OUT = Path("report/build/proof")


def docx_to_pdf(docx: Path, out_dir: Path) -> Path:
    """LibreOffice's rendering of the DOCX, as a PDF in out_dir."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice is missing: apt-get install libreoffice-writer-nogui "
                 "(./run.sh proof installs it)")
    out_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF.resolve()))
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
            check=True, env=env, capture_output=True, timeout=600,
        )
    return out_dir / (docx.stem + ".pdf")


def _squash(text: str) -> str:
    return re.sub(r"[\s\u2060]", "", text)


def docx_heading_pages(docx: Path, rendered: Path) -> dict[str, str]:
    """Bookmark -> printed page number (the footer's) of each heading the
    目录 lists, found in LibreOffice's rendering in document order (a 目录
    line is not the heading: it has a dot leader, or is on a page without a
    number)."""
    import pdfplumber

    from nanjiang.documents.docx_toc import toc_headings

    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    headings = toc_headings(xml)
    with pdfplumber.open(rendered) as pdf:
        pages = [(page.extract_text() or "").splitlines() for page in pdf.pages]
    found: dict[str, str] = {}
    start = 0
    for bookmark, _, text in headings:
        key = _squash(text)[:12]
        for n in range(start, len(pages)):
            lines = [_squash(line) for line in pages[n]]
            numbers = [line for line in lines[-3:] if re.fullmatch(r"[0-9]+", line)]
            if numbers and any(line.startswith(key) and not re.search(r"(\.{4}|…)", line)
                               for line in lines):
                found[bookmark] = numbers[-1]
                start = n
                break
    return found


def pages_to_png(pdf: Path, prefix: Path, dpi: int = 50) -> list[Path]:
    prefix.parent.mkdir(parents=True, exist_ok=True)
    for old in prefix.parent.glob(prefix.name + "-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


def contact_sheet(pages: list[Path], out: Path, columns: int = 8) -> None:
    """All pages side by side, numbered, with a thin frame each."""
    from PIL import Image, ImageDraw

    images = [Image.open(p).convert("RGB") for p in pages]
    w = max(i.width for i in images)
    h = max(i.height for i in images)
    gap = 12
    rows = (len(images) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * (w + gap) + gap, rows * (h + gap + 14) + gap), "#d0d0d0")
    draw = ImageDraw.Draw(sheet)
    for n, image in enumerate(images):
        x = gap + (n % columns) * (w + gap)
        y = gap + (n // columns) * (h + gap + 14)
        sheet.paste(image, (x, y))
        draw.rectangle([x - 1, y - 1, x + image.width, y + image.height], outline="#808080")
        draw.text((x, y + image.height + 1), str(n + 1), fill="black")
    sheet.save(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=Path("report/build/report.pdf"))
    parser.add_argument("--docx", type=Path, default=Path("report/build/report.docx"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    for doc in (args.pdf, args.docx):
        if not doc.exists():
            sys.exit(f"{doc} is missing: run ./run.sh report first")
    docx_pdf = docx_to_pdf(args.docx, args.out / "docx")
    for name, pdf in (("pdf", args.pdf), ("docx", docx_pdf)):
        pages = pages_to_png(pdf, args.out / name / "page")
        sheet = args.out / f"contact-{name}.png"
        contact_sheet(pages, sheet)
        print(f"{name}: {len(pages)} pages -> {args.out / name}/, contact sheet {sheet}")


if __name__ == "__main__":
    main()
