"""Copy the pinned front-end files the site serves itself from node_modules into _vendor/vendor.

Hospital networks block CDNs, so every script, style and font a page loads is served from
the site. Versions are pinned in package.json/package-lock.json; this module only copies
(``careops site vendor``, run by ``make vendor``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from careops.errors import CareopsError

# (npm package, path inside the package, destination inside vendor/)
FILES: tuple[tuple[str, str, str], ...] = (
    ("vega", "build/vega.min.js", "vega.min.js"),
    ("vega-lite", "build/vega-lite.min.js", "vega-lite.min.js"),
    ("vega-embed", "build/vega-embed.min.js", "vega-embed.min.js"),
    ("requirejs", "require.js", "require.min.js"),
    ("@jupyter-widgets/html-manager", "dist/embed-amd.js", "embed-amd.js"),
    ("axe-core", "axe.min.js", "axe.min.js"),
    ("mathjax", "es5/tex-chtml.js", "mathjax/tex-chtml.js"),
)
FONTS = (".woff", ".woff2", ".ttf", ".eot", ".svg")
# whole folders (package, folder, destination, suffixes): the widget manager's icon fonts,
# MathJax's fonts and the extensions it loads on demand
TREES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("@jupyter-widgets/html-manager", "dist", ".", FONTS),
    # the controls module sets its public path from its own require.js URL
    # (vendor/@jupyter-widgets/controls.js), so its icon fonts are fetched from there
    ("@jupyter-widgets/html-manager", "dist", "@jupyter-widgets", FONTS),
    ("mathjax", "es5/output/chtml/fonts/woff-v2", "mathjax/output/chtml/fonts/woff-v2", FONTS),
    ("mathjax", "es5/input/tex/extensions", "mathjax/input/tex/extensions", (".js",)),
    ("mathjax", "es5/ui", "mathjax/ui", (".js",)),
    ("mathjax", "es5/a11y", "mathjax/a11y", (".js",)),
)


class VendorError(CareopsError, RuntimeError):
    """A pinned file is missing from node_modules (run `npm ci`)."""


def package_version(node_modules: Path, package: str) -> str:
    meta = node_modules / package / "package.json"
    if not meta.is_file():
        raise VendorError(f"{meta}: missing; run `npm ci` to install the pinned front-end packages")
    return json.loads(meta.read_text())["version"]


def vendor(node_modules: Path, dest: Path) -> dict[str, str]:
    """Copy every pinned file into dest and write MANIFEST.json (package -> version)."""
    dest.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, str] = {}
    for package, inner, target in FILES:
        src = node_modules / package / inner
        if not src.is_file():
            raise VendorError(f"{src}: missing from package {package}")
        out = dest / target
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out)
        manifest[package] = package_version(node_modules, package)
    for package, inner, target, suffixes in TREES:
        root = node_modules / package / inner
        if not root.is_dir():
            raise VendorError(f"{root}: missing from package {package}")
        for src in root.rglob("*"):
            if src.is_file() and src.suffix in suffixes:
                out = dest / target / src.relative_to(root)
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, out)
    (dest / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest
