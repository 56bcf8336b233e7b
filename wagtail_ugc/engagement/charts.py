"""Charts drawn on the server as inline SVG: no script, no third-party request.

Every stroke and fill is ``currentColor`` (at some opacity), so a chart takes
the colour of the text around it and reads the same in the admin's light and
dark themes. Each chart is one ``role="img"`` with a ``<title>`` and a
``<desc>``; the numbers themselves go in a real table beside it
(docs/reports.md). All text is escaped here, where the SVG is written.
"""

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH = 720
PANEL_HEIGHT = 96
PANEL_GAP = 30
LEFT = 8
RIGHT = 8
TOP = 22


def _points(values, top, height, width=WIDTH, left=LEFT, right=RIGHT):
    """(x, y) of each value, scaled so the largest touches ``top``."""
    biggest = max(values, default=0) or 1
    span = width - left - right
    step = span / (len(values) - 1) if len(values) > 1 else 0
    return [
        (
            round(left + (index * step if len(values) > 1 else span / 2), 1),
            round(top + height - value / biggest * height, 1),
        )
        for index, value in enumerate(values)
    ]


def _path(points):
    return " ".join(f"{x},{y}" for x, y in points)


def daily_chart(days, series, *, title, description, chart_id):
    """Small multiples: one panel per ``(label, values)`` in ``series``, all over ``days``.

    Impressions and clicks differ by orders of magnitude, so each series gets
    its own panel and scale (its largest value is written at its top) rather
    than a shared axis that would flatten the smaller one.
    """
    height = TOP + len(series) * (PANEL_HEIGHT + PANEL_GAP) + 6
    parts = [
        f'<svg class="ugc-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    if days:
        first, last = days[0], days[-1]
        parts.append(
            f'<text x="{LEFT}" y="12" font-size="12" fill="currentColor">'
            f"{escape(date_format(first, 'SHORT_DATE_FORMAT'))}</text>"
            f'<text x="{WIDTH - RIGHT}" y="12" font-size="12" text-anchor="end" '
            f'fill="currentColor">{escape(date_format(last, "SHORT_DATE_FORMAT"))}</text>'
        )
    for index, (label, values) in enumerate(series):
        top = TOP + index * (PANEL_HEIGHT + PANEL_GAP) + 16
        base = top + PANEL_HEIGHT - 16
        points = _points(values, top, PANEL_HEIGHT - 16)
        biggest = max(values, default=0)
        parts.append(
            f'<g class="ugc-chart__panel">'
            f'<text x="{LEFT}" y="{top - 4}" font-size="13" font-weight="bold" '
            f'fill="currentColor">{escape(label)}</text>'
            f'<text x="{WIDTH - RIGHT}" y="{top - 4}" font-size="12" '
            f'text-anchor="end" fill="currentColor">'
            f"{escape(number_format(biggest, force_grouping=True))}</text>"
            f'<line x1="{LEFT}" y1="{top}" x2="{WIDTH - RIGHT}" y2="{top}" '
            f'stroke="currentColor" stroke-opacity="0.25" stroke-dasharray="3 3"/>'
            f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" '
            f'stroke="currentColor" stroke-opacity="0.5"/>'
        )
        if points:
            area = [(points[0][0], base), *points, (points[-1][0], base)]
            parts.append(
                f'<polygon points="{_path(area)}" fill="currentColor" fill-opacity="0.15"/>'
                f'<polyline points="{_path(points)}" fill="none" stroke="currentColor" '
                f'stroke-width="2" stroke-linejoin="round"/>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def sparkline(values, *, label, width=140, height=32):
    """A tiny line of ``values`` for the dashboard; ``label`` says what it shows, numbers included."""
    points = _points(values, 3, height - 6, width=width, left=2, right=2)
    line = (
        f'<polyline points="{_path(points)}" fill="none" stroke="currentColor" '
        f'stroke-width="2" stroke-linejoin="round"/>'
        if points
        else ""
    )
    return mark_safe(  # noqa: S308 - the label is escaped
        f'<svg class="ugc-sparkline" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        f'focusable="false"><title>{escape(label)}</title>'
        f'<line x1="2" y1="{height - 3}" x2="{width - 2}" y2="{height - 3}" '
        f'stroke="currentColor" stroke-opacity="0.3"/>{line}</svg>'
    )
