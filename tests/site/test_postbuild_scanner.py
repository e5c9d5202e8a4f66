"""The post-build scanner catches what would break the offline site or leak a solution."""

from careops.cli import main
from careops.site import postbuild


def page(tmp_path, body, name="index.html"):
    (tmp_path / name).write_text(f"<html><head></head><body>{body}</body></html>")
    return tmp_path


def test_external_script_is_flagged(tmp_path):
    site = page(tmp_path, '<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>')
    assert [f.value for f in postbuild.check_offline(site)] == [
        "https://cdn.jsdelivr.net/npm/vega@5"
    ]


def test_protocol_relative_stylesheet_is_flagged(tmp_path):
    site = page(tmp_path, '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">')
    assert len(postbuild.check_offline(site)) == 1


def test_external_image_and_css_font_are_flagged(tmp_path):
    site = page(
        tmp_path,
        '<img src="http://example.org/x.png"><style>@font-face{src:url(https://fonts.gstatic.com/a.woff2)}</style>',
    )
    assert {f.value for f in postbuild.check_offline(site)} == {
        "http://example.org/x.png",
        "https://fonts.gstatic.com/a.woff2",
    }


def test_cdn_loaded_by_an_inline_script_is_flagged(tmp_path):
    site = page(
        tmp_path,
        '<script>var s=document.createElement("script");s.src="https://cdn.jsdelivr.net/npm/vega-embed@6";</script>',
    )
    assert len(postbuild.check_offline(site)) == 1


def test_links_to_papers_in_prose_are_fine(tmp_path):
    site = page(
        tmp_path, '<p><a href="https://doi.org/10.1136/bmjqs.2010.046102">Perla 2011</a></p>'
    )
    assert postbuild.check_offline(site) == []


def test_local_scripts_are_fine(tmp_path):
    site = page(
        tmp_path,
        '<script src="_static/vendor/vega.min.js"></script>'
        '<link rel="stylesheet" href="_static/a.css">',
    )
    assert postbuild.check_offline(site) == []


def test_solution_marker_is_flagged(tmp_path):
    site = page(tmp_path, "<pre>### BEGIN SOLUTION\nx = 1\n### END SOLUTION</pre>")
    assert {f.value for f in postbuild.check_secrets(site)} == {"BEGIN SOLUTION", "END SOLUTION"}


def test_copy_of_a_grading_source_file_is_flagged(tmp_path):
    source = tmp_path / "autograders" / "source" / "a1"
    source.mkdir(parents=True)
    (source / "data.csv").write_text("answer,42\n")
    site = tmp_path / "html"
    site.mkdir()
    (site / "index.html").write_text("<html></html>")
    (site / "data.csv").write_text("answer,42\n")
    problems = postbuild.check_secrets(site, tmp_path / "autograders" / "source")
    assert [p.problem for p in problems] == ["copy of a grading source file"]


def test_postbuild_exits_non_zero_without_an_index(tmp_path, capsys):
    assert main(["site", "check", str(tmp_path)]) == 2
    assert f"{tmp_path / 'index.html'}: missing" in capsys.readouterr().err
