"""The documentation says what the code does, and the repository explains itself.

The README's settings table lists exactly the settings there are, with their
defaults; docs/reference.md names every system check, management command and
overridable template; docs/architecture.md's layers are the import
contracts' layers; and nothing cites a document outside the repository.
"""

import ast
import re
import tomllib
from pathlib import Path

import pytest

from wagtail_ugc.conf import DEFAULTS

from . import fresh_site

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "wagtail_ugc"
README = ROOT / "README.md"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
REFERENCE = ROOT / "docs" / "reference.md"

#: Where the repository's own text lives (generated and binary files aside).
CHECKED_PLACES = ("wagtail_ugc", "docs", "tests", "benchmarks", "example_site")
TEXT_SUFFIXES = {
    ".py",
    ".md",
    ".html",
    ".txt",
    ".po",
    ".js",
    ".css",
    ".json",
    ".toml",
    ".cfg",
    ".ini",
    ".yml",
    ".yaml",
}
#: Documents that are not part of the repository, spelled so that this file
#: does not mention them itself.
OUTSIDE_DOCUMENTS = ("../" + "shared", "PERFORMANCE" + ".md", "DESIGN" + ".md")
#: A citation of an invariant by its number, in any case, singular or plural.
INVARIANT_CITATION = re.compile(r"\binvariants? (\d)", re.IGNORECASE)


def repository_text_files():
    yield README
    for place in CHECKED_PLACES:
        for path in sorted((ROOT / place).rglob("*")):
            if (
                path.is_file()
                and path.suffix in TEXT_SUFFIXES
                and "__pycache__" not in path.parts
                and "var" not in path.relative_to(ROOT).parts[:2]
            ):
                yield path


def read(path):
    return path.read_text(encoding="utf-8")


def markdown_table_after(text, heading):
    """The rows (lists of cell texts) of the first table after ``heading``."""
    lines = text.splitlines()
    start = lines.index(heading)
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
            rows.append(cells)
        elif rows:
            break
    header, separator, *body = rows
    assert set(separator[0]) <= {"-", " ", ":"}, "not a Markdown table"
    return body


def first_code(cell):
    """The text of the first `code` span in a table cell, or None."""
    found = re.search(r"`([^`]*)`", cell)
    return found.group(1) if found else None


def settings_table():
    rows = markdown_table_after(read(README), "## Settings reference")
    return {first_code(key): default for key, default, _meaning in rows}


def section(text, heading):
    """The lines under ``heading`` up to the next heading of the same level."""
    level = heading.split(" ")[0]
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = next(
        (
            index
            for index in range(start, len(lines))
            if lines[index].startswith(level + " ")
        ),
        len(lines),
    )
    return lines[start:end]


# The settings table --------------------------------------------------------------


def test_the_readme_settings_table_lists_exactly_the_settings_there_are():
    assert sorted(settings_table()) == sorted(DEFAULTS)


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_the_readme_settings_table_shows_each_default_as_it_is(key):
    default = DEFAULTS[key]
    shown = settings_table().get(key)
    if shown is None:
        pytest.fail(f"{key} is not in the README's settings table")
    code = first_code(shown)
    if isinstance(default, list | tuple | dict):
        # Containers may be described in words ("CC BY 4.0"); a literal must match.
        try:
            literal = ast.literal_eval(code) if code else None
        except (ValueError, SyntaxError):
            return
        if literal is not None:
            assert literal == default, f"{key}: the table shows {shown}"
        return
    assert code is not None, f"{key}: the default is not shown as `code`"
    assert ast.literal_eval(code) == default, f"{key}: the table shows {shown}"


# The reference page --------------------------------------------------------------


def system_check_ids():
    """Every check ID ``checks.py`` can report, and any written out in the package."""
    ids = set()
    tree = ast.parse(read(PACKAGE / "checks.py"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_error"
        ):
            number = node.args[-1]
            assert isinstance(number, ast.Constant), ast.dump(node)
            ids.add(f"wagtail_ugc.E{number.value:03d}")
    for path in PACKAGE.rglob("*.py"):
        ids.update(re.findall(r"wagtail_ugc\.[EWCI]\d{3}", read(path)))
    return ids


def test_every_system_check_id_is_in_the_reference():
    ids = system_check_ids()
    assert ids, "no system check IDs found in checks.py"
    reference = read(REFERENCE)
    assert sorted(i for i in ids if i not in reference) == []


def test_the_reference_names_no_system_check_that_does_not_exist():
    named = set(re.findall(r"wagtail_ugc\.[EWCI]\d{3}", read(REFERENCE)))
    assert sorted(named - system_check_ids()) == []


def management_commands():
    folder = PACKAGE / "management" / "commands"
    return {path.stem for path in folder.glob("*.py") if not path.stem.startswith("_")}


def test_every_management_command_is_in_the_reference():
    commands = management_commands()
    assert commands
    reference = read(REFERENCE)
    assert sorted(c for c in commands if f"`{c}" not in reference) == []


def test_the_reference_names_no_command_that_does_not_exist():
    rows = section(read(REFERENCE), "## Management commands")
    named = {m.group(1) for line in rows if (m := re.match(r"\| `(\w+)", line))}
    assert named and sorted(named - management_commands()) == []


def overridable_templates():
    """The public-facing and e-mail templates: everything but the admin's."""
    base = PACKAGE / "templates"
    found = set()
    for folder in ("intake", "display", "rights", "emails"):
        for path in (base / "wagtail_ugc" / folder).rglob("*"):
            name = path.relative_to(base).as_posix()
            if path.is_file() and not name.startswith("wagtail_ugc/rights/admin/"):
                found.add(name)
    return found


def test_every_overridable_template_is_in_the_reference():
    templates = overridable_templates()
    assert templates
    reference = read(REFERENCE)
    assert sorted(t for t in templates if f"`{t}`" not in reference) == []


def test_every_template_the_reference_names_exists():
    named = set(re.findall(r"`(wagtail_ugc/[\w/]+\.(?:html|txt))`", read(REFERENCE)))
    base = PACKAGE / "templates"
    assert sorted(t for t in named if not (base / t).is_file()) == []


# The architecture ----------------------------------------------------------------


def import_contracts():
    config = tomllib.loads(read(ROOT / "pyproject.toml"))["tool"]["importlinter"]
    by_type = {contract["type"]: contract for contract in config["contracts"]}
    return by_type["layers"], by_type["forbidden"]


def tail(module):
    return module.removeprefix("wagtail_ugc.")


def split_layer(layer):
    return [module.strip() for module in re.split(r"[:|]", layer)]


def documented_layers():
    """``(label, members or None)`` for each line of architecture.md's layer block."""
    lines = section(read(ARCHITECTURE), "### The layers")
    start = lines.index("```") + 1
    end = lines.index("```", start)
    rows = []
    for line in lines[start:end]:
        label, _space, rest = line.strip().partition(" ")
        members = {m.strip() for m in rest.split("·")} if "·" in rest else None
        rows.append((label, members))
    return rows


def test_the_architecture_layers_are_the_import_contracts_layers():
    layers, forbidden = import_contracts()
    wiring, *rows = documented_layers()
    assert wiring == ("wiring", {tail(m) for m in forbidden["forbidden_modules"]})
    assert len(rows) == len(layers["layers"])
    for (label, members), layer in zip(rows, layers["layers"], strict=True):
        modules = [tail(m) for m in split_layer(layer)]
        if len(modules) == 1:
            assert (label, members) == (modules[0], None)
        else:
            assert members == set(modules), label


def test_only_the_wiring_is_left_out_of_the_layers():
    layers, forbidden = import_contracts()
    layered = {m for layer in layers["layers"] for m in split_layer(layer)}
    assert set(forbidden["source_modules"]) == layered


def test_the_core_modules_may_import_one_another_as_the_architecture_says():
    # architecture.md: "The core modules may import one another"; in
    # import-linter "a : b" is a layer whose modules may, "a | b" one whose may not.
    layers, _forbidden = import_contracts()
    for layer in layers["layers"]:
        if len(split_layer(layer)) > 1:
            assert ":" in layer and "|" not in layer


def documented_invariants():
    lines = section(read(ARCHITECTURE), "## The invariants")
    return [int(m.group(1)) for line in lines if (m := re.match(r"(\d+)\. ", line))]


def test_the_architecture_states_eight_invariants_each_with_where_it_is_kept():
    assert documented_invariants() == list(range(1, 9))
    kept_by = "\n".join(section(read(ARCHITECTURE), "## The invariants"))
    assert kept_by.count("**Kept by:**") == 8


# Citations -----------------------------------------------------------------------


def test_nothing_cites_a_document_outside_the_repository():
    citing = [
        f"{path.relative_to(ROOT)}: {document}"
        for path in repository_text_files()
        for document in OUTSIDE_DOCUMENTS
        if document in read(path)
    ]
    assert citing == []


def test_every_invariant_cited_says_where_it_is_stated():
    stated = set(documented_invariants())
    unclear = []
    for path in repository_text_files():
        if path == ARCHITECTURE:
            continue
        text = read(path)
        for match in INVARIANT_CITATION.finditer(text):
            nearby = text[max(0, match.start() - 300) : match.end() + 300]
            if "architecture.md" not in nearby or int(match.group(1)) not in stated:
                line = text.count("\n", 0, match.start()) + 1
                unclear.append(f"{path.relative_to(ROOT)}:{line}")
    assert unclear == []


def test_the_readme_marks_every_install_step_the_fresh_site_applies():
    assert set(fresh_site.readme_steps()) == set(fresh_site.APPLY)


def test_the_readme_install_settings_run_with_base_dir_a_str_or_a_path():
    code = fresh_site.readme_steps()["settings"]
    for base_dir in ("/srv/mysite", Path("/srv/mysite")):
        namespace = {"BASE_DIR": base_dir, "INSTALLED_APPS": ["wagtail"]}
        exec(code, namespace)  # noqa: S102 - the README's own example
        assert namespace["INSTALLED_APPS"][-2:] == ["wagtail_ugc", "django_tasks"]
        assert str(namespace["WAGTAIL_UGC"]["PRIVATE_ROOT"]).startswith("/srv/")
        assert not str(namespace["WAGTAIL_UGC"]["PRIVATE_ROOT"]).startswith(
            "/srv/mysite/"
        )
