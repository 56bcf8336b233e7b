"""A fresh ``wagtail start`` site with wagtail-ugc installed the README's way.

Builds the wheel, installs it into a new virtual environment, creates a site
with ``wagtail start`` and applies the README's install steps literally: each
fenced block marked ``<!-- fresh-site: STEP -->`` in README.md is applied as
STEP says (see ``APPLY``). Nothing else about the site is changed, except what
any site builder adds: demo content, and a dark colour scheme in the site's own
stylesheet. ``tests/browser/test_fresh_wagtail_site.py`` then drives it.

To try it by hand::

    .venv/bin/python -m tests.fresh_site /tmp/fresh   # prints how to serve it
"""

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
SITE_NAME = "mysite"
ADMIN_PASSWORD = "fresh-site-admin"  # noqa: S105 - a throwaway local site

STEP = re.compile(r"<!-- fresh-site: (\w+) -->\s*```[\w+-]*\n(.*?)```", re.DOTALL)

# Any site's own look: dark, set on the body, no prefers-color-scheme.
DARK_THEME = """
body { background: #121212; color: #e8e8e8; }
a { color: #8ab4f8; }
"""

CONTENT = """
from home.models import HomePage
from wagtail_ugc.models import Campaign

campaign = Campaign.objects.create(
    title="Show us your trip",
    slug="trip",
    terms_text="You let us show your photo on this site, credited to you.",
)
home = HomePage.objects.get(depth=2)
home.body = [
    ("submission_form", {"heading": "Share your photo", "campaign": campaign}),
    ("ugc_gallery", {"heading": "From our customers"}),
]
home.save_revision().publish()
"""


def readme_steps(text=None):
    """{step: code} for every marked block of the README's install section."""
    steps = {}
    for name, code in STEP.findall(text if text is not None else README.read_text()):
        assert name not in steps, f"README marks two blocks as {name!r}"
        steps[name] = code
    return steps


def _code_lines(code):
    return [
        line
        for line in code.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def apply_settings(site, code):
    settings = site / SITE_NAME / "settings" / "base.py"
    settings.write_text(settings.read_text() + "\n\n" + code)


def apply_urls(site, code):
    urls = site / SITE_NAME / "urls.py"
    text = urls.read_text()
    catch_all = '    path("", include(wagtail_urls)),\n'
    assert catch_all in text, "wagtail start's urls.py changed"
    # The README's lines for wagtail-ugc, where it shows them: before the catch-all.
    ugc_lines = [line for line in _code_lines(code) if "wagtail_ugc" in line]
    assert ugc_lines, "the README's urls block names no wagtail_ugc URLs"
    lines = "".join(f"    {line.strip()}\n" for line in ugc_lines)
    urls.write_text(text.replace(catch_all, lines + catch_all, 1))


def apply_models(site, code):
    (site / "home" / "models.py").write_text(code)


def apply_template(site, code):
    (site / "home" / "templates" / "home" / "home_page.html").write_text(code)


def apply_commands(site, code, python):
    for line in _code_lines(code):
        command = line.split("#")[0].split()
        assert command[0] == "python", f"not a manage.py command: {line}"
        run([str(python), *command[1:]], cwd=site)


APPLY = {
    "settings": apply_settings,
    "urls": apply_urls,
    "models": apply_models,
    "template": apply_template,
    "commands": apply_commands,
}


def run(command, extra_env=None, **kwargs):
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", **(extra_env or {})}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("PYTHONPATH", None)
    result = subprocess.run(command, env=env, capture_output=True, text=True, **kwargs)
    if result.returncode:
        raise RuntimeError(
            f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def build(workdir):
    """Make the site in ``workdir``; return (site folder, its python)."""
    workdir = Path(workdir)
    wheels = workdir / "dist"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(REPO),
        ]
    )
    (wheel,) = wheels.glob("wagtail_ugc-*.whl")
    env_dir = workdir / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--quiet", str(wheel)])

    site = workdir / SITE_NAME
    site.mkdir()
    run([str(env_dir / "bin" / "wagtail"), "start", SITE_NAME, str(site)])
    steps = readme_steps()
    missing = set(APPLY) - set(steps)
    assert not missing, f"README marks no block for {sorted(missing)}"
    for name, apply in APPLY.items():
        if name == "commands":
            apply(site, steps[name], python)
        else:
            apply(site, steps[name])

    css = site / SITE_NAME / "static" / "css" / f"{SITE_NAME}.css"
    css.write_text(css.read_text() + DARK_THEME)
    run([str(python), "manage.py", "shell", "-c", CONTENT], cwd=site)
    run(
        [
            str(python),
            "manage.py",
            "createsuperuser",
            "--noinput",
            "--username",
            "admin",
            "--email",
            "admin@example.com",
        ],
        cwd=site,
        extra_env={"DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD},
    )
    return site, python


if __name__ == "__main__":
    site, python = build(Path(sys.argv[1]))
    print(
        f"cd {site} && {python} manage.py runserver 127.0.0.1:8001   # admin / {ADMIN_PASSWORD}"
    )
