"""nbgitpuller launch links."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from careops.hub.links import git_pull_url


def test_link_goes_through_user_redirect_and_opens_the_page_inside_the_clone() -> None:
    url = git_pull_url(
        "http://127.0.0.1:8008/",
        "https://github.com/careops/careops",
        "exercises/lean/takt-time.ipynb",
        branch="main",
    )
    parts = urlsplit(url)
    assert parts.path == "/hub/user-redirect/git-pull"
    assert parse_qs(parts.query) == {
        "repo": ["https://github.com/careops/careops"],
        "urlpath": ["lab/tree/careops/exercises/lean/takt-time.ipynb"],
        "branch": ["main"],
    }


def test_clone_folder_follows_nbgitpuller_which_keeps_a_dot_git_suffix() -> None:
    url = git_pull_url("http://hub", "file:///srv/course.git", "a.ipynb")
    assert parse_qs(urlsplit(url).query)["urlpath"] == ["lab/tree/course.git/a.ipynb"]


def test_target_folder_is_passed_to_nbgitpuller_and_used_in_the_page_path() -> None:
    query = parse_qs(
        urlsplit(git_pull_url("http://hub", "file:///tmp/x", "b/c.ipynb", target="course")).query
    )
    assert query["targetPath"] == ["course"]
    assert query["urlpath"] == ["lab/tree/course/b/c.ipynb"]


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"hub_url": "127.0.0.1:8008"}, "hub_url"),
        ({"repo": " "}, "repo"),
        ({"path": "../secrets.ipynb"}, "path"),
        ({"path": "/etc/passwd"}, "path"),
        ({"app": "voila"}, "app"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs: dict, named: str) -> None:
    args = {"hub_url": "http://hub", "repo": "file:///tmp/x", "path": "a.ipynb"} | kwargs
    with pytest.raises(ValueError, match=named):
        git_pull_url(args.pop("hub_url"), args.pop("repo"), args.pop("path"), **args)
