"""The table of contents follows the curriculum, and every chapter landing page is generated."""

from pathlib import Path

import yaml

from careops import curriculum

ROOT = Path(__file__).resolve().parents[2]


def toc_chapter_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    part = next(p for p in toc["parts"] if p["caption"] == "Core courses")
    return [c["file"] for c in part["chapters"]]


def test_toc_chapters_follow_curriculum_order():
    expected = [f"book/{c.id}/index" for c in curriculum.load().courses]
    assert toc_chapter_files() == expected


def test_each_chapter_title_is_the_catalog_title():
    for course in curriculum.load().courses:
        first = (ROOT / "book" / course.id / "index.md").read_text().splitlines()[0]
        assert first == f"# {course.title}", course.id


def test_each_chapter_landing_page_generates_its_summary_from_the_data():
    for course in curriculum.load().courses:
        text = (ROOT / "book" / course.id / "index.md").read_text()
        assert f"```{{course-summary}} {course.id}" in text, course.id


def test_every_toc_entry_exists_on_disk():
    def files(node):
        if isinstance(node, dict):
            if "file" in node:
                yield node["file"]
            for value in node.values():
                yield from files(value)
        elif isinstance(node, list):
            for value in node:
                yield from files(value)

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    for f in files(toc):
        assert any((ROOT / f"{f}{ext}").is_file() for ext in ("", ".md", ".ipynb")), f


def test_toc_is_up_to_date_with_the_pages_on_disk():
    from careops.site import toc

    assert (ROOT / "_toc.yml").read_text() == toc.build(ROOT), "run `careops site toc`"
