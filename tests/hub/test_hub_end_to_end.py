"""The course in a real JupyterHub, used as its users do, in headless Chromium.

A student logs in, follows a chapter's launch link (nbgitpuller) into JupyterLab, runs an
exercise, answers it, moves a slider and sees the feedback change; then fetches a released
assignment from the nbgrader Assignments panel, answers it and submits it. The instructor
collects and autogrades it from their terminal, and the grade shows in ``nbgrader export`` and
in the Formgrader. It is one test on one hub, because each step needs the one before.
"""

from __future__ import annotations

import contextlib
import csv
import html
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from careops import lean
from careops.hub.homes import prepare_home
from careops.hub.links import git_pull_url
from careops.widgets import takt_time_exercise

from .conftest import PASSWORD, ROOT, ChromiumThread, Hub, as_instructor

pytestmark = [
    pytest.mark.hub,
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("hub"),
]

STUDENT = "student1"
EXERCISE = "exercises/lean/takt-time.ipynb"
CLONE = "course"  # the folder the launch link clones into, in the student's home
ASSIGNMENT, NOTEBOOK = "hub-tiny", "census"
KERNEL_READY = re.compile(r"Python 3 \(ipykernel\) \| Idle")
WAIT_MS = 60_000  # generous: a cold kernel and JupyterLab's first load are slow on 2 cores


# -- what a user's browser does ------------------------------------------------------------


class User:
    """One person's browser context on the hub (cookies of their own), driven on Chromium's
    thread."""

    def __init__(self, chromium: ChromiumThread, hub: Hub, name: str) -> None:
        self.chromium, self.hub, self.name = chromium, hub, name
        self.context = chromium.run(self._open)
        self.page: Any = chromium.run(self.context.new_page)

    def _open(self) -> Any:
        context = self.chromium.browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(WAIT_MS)
        return context

    def do(self, step: Callable[..., Any], *args: Any) -> Any:
        """Run ``step(page, *args)`` in the browser; on failure keep a screenshot and the hub
        log."""
        try:
            return self.chromium.run(step, self.page, *args)
        except Exception as error:
            shot = self.hub.settings.state / f"failed-{self.name}-{step.__name__}.png"
            with contextlib.suppress(Exception):  # the page may be gone; the error is what matters
                self.chromium.run(self.page.screenshot, path=str(shot))
            pytest.fail(
                f"{self.name}: {step.__name__} failed: {error}\nscreenshot: {shot}\n"
                f"hub log:\n{self.hub.log_tail(30)}"
            )

    def close(self) -> None:
        self.chromium.run(self.context.close)


def log_in(page: Any, hub_url: str, name: str) -> str:
    """The hub's login form, with the shared development password; returns where it lands."""
    page.goto(hub_url + "/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{name}/lab"), timeout=WAIT_MS * 2)
    page.wait_for_selector("#jp-menu-panel")
    return page.url


def follow(page: Any, link: str) -> str:
    """Open a launch link and wait until JupyterLab shows the notebook it names."""
    page.goto(link)
    page.wait_for_url(re.compile(r"/lab/tree/.+\.ipynb"), timeout=WAIT_MS * 2)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
    return page.url


def menu(page: Any, top: str, item: str) -> None:
    """Click a JupyterLab main-menu entry (by its visible name, as a user would)."""
    page.get_by_role("menuitem", name=top, exact=True).click()
    page.get_by_role("menuitem", name=item, exact=True).click()


def text_of(page: Any, widget_html: str) -> Any:
    """The output that shows ``widget_html``'s text (whitespace-insensitive: the page's text
    runs list items together)."""
    words = plain(widget_html).split(" ")
    pattern = re.compile(r"\s*".join(re.escape(w) for w in words))
    return page.get_by_text(pattern).first


def plain(widget_html: str) -> str:
    """An HTML widget's value as the words a reader sees."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", widget_html)).split())


def type_into(page: Any, label: str, value: str) -> None:
    """Type into the ipywidgets text box described by ``label`` and commit it (Enter)."""
    box = page.locator(".widget-text", has_text=label).locator("input")
    box.scroll_into_view_if_needed()
    box.fill(value)
    box.press("Enter")


def wait_for_kernel(page: Any) -> None:
    """Wait, as a user watching the status bar does, until the notebook's kernel is idle."""
    page.locator(".jp-StatusBar-Widget", has_text=KERNEL_READY).first.wait_for()


def run_all_and_answer(page: Any, expect: dict[str, str], answers: dict[str, str]) -> None:
    """Run All Cells once the kernel is up; wait for the exercise; answer and press Check."""
    wait_for_kernel(page)
    menu(page, "Run", "Run All Cells")
    text_of(page, expect["summary"]).wait_for()
    for label, value in answers.items():
        type_into(page, label, value)
    check = page.locator(".widget-button", has_text="Check")
    check.scroll_into_view_if_needed()
    check.click()
    text_of(page, expect["checked"]).wait_for()


def press_slider(page: Any, label: str, key: str, expect: dict[str, str]) -> str:
    """Focus the slider described by ``label``, press ``key`` and wait for the new texts."""
    slider = page.locator(".widget-slider", has_text=label)
    handle = slider.locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    page.keyboard.press(key)
    text_of(page, expect["summary"]).wait_for()
    text_of(page, expect["feedback"]).wait_for()
    return slider.locator(".widget-readout").inner_text()


def fetch_answer_submit(page: Any, answer: str) -> list[str]:
    """Assignments panel: Fetch, open the notebook, write the answer, save, Submit."""
    menu(page, "Nbgrader", "Assignment List")
    released = page.locator("#released_assignments_list > .list_item", has_text=ASSIGNMENT)
    released.locator(".item_status button", has_text="Fetch").click()
    fetched = page.locator("#fetched_assignments_list > .list_item", has_text=ASSIGNMENT)
    fetched.locator(".item_name a", has_text=ASSIGNMENT).first.wait_for()
    notebook_link = page.locator(f"#nbgrader-careops-{ASSIGNMENT} a", has_text=NOTEBOOK)
    if not notebook_link.is_visible():
        fetched.locator(".item_name a", has_text=ASSIGNMENT).first.click()
    notebook_link.click()
    page.wait_for_url(re.compile(rf"/lab/tree/{ASSIGNMENT}/{NOTEBOOK}\.ipynb"))
    solution = page.locator(".jp-NotebookPanel:visible .jp-CodeCell").first
    solution.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(answer)
    with page.expect_response(lambda r: r.request.method == "PUT" and "/api/contents/" in r.url):
        page.keyboard.press("Control+s")
    page.locator(".lm-TabBar-tab", has_text="Assignments").click()
    fetched.locator(".item_status button", has_text="Submit").click()
    submitted = page.locator("#submitted_assignments_list > .list_item", has_text=ASSIGNMENT)
    submitted.first.wait_for()
    return submitted.all_inner_texts()


def formgrader_students(page: Any, hub_url: str, name: str) -> str:
    """The instructor's Formgrader 'Manage Students' table."""
    page.goto(f"{hub_url}/user/{name}/formgrader/manage_students")
    page.locator("table tr", has_text=STUDENT).wait_for()
    return page.locator("table tr", has_text=STUDENT).inner_text()


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def course_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway git repository holding the project's exercises, as the course repo would."""
    repo = tmp_path_factory.mktemp("course-repo") / "careops-course"
    shutil.copytree(
        ROOT / "exercises",
        repo / "exercises",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    git = ["git", "-C", str(repo), "-c", "user.name=careops", "-c", "user.email=hub@example.org"]
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(repo)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "course"], check=True)
    return repo


@pytest.fixture(scope="module")
def student(chromium: ChromiumThread, hub: Hub) -> Iterator[User]:
    user = User(chromium, hub, STUDENT)
    yield user
    user.close()


@pytest.fixture(scope="module")
def instructor(chromium: ChromiumThread, hub: Hub) -> Iterator[User]:
    user = User(chromium, hub, hub.settings.instructor)
    yield user
    user.close()


@pytest.fixture(scope="module")
def exercise_texts() -> dict[str, dict[str, str]]:
    """What the takt-time exercise says, from careops itself, driven as the student will."""
    ex = takt_time_exercise()
    before = ex.summary.value
    ex.answer_controls["takt"].value = f"{lean.takt_time(240, 48):g}"
    ex.answer_controls["staff"].value = f"{lean.staff_needed(48, 12, 240)}"
    verdict = ex.check()
    assert verdict is not None and verdict.correct
    checked = ex.feedback.value
    ex.controls["staff"].value += 1
    return {
        "answers": {
            "Takt time": ex.answer_controls["takt"].value,
            "Medical assistants needed": ex.answer_controls["staff"].value,
        },
        "start": {"summary": before, "checked": checked},
        "slid": {"summary": ex.summary.value, "feedback": ex.feedback.value},
    }


@pytest.fixture(scope="module")
def released(hub: Hub) -> str:
    """A one-question assignment, generated and released by the instructor from a terminal."""
    if shutil.which("bwrap") is None:  # the course's nbgrader config autogrades in bubblewrap
        pytest.fail("bwrap is not installed: run `make sandbox-deps`")
    settings = hub.settings
    prepare_home(settings, settings.instructor)  # what the hub does at the instructor's login
    source = settings.course_root / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }

    def graded(**meta: Any) -> dict[str, Any]:
        return {"nbgrader": {"schema_version": 3, "task": False, **meta}}

    nb.cells = [
        nbformat.v4.new_markdown_cell("# Census\nDefine `double(x)`: twice a census count."),
        nbformat.v4.new_code_cell(
            "### BEGIN SOLUTION\ndouble = lambda x: 2 * x\n### END SOLUTION",
            metadata=graded(grade=False, solution=True, locked=False, grade_id="double"),
        ),
        nbformat.v4.new_code_cell(
            "assert double(21) == 42",
            metadata=graded(
                grade=True, solution=False, locked=True, points=1, grade_id="test_double"
            ),
        ),
    ]
    nbformat.write(nb, source / f"{NOTEBOOK}.ipynb")
    as_instructor(settings, "nbgrader", "generate_assignment", ASSIGNMENT)
    as_instructor(settings, "nbgrader", "release_assignment", ASSIGNMENT)
    return ASSIGNMENT


# -- the test ----------------------------------------------------------------------------------


def test_students_and_the_instructor_use_the_course_on_the_hub(
    hub: Hub,
    course_repo: Path,
    exercise_texts: dict,
    released: str,
    student: User,
    instructor: User,
) -> None:
    """One test, in order: pytest-xdist's loadgroup does not keep separate steps together."""
    settings = hub.settings

    # a student logs in with the shared development password and lands in JupyterLab
    assert f"/user/{STUDENT}/lab" in student.do(log_in, hub.url, STUDENT)

    # the chapter's launch link clones the course (nbgitpuller) and opens the exercise
    link = git_pull_url(hub.url, course_repo.as_uri(), EXERCISE, target=CLONE)
    assert student.do(follow, link).endswith(f"/user/{STUDENT}/lab/tree/{CLONE}/{EXERCISE}")
    clone = settings.home(STUDENT) / CLONE
    assert (clone / ".git").is_dir() and (clone / EXERCISE).is_file()

    # Run All shows the exercise; typed answers and Check give careops' feedback
    student.do(run_all_and_answer, exercise_texts["start"], exercise_texts["answers"])

    # a slider moved with the keyboard changes the summary and the feedback
    readout = student.do(
        press_slider, "Medical assistants on duty", "ArrowRight", exercise_texts["slid"]
    )
    assert readout.strip() == "3"

    # the Assignments panel: fetch the released assignment, answer it, submit it
    rows = student.do(fetch_answer_submit, "double = lambda x: 2 * x")
    assert any(released in row for row in rows)
    inbound = settings.exchange / "careops" / "inbound"
    assert [p.name.split("+")[:2] for p in inbound.iterdir()] == [[STUDENT, released]]

    # the instructor collects and autogrades from a terminal; the grade is exported ...
    as_instructor(settings, "nbgrader", "collect", released)
    as_instructor(settings, "nbgrader", "autograde", released)
    as_instructor(settings, "nbgrader", "export")  # grades.csv
    with (settings.course_root / "grades.csv").open() as f:
        rows = [r for r in csv.DictReader(f) if r["assignment"] == released]
    assert [(r["student_id"], float(r["score"]), float(r["max_score"])) for r in rows] == [
        (STUDENT, 1.0, 1.0)
    ]

    # ... and shows in the instructor's Formgrader
    instructor.do(log_in, hub.url, settings.instructor)
    assert "1 / 1" in instructor.do(formgrader_students, hub.url, settings.instructor)
