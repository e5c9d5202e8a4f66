"""``careops curriculum``: print the credit report of the catalog and the published plans."""

from __future__ import annotations

import argparse

from careops import curriculum


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "curriculum", help="credit report: catalog total, plan totals, discrepancies"
    )
    p.add_argument("--file", default=None, help="curriculum YAML (default: the packaged one)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    catalog = curriculum.load(args.file)
    print(f"catalog: {len(catalog.courses)} courses, {catalog.catalog_credits} credits")
    for pid, total in catalog.plan_totals().items():
        print(f"{pid}: {total} credits")
    for d in catalog.discrepancies():
        print("discrepancy:", d.describe(catalog))
    return 0
