"""Altair chart builders over analytics results, by kind.

``basic`` holds the generic charts (bars, lines, grouped bars, waterfalls, timelines...),
``spc`` the one control chart and the one run chart, each with a ``reveal`` flag, and the
area modules (``lean``, ``finance``, ``queueing``, ``stats``, ``decisions``, ``grading``,
``curriculum``) only the pictures of their own area. No builder is defined twice.

Every chart has a title, axis titles with units and a ``description`` (its alt text), and
renders offline: importing this package switches Altair to its ``mimetype`` renderer, so
notebooks emit Vega-Lite v5 specs that JupyterLab draws natively and the book draws with
its vendored vega-embed — never the default HTML renderer, which loads vega from a CDN.
"""

import altair as alt

from careops.charts.base import accessible

alt.renderers.enable("mimetype")

__all__ = ["accessible"]
