"""The instructor's HTML report of an assignment: distribution, item analysis, late work.

Charts are Altair (Vega-Lite 5) specs drawn by vega-embed from ``vega-bundle.js``, written
next to the report from vl-convert's bundled JavaScript, so the page works offline and never
loads a script from a CDN.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import altair as alt
import pandas as pd

from careops.charts.grading import (
    item_difficulty_chart,
    item_discrimination_chart,
    late_work_chart,
    score_distribution_chart,
)
from careops.grading.items import (
    GradeTable,
    item_analysis,
    late_summary,
    load_grades,
    score_distribution,
)

BUNDLE_NAME = "vega-bundle.js"


def vega_bundle() -> str:
    """vega, vega-lite and vega-embed as one script, for the Vega-Lite version Altair emits."""
    import vl_convert

    major_minor = ".".join(alt.SCHEMA_VERSION.split(".")[:2])
    return vl_convert.javascript_bundle(vl_version=major_minor)


def write_bundle(folder: Path) -> Path:
    """Write vega-bundle.js into folder (once per Vega-Lite version) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / BUNDLE_NAME
    stamp = f"/* careops: vega bundle for vega-lite {alt.SCHEMA_VERSION} */\n"
    if not path.is_file() or not path.read_text(encoding="utf-8").startswith(stamp):
        path.write_text(stamp + vega_bundle(), encoding="utf-8")
    return path


def _spec_json(chart: alt.TopLevelMixin) -> str:
    return json.dumps(chart.to_dict()).replace("</", "<\\/")


def render_report(table: GradeTable) -> str:
    """The report page (expects vega-bundle.js beside it)."""
    distribution = score_distribution(table)
    items = item_analysis(table)
    late = late_summary(table)
    charts = {
        "distribution": score_distribution_chart(distribution, table.assignment, table.max_total),
        "difficulty": item_difficulty_chart(items, table.assignment),
        "discrimination": item_discrimination_chart(items, table.assignment),
        "late": late_work_chart(late, table.assignment),
    }
    title = html.escape(f"Grades report: {table.assignment}")
    waiting = int(table.needs_manual.sum())
    summary = (
        f"{len(distribution)} submissions; mean {distribution['total'].mean():.2f} of "
        f"{table.max_total:g} points (median {distribution['total'].median():.2f}); "
        f"{int(distribution['late'].sum())} late; {waiting} still need manual grading."
        if len(distribution)
        else "No submissions yet."
    )
    shown = items.assign(
        difficulty=items["difficulty"].round(2),
        discrimination=items["discrimination"].map(lambda v: "n/a" if pd.isna(v) else f"{v:.2f}"),
        mean_score=items["mean_score"].round(2),
    )
    divs = "\n".join(f'<figure id="chart-{name}" class="chart"></figure>' for name in charts)
    embeds = "\n".join(
        f'vegaEmbed("#chart-{name}", {_spec_json(chart)}, {{actions: false}});'
        for name, chart in charts.items()
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<script src="{BUNDLE_NAME}"></script>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #1f2937; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
th, td {{ border: 1px solid #d1d5db; padding: 0.3rem 0.6rem; text-align: left; }}
.chart {{ margin: 1.5rem 0; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{html.escape(summary)}</p>
{divs}
<h2>Item analysis</h2>
<p>Difficulty = mean score / max score. Discrimination = correlation of the item with the rest
of the assignment (point-biserial for right/wrong items); below 0.2 an item separates strong
and weak students poorly and is worth a second look.</p>
{shown.to_html(index=False, escape=True, na_rep="n/a")}
<script>
{embeds}
</script>
</body>
</html>
"""


def write_report(
    assignment: str,
    output: str | os.PathLike[str],
    course_dir: str | os.PathLike[str] | None = None,
) -> Path:
    """Write the HTML report of an assignment (and vega-bundle.js beside it)."""
    output = Path(output)
    table = load_grades(assignment, course_dir)
    write_bundle(output.parent)
    output.write_text(render_report(table), encoding="utf-8")
    return output
