"""Build the journal-club site: check the data, write the sources, run Jupyter Book's Sphinx
strictly, then verify the result works offline (no script, style or font fetched from another
host)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from careops.seminar.pages import CALENDAR_NAME, generate_source
from careops.seminar.program import load_program
from careops.seminar.yamlio import SeminarError
from careops.site.postbuild import check_offline


def remote_assets(html_dir: str | Path) -> list[str]:
    """Every 'page: address' of an asset the built site would fetch from another host.

    The same scanner as the course book's post-build check (inline loaders included).
    """
    return [f"{f.path}: {f.value}" for f in check_offline(Path(html_dir))]


def build_site(
    folder: str | Path = "seminar",
    build_dir: str | Path = "_build/seminar",
    stamp: dt.datetime | None = None,
    quiet: bool = True,
) -> Path:
    """Check, generate and build the site into ``build_dir/html``; return that folder.

    Raises SeminarError when the data are wrong, the Sphinx build warns (strict), or the
    result would need the internet.
    """
    from jupyter_book.sphinx import build_sphinx  # heavy: imported only when building

    program = load_program(folder)
    build_dir = Path(build_dir)
    src, html = build_dir / "src", build_dir / "html"
    generate_source(program, src, stamp=stamp)
    status = build_sphinx(
        str(src),
        str(html),
        noconfig=True,
        path_config=str(src / "_config.yml"),
        confoverrides={
            "nitpicky": True,
            "external_toc_path": str((src / "_toc.yml").resolve()),
            "latex_individualpages": False,
        },
        doctreedir=str(build_dir / ".doctrees"),
        warningiserror=True,
        keep_going=True,
        quiet=quiet,
    )
    if status != 0:
        raise SeminarError(
            [
                f"{build_dir}: the seminar site build failed "
                "(strict: every warning above is an error)"
            ]
        )
    for required in (
        "index.html",
        CALENDAR_NAME,
        *(f"sessions/{s.id}.html" for s in program.sessions),
    ):
        if not (html / required).is_file():
            raise SeminarError([f"{html}: {required} is missing after the build"])
    remote = remote_assets(html)
    if remote:
        raise SeminarError(
            [f"{html}: the site loads assets from other hosts (it must work offline):", *remote]
        )
    return html
