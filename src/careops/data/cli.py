"""``careops data``: list the datasets, regenerate the committed files, validate them all."""

from __future__ import annotations

import argparse

from careops.errors import InputError

# careops.data (pandas, pandera) is imported inside each action: every `careops` command
# builds this parser, and `careops grade autograde` of one late submission should not pay
# half a second for a data stack it never uses


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("data", help="course datasets: list, generate, check")
    dsub = p.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    ls = dsub.add_parser(
        "list", help="one line per dataset: name, rows, synthetic or real, licence"
    )
    ls.set_defaults(func=run_list)
    gen = dsub.add_parser("generate", help="regenerate synthetic datasets and write their files")
    gen.add_argument("name", nargs="?", help="dataset name (see `careops data list`)")
    gen.add_argument("--all", action="store_true", help="every synthetic dataset")
    gen.set_defaults(func=run_generate)
    chk = dsub.add_parser("check", help="validate every committed data file against its schema")
    chk.add_argument("names", nargs="*", help="datasets to check (default: all)")
    chk.set_defaults(func=run_check)


def run_list(args: argparse.Namespace) -> int:
    from careops import data

    cat = data.catalog()
    width = max(len(n) for n in cat["name"])
    for row in cat.itertuples():
        kind = "synthetic" if row.synthetic else "real"
        print(f"{row.name:<{width}}  {row.rows:>7} rows  {kind:<9}  {row.title}")
    return 0


def run_generate(args: argparse.Namespace) -> int:
    from careops import data
    from careops.data import registry

    if args.all == bool(args.name):
        raise InputError(
            "NAME",
            args.name,
            "count",
            expected="one dataset NAME or --all",
            message="generate: give one dataset NAME or --all, not both or neither",
        )
    names = [n for n in registry.names() if registry.is_synthetic(n)] if args.all else [args.name]
    for name in names:
        target = data.write(name)
        print(f"wrote {target} ({target.stat().st_size:,} bytes)")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from careops import data
    from careops.data import registry

    names = args.names or registry.names()
    failures: list[tuple[str, data.DatasetError]] = []
    for name in names:
        try:
            rows = data.check(name)
        except data.DatasetError as exc:
            failures.append((name, exc))
            print(f"FAIL {name}: {exc}")
        else:
            print(f"ok   {name}: {rows} rows")
    if failures:  # one line for the command: how many failed, and the first in full
        name, first = failures[0]
        raise first.replace(
            message=f"{len(failures)} of {len(names)} datasets failed their "
            f"schema; first {name}: {first.body}"
        )
    return 0
