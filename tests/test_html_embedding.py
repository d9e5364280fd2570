"""The HTML edition is one file: its style sheet, script and pictures are put
into the page (nanjiang.documents.html.embed_resources)."""

from __future__ import annotations

import base64

import pytest

from nanjiang.documents.html import embed_resources

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
PNG = b"\x89PNG\r\n\x1a\n not really"


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.css").write_text("body { color: #111; }\n", "utf-8")
    (tmp_path / "t" / "a.js").write_text("var x = 1 < 2;\n", "utf-8")
    (tmp_path / "fig").mkdir()
    (tmp_path / "fig" / "map.svg").write_bytes(SVG)
    (tmp_path / "fig" / "before.png").write_bytes(PNG)
    return tmp_path


PAGE = ('<head>\n<link rel="stylesheet" href="t/a.css">\n</head>\n'
        '<img src="fig/map.svg" style="width:5in" alt="图 2-1 南疆四地州" />\n'
        '<img src="fig/before.png" alt="更新前" />\n'
        '<img src="data:image/png;base64,AAAA" alt="已嵌入" />\n'
        '<script src="t/a.js"></script>\n')


def test_style_script_and_pictures_are_in_the_page(site):
    page = embed_resources(PAGE, site)
    assert '<style type="text/css">\nbody { color: #111; }\n</style>' in page
    assert "<script>var x = 1 < 2;\n</script>" in page
    svg = base64.b64encode(SVG).decode()
    assert (f'<img role="img" aria-label="图 2-1 南疆四地州" src="data:image/svg+xml;base64,'
            f'{svg}" style="width:5in" alt="图 2-1 南疆四地州" />') in page
    assert f'<img src="data:image/png;base64,{base64.b64encode(PNG).decode()}"' in page
    assert 'src="data:image/png;base64,AAAA"' in page
    assert 'src="fig/' not in page and 'href="t/' not in page and 'src="t/' not in page


def test_pictures_are_found_where_the_markdown_is(site):
    (site / "changes").mkdir()
    (site / "changes" / "fig").mkdir()
    (site / "changes" / "fig" / "before.png").write_bytes(b"other")
    page = embed_resources('<img src="fig/before.png" alt="" />', site / "changes")
    assert base64.b64encode(b"other").decode() in page


def test_a_missing_picture_stops_with_its_path(site):
    with pytest.raises(FileNotFoundError, match=r"image .*fig/gone.svg not found"):
        embed_resources('<img src="fig/gone.svg" alt="" />', site)


def test_a_script_that_would_end_its_element_is_refused(site):
    (site / "t" / "a.js").write_text('document.write("</script>");\n', "utf-8")
    with pytest.raises(ValueError, match="cannot be put into the page"):
        embed_resources('<script src="t/a.js"></script>', site)


def test_an_unknown_picture_type_is_refused(site):
    with pytest.raises(ValueError, match="expected one of"):
        embed_resources('<img src="fig/map.gif" alt="" />', site)


def test_the_search_index_is_put_into_the_page_as_inert_json(site):
    """JSON data, not a script: every < > & escaped, so no text in it (a
    name with markup, a </script>) ends the element or reads as markup."""
    import json

    from nanjiang.documents.html import write_page

    data = {"blocks": [[0, "b-1", 0, "阿克陶<img src=x onerror=alert(1)> & </script>"]]}
    start = '<script type="application/json" id="search-index" data-page="html/index.html">'
    write_page(start + "</script>", site / "index.html", index=data)
    page = (site / "index.html").read_text("utf-8")
    assert page.startswith(start) and page.endswith("</script>\n")
    inside = page[len(start):-len("</script>\n")]
    assert not set("<>&") & set(inside)
    assert json.loads(inside) == data
    with pytest.raises(ValueError, match="no search-page"):
        write_page("<main></main>", site / "other.html", index=data)
