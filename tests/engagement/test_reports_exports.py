"""The report's CSV and XLSX: one row per day and campaign (or page), formulas kept as text."""

import csv
import io
from datetime import date

import openpyxl
import pytest

from .report_data import PERIOD, known_data

pytestmark = pytest.mark.django_db

URL = "/admin/ugc-reports/"
HEADINGS = [
    "Day",
    "Campaign",
    "Received",
    "Approved",
    "Rejected",
    "Impressions",
    "Lightbox opens",
    "Link clicks",
    "Credit clicks",
    "Clicks",
    "Click-through rate",
]


@pytest.fixture
def data(settings):
    settings.TIME_ZONE = "Europe/Copenhagen"
    return known_data()


@pytest.fixture
def admin_client(client, moderator):
    client.force_login(moderator)
    return client


def expected_rows(summer):
    """Worked out from tests/engagement/report_data.py, by local day."""
    return [
        ["2024-03-01", summer, 1, 1, 0, 100, 10, 5, 1, 6, 0.06],
        ["2024-03-02", "Winter", 1, 1, 0, 40, 4, 8, 0, 8, 0.2],
        ["2024-03-03", summer, 1, 1, 0, 0, 0, 0, 0, 0, None],
        ["2024-03-04", summer, 1, 0, 1, 0, 0, 0, 0, 0, None],
        ["2024-03-05", summer, 0, 0, 0, 300, 0, 1, 3, 4, 0.0133],
        ["2024-03-06", summer, 1, 0, 0, 0, 0, 0, 0, 0, None],
        ["2024-03-07", "Winter", 1, 0, 1, 0, 0, 0, 0, 0, None],
        ["2024-03-08", "Winter", 1, 0, 1, 0, 0, 0, 0, 0, None],
        ["2024-03-10", summer, 1, 1, 0, 50, 0, 2, 0, 2, 0.04],
    ]


def as_csv_cells(row):
    return ["" if cell is None else str(cell) for cell in row]


def test_csv_has_a_row_per_day_and_campaign(admin_client, data):
    response = admin_client.get(URL, {**PERIOD, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert (
        'filename="engagement-20240301-20240310.csv"' in response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == HEADINGS
    # A title that starts like a formula is given a leading quote in the CSV.
    summer = "'" + data.summer.title
    assert rows[1:] == [as_csv_cells(row) for row in expected_rows(summer)]


def test_xlsx_has_the_same_rows(admin_client, data):
    response = admin_client.get(URL, {**PERIOD, "export": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADINGS
    expected = expected_rows(data.summer.title)
    for row in expected:
        row[0] = date.fromisoformat(row[0])
    got = [
        [cell.date() if hasattr(cell, "date") else cell for cell in row]
        for row in rows[1:]
    ]
    assert got == expected
    # Wagtail's XLSX export stores a formula-looking title as text.
    titles = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in titles)


def test_csv_per_page_leaves_submission_figures_empty(admin_client, data):
    response = admin_client.get(URL, {**PERIOD, "rows": "page", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][1] == "Page"
    assert rows[1] == [
        "2024-03-01",
        data.p1.title,
        "",
        "",
        "",
        "100",
        "10",
        "5",
        "1",
        "6",
        "0.06",
    ]
    assert len(rows) == 1 + 5  # P1 on 1, 5 and 10 March; P2 on 2 and 5 March
