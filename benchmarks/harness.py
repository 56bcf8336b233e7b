"""What every benchmark shares: timing by median, ratios against a baseline run in the same process."""

import statistics
import time
from dataclasses import dataclass


@dataclass
class Row:
    benchmark: str
    case: str
    value: float
    unit: str
    baseline: float | None = None
    goal: str = ""

    @property
    def ratio(self):
        if self.baseline:
            return self.value / self.baseline
        return None


def median_seconds(fn, repeat=10, warmup=1, clock=time.perf_counter):
    """Median seconds of ``fn``; ``clock=time.process_time`` counts this process's CPU time."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = clock()
        fn()
        samples.append(clock() - start)
    return statistics.median(samples)


def print_table(rows, out):
    header = ("benchmark", "case", "value", "baseline", "ratio", "goal")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row.benchmark,
                row.case,
                f"{row.value:.2f} {row.unit}",
                f"{row.baseline:.2f} {row.unit}" if row.baseline else "",
                f"{row.ratio:.2f}x" if row.ratio is not None else "",
                row.goal,
            )
        )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    for n, line in enumerate(lines):
        out.write(
            "  ".join(
                str(cell).ljust(w) for cell, w in zip(line, widths, strict=True)
            ).rstrip()
            + "\n"
        )
        if n == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")


def moderator_client(username):
    """A test client logged in as a new superuser, with the moderation defaults in place."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from wagtail_ugc.moderation.defaults import ensure_moderation_defaults

    ensure_moderation_defaults()
    moderator = get_user_model().objects.create_superuser(
        username=username,
        email=f"{username}@example.com",
        password="x",  # noqa: S106
    )
    client = Client()
    client.force_login(moderator)
    return client
