"""Run every ``benchmarks/bench_*.py`` against a fresh test database and print one table.

Usage: ``python -m benchmarks [name ...]``. Set DATABASE_URL for PostgreSQL.
Each module defines ``run() -> list[Row]``.
"""

import importlib
import os
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def main(selected):
    import django

    django.setup()
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
    )

    from benchmarks.harness import print_table

    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
        and (not selected or info.name.removeprefix("bench_") in selected)
    )
    setup_test_environment()
    config = setup_databases(verbosity=0, interactive=False)
    rows = []
    try:
        for name in names:
            sys.stdout.write(f"running {name} ...\n")
            sys.stdout.flush()
            rows.extend(importlib.import_module(f"benchmarks.{name}").run())
    finally:
        teardown_databases(config, verbosity=0)
    print_table(rows, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
