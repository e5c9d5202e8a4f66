"""Every private nbgrader / nbconvert / nbclient / jupyter_client name careops relies on.

careops.grading._compat is the one place that uses them; each test here checks that one name
still exists, has the signature we call and (where cheap) does what we rely on, so an upgrade
that changes it fails here, by name, instead of somewhere deep in a grading run. The last
tests keep every other module of careops off those packages' private names.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import inspect
import subprocess
from pathlib import Path
from typing import Any

import jupyter_client
import nbclient
import nbconvert
import nbgrader
import nbgrader.api
import pytest
from jupyter_client.manager import AsyncKernelManager, KernelManager
from nbclient import NotebookClient
from nbconvert.exporters import Exporter, NotebookExporter
from nbconvert.preprocessors import Preprocessor
from nbformat.v4 import new_code_cell, new_notebook
from nbgrader.converters import Autograde
from nbgrader.converters.base import BaseConverter
from nbgrader.coursedir import CourseDirectory
from traitlets import HasTraits
from traitlets.config import Config

import careops
from careops.grading import _compat
from careops.grading._compat import (
    HookedKernelManager,
    StepwiseAutograde,
    TimeoutHookExecute,
    clear_preprocessors,
    shared_gradebook_engines,
)
from careops.grading.course import ensure_tools_on_path

PACKAGES = (nbgrader, nbconvert, nbclient, jupyter_client)
PACKAGE_NAMES = tuple(p.__name__ for p in PACKAGES)
SRC = Path(careops.__file__).resolve().parent
COMPAT = Path(_compat.__file__).resolve()
# private names traitlets' metaclass puts on every HasTraits subclass (not overrides)
TRAITLETS_GENERATED = set(vars(type("Probe", (HasTraits,), {})))


def _params(func: Any) -> list[str]:
    return list(inspect.signature(func).parameters)


@pytest.fixture
def coursedir(tmp_path: Path) -> CourseDirectory:
    config = Config()
    config.CourseDirectory.root = str(tmp_path)
    return CourseDirectory(config=config)


# --- nbgrader ---------------------------------------------------------------------------
def test_autograde_sanitizing_flag_chooses_the_input_directory(coursedir: CourseDirectory) -> None:
    assert isinstance(Autograde.__dict__["_sanitizing"], bool)
    conv = Autograde(coursedir=coursedir)
    conv._sanitizing = True
    assert conv._input_directory == coursedir.submitted_directory
    conv._sanitizing = False
    assert conv._input_directory == coursedir.autograded_directory


def test_init_preprocessors_registers_the_list_of_the_phase(coursedir: CourseDirectory) -> None:
    assert _params(Autograde._init_preprocessors) == ["self"]
    conv = Autograde(coursedir=coursedir)
    conv.exporter = conv.exporter_class(parent=conv)
    conv.exporter.register_preprocessor(Preprocessor, enabled=True)  # cleared by the call
    for sanitizing, wanted in (
        (True, conv.sanitize_preprocessors),
        (False, conv.autograde_preprocessors),
    ):
        conv._sanitizing = sanitizing
        conv._init_preprocessors()
        assert [type(p) for p in conv.exporter._preprocessors] == list(wanted)


def test_format_dest_is_the_autograded_folder(coursedir: CourseDirectory) -> None:
    assert _params(BaseConverter._format_dest) == ["self", "assignment_id", "student_id", "escape"]
    conv = StepwiseAutograde(coursedir=coursedir)
    want = coursedir.format_path(coursedir.autograded_directory, "alice", "a1")
    for sanitizing in (True, False):  # the output folder does not depend on the phase
        conv._sanitizing = sanitizing
        assert conv._format_dest("a1", "alice") == want == conv.dest("a1", "alice")


def test_stepwise_autograde_switches_phase_through_the_private_flag(
    coursedir: CourseDirectory,
) -> None:
    conv = StepwiseAutograde(coursedir=coursedir)
    conv.prepare_writer()
    conv.begin_finish([Preprocessor])
    assert conv._sanitizing is False and conv.finishing
    assert conv._input_directory == coursedir.autograded_directory
    assert [type(p) for p in conv.exporter._preprocessors] == [Preprocessor]


def test_gradebook_opens_its_engine_through_the_module_global_create_engine(tmp_path: Path) -> None:
    assert callable(nbgrader.api.create_engine)
    assert "create_engine(" in inspect.getsource(nbgrader.api.Gradebook.__init__)
    ensure_tools_on_path()  # a new gradebook runs `alembic`
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with (
        shared_gradebook_engines(),
        nbgrader.api.Gradebook(url) as first,
        nbgrader.api.Gradebook(url) as second,
    ):
        assert first.engine is second.engine  # one engine, shared
    assert nbgrader.api.create_engine is nbgrader.api.__dict__["create_engine"]
    with nbgrader.api.Gradebook(url) as first, nbgrader.api.Gradebook(url) as second:
        assert first.engine is not second.engine  # restored on exit


# --- nbconvert --------------------------------------------------------------------------
def test_exporter_keeps_registered_preprocessors_in_a_private_list() -> None:
    class Mark(Preprocessor):
        def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
            nb.metadata["marked"] = True
            return nb, resources

    exporter = NotebookExporter(config=Config({"Exporter": {"default_preprocessors": []}}))
    exporter.register_preprocessor(Mark, enabled=True)
    assert isinstance(exporter._preprocessors, list)
    assert [type(p) for p in exporter._preprocessors] == [Mark]
    assert '"marked": true' in exporter.from_notebook_node(new_notebook())[0]
    clear_preprocessors(exporter)
    assert exporter._preprocessors == []
    assert "marked" not in exporter.from_notebook_node(new_notebook())[0]
    assert issubclass(NotebookExporter, Exporter)


# --- nbclient ---------------------------------------------------------------------------
def test_nbclient_handles_a_timeout_through_async_handle_timeout() -> None:
    handler = NotebookClient._async_handle_timeout
    assert inspect.iscoroutinefunction(handler)
    assert _params(handler) == ["self", "timeout", "cell"]
    assert inspect.signature(handler).parameters["cell"].default is None
    # the reply poller calls it with (timeout, cell) and uses what it returns as the reply
    assert "await self._async_handle_timeout(timeout, cell)" in inspect.getsource(
        NotebookClient._async_poll_for_reply
    )


def test_timeout_hook_execute_routes_the_private_hook_to_on_cell_timeout() -> None:
    class Hooked(TimeoutHookExecute):
        async def on_cell_timeout(self, timeout: int, cell: Any) -> dict[str, Any] | None:
            return {"timeout": timeout, "cell": cell}

    cell = new_code_cell("pass")
    assert asyncio.run(Hooked()._async_handle_timeout(7, cell)) == {"timeout": 7, "cell": cell}


# --- jupyter_client ---------------------------------------------------------------------
def test_pre_start_kernel_records_the_launch_cwd_in_launch_args(tmp_path: Path) -> None:
    assert "_launch_args" in KernelManager.class_traits()
    km = HookedKernelManager(kernel_name="python3")
    try:
        asyncio.run(km._async_pre_start_kernel(cwd=str(tmp_path)))
        assert km._launch_args["cwd"] == str(tmp_path) == km.launch_cwd()
    finally:
        km.cleanup_connection_file()


def test_kernel_launch_and_cleanup_go_through_the_private_coroutines() -> None:
    for name, params in (
        ("_async_launch_kernel", ["self", "kernel_cmd", "kw"]),
        ("_async_cleanup_resources", ["self", "restart"]),
    ):
        assert inspect.iscoroutinefunction(getattr(KernelManager, name))
        assert _params(getattr(KernelManager, name)) == params
    assert AsyncKernelManager._launch_kernel is KernelManager._async_launch_kernel
    assert AsyncKernelManager.cleanup_resources is KernelManager._async_cleanup_resources
    assert "self._async_launch_kernel(kernel_cmd, **kw)" in inspect.getsource(
        KernelManager._async_start_kernel
    )
    assert "self._async_cleanup_resources(" in inspect.getsource(
        KernelManager._async_shutdown_kernel
    )


@pytest.mark.slow
def test_hooked_kernel_manager_calls_its_hooks_on_a_real_kernel(tmp_path: Path) -> None:
    seen: dict[str, Any] = {}

    class Recording(HookedKernelManager):
        def launch_options(self, kw: dict[str, Any]) -> dict[str, Any]:
            seen["cwd"] = self.launch_cwd()
            kw.setdefault("stdout", subprocess.DEVNULL)
            return kw

        def after_cleanup(self, restart: bool) -> None:
            seen["cleaned"] = restart

    async def cycle() -> None:
        km = Recording(kernel_name="python3")
        await km.start_kernel(cwd=str(tmp_path))
        try:
            seen["alive"] = await km.is_alive()
        finally:
            await km.shutdown_kernel(now=True)

    asyncio.run(cycle())
    assert seen == {"cwd": str(tmp_path), "alive": True, "cleaned": False}


# --- no private names outside _compat ---------------------------------------------------
def _package_private_names() -> set[str]:
    """Single-underscore names the four packages define (methods, attributes, class fields)."""
    names: set[str] = set()
    for package in PACKAGES:
        for path in Path(package.__file__).parent.rglob("*.py"):
            if "tests" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    names.add(node.name)
                elif isinstance(node, ast.Attribute):
                    names.add(node.attr)
                elif isinstance(node, ast.Name | ast.alias):
                    names.add(node.id if isinstance(node, ast.Name) else node.name)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def _careops_modules() -> dict[str, Path]:
    """Module name -> source of every careops module except _compat."""
    return {
        ".".join(p.relative_to(SRC.parent).with_suffix("").parts).removesuffix(".__init__"): p
        for p in sorted(SRC.rglob("*.py"))
        if p.resolve() != COMPAT
    }


def _foreign(cls: Any) -> bool:
    """Whether a class derives from a class of nbgrader, nbconvert, nbclient or jupyter_client."""
    return inspect.isclass(cls) and any(
        b.__module__.split(".")[0] in PACKAGE_NAMES for b in cls.__mro__[1:]
    )


def _own_names(module: str, tree: ast.Module) -> set[str]:
    """Private names careops defines itself (its own ``self._x`` and helpers are no finding).

    Methods and attributes of classes derived from those packages do not count: there a
    private name may be an override, which the next test catches.
    """
    own: set[str] = set()
    loaded = importlib.import_module(module)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            own.add(node.name)
        elif isinstance(node, ast.ClassDef) and not _foreign(getattr(loaded, node.name, None)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                    own.add(inner.name)
                elif isinstance(inner, ast.Attribute) and isinstance(inner.ctx, ast.Store):
                    own.add(inner.attr)
    return own


def _is_package_module(node: ast.expr) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id in PACKAGE_NAMES


def test_no_module_but_compat_uses_a_private_name_of_those_packages() -> None:
    private = {n for n in _package_private_names() if len(n) > 1}
    assert {"_format_dest", "_preprocessors", "_async_handle_timeout", "_launch_args"} <= private
    findings = []
    for module, path in _careops_modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        theirs = private - _own_names(module, tree)
        for node in ast.walk(tree):
            where = f"{path.relative_to(SRC.parent)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Attribute) and node.attr in theirs:
                findings.append(f"{where}: .{node.attr}")
            elif isinstance(node, ast.Constant) and node.value in theirs:
                findings.append(f"{where}: {node.value!r} (getattr/setattr by name)")
            elif (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").split(".")[0] in PACKAGE_NAMES
            ):
                findings += [
                    f"{where}: import {a.name}" for a in node.names if a.name.startswith("_")
                ]
            elif isinstance(node, ast.Assign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                findings += [
                    f"{where}: monkeypatches {ast.unparse(t)}"
                    for t in targets
                    if isinstance(t, ast.Attribute) and _is_package_module(t.value)
                ]
    assert findings == [], (
        "private nbgrader/nbconvert/nbclient/jupyter_client use outside "
        "careops/grading/_compat.py:\n" + "\n".join(findings)
    )


def _careops_classes() -> list[type]:
    classes = []
    for name in _careops_modules():
        module = importlib.import_module(name)
        classes += [
            c
            for c in vars(module).values()
            if inspect.isclass(c) and c.__module__ == module.__name__
        ]
    return classes


def test_no_careops_class_overrides_a_private_method_of_those_packages() -> None:
    findings = []
    classes = _careops_classes()
    for cls in classes:
        foreign = [b for b in cls.__mro__[1:] if b.__module__.split(".")[0] in PACKAGE_NAMES]
        for name in set(vars(cls)) - TRAITLETS_GENERATED:
            if (
                name.startswith("_")
                and not name.startswith("__")
                and any(hasattr(b, name) for b in foreign)
            ):
                findings.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert findings == [], "override these through careops.grading._compat: " + ", ".join(findings)
    names = {c.__name__ for c in classes}
    assert {"SandboxedExecute", "SandboxKernelManager"} <= names  # grading was really checked
