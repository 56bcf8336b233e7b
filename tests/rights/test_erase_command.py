"""``ugc_erase_creator`` under cron: --noinput erases without asking; without a terminal it never hangs."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from wagtail_ugc.models import Creator, Submission

from ..factories import CreatorFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "ana.lind@example.org"


@pytest.fixture
def creator():
    creator = CreatorFactory(email=EMAIL)
    SubmissionFactory(creator=creator)
    return creator


@pytest.fixture
def no_terminal(monkeypatch):
    """Standard input as cron gives it: /dev/null."""
    with open(os.devnull) as devnull:
        monkeypatch.setattr(sys, "stdin", devnull)
        yield


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("flag", ["--noinput", "--no-input", "--yes"])
def test_noinput_erases_without_asking(creator, no_terminal, flag):
    out = io.StringIO()

    call_command("ugc_erase_creator", EMAIL, flag, stdout=out)

    assert not Creator.objects.exists() and not Submission.objects.exists()
    assert "Erased 1 submission(s) and the creator" in out.getvalue()


def test_without_a_terminal_it_erases_nothing_and_says_why(creator, no_terminal):
    with pytest.raises(CommandError, match="no terminal.*--noinput"):
        call_command("ugc_erase_creator", EMAIL)

    assert Creator.objects.filter(email=EMAIL).exists()


@pytest.mark.parametrize("answer, erased", [("y\n", True), ("n\n", False)])
def test_at_a_terminal_it_asks_first(creator, monkeypatch, answer, erased):
    monkeypatch.setattr(sys, "stdin", Terminal(answer))
    if erased:
        call_command("ugc_erase_creator", EMAIL, stdout=io.StringIO())
    else:
        with pytest.raises(CommandError, match="Nothing was erased"):
            call_command("ugc_erase_creator", EMAIL, stdout=io.StringIO())

    assert Creator.objects.exists() is not erased


def test_run_from_cron_without_noinput_it_ends_at_once_with_a_clear_message():
    # A real process, its input closed as under cron: no prompt left waiting.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "example_site")]),
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "ugc_erase_creator", EMAIL],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert "Nothing was erased: there is no terminal to confirm on." in result.stderr
    assert "--noinput" in result.stderr
