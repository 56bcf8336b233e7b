"""Known vulnerabilities in the resolved dependencies: pip-audit, with a fallback.

Usage: python .ci/audit_dependencies.py  (in the venv to audit; pip-audit installed)

pip-audit asks PyPI's per-release JSON API (or api.osv.dev). Where a network
lets only part of PyPI through, it audits nothing and says "could not be
audited". For those, PyPI's per-project JSON still lists the advisories of the
project's newest release: a dependency resolved to that release is checked
there; any other is reported as not audited. Any known vulnerability fails.
"""

import json
import subprocess
import sys
import tempfile
import urllib.request


def frozen():
    out = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if "==" in line]


def pip_audit(requirements):
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as handle:
        handle.write("\n".join(requirements) + "\n")
        handle.flush()
        command = [sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip"]
        command += ["--progress-spinner", "off", "-r", handle.name, "-f", "json"]
        result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    return json.loads(result.stdout or '{"dependencies": []}')["dependencies"]


def newest_release_advisories(name, version):
    url = f"https://pypi.org/pypi/{name}/json"
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - fixed https URL
        project = json.load(response)
    if project["info"]["version"] != version:
        return None
    return [v for v in project.get("vulnerabilities", []) if not v.get("withdrawn")]


def main():
    found, not_audited, audited = [], [], 0
    for dependency in pip_audit(frozen()):
        name, version = dependency["name"], dependency.get("version")
        if "skip_reason" not in dependency:
            audited += 1
            found += [(name, version, v["id"]) for v in dependency["vulns"]]
            continue
        version = dependency["skip_reason"].rsplit("(", 1)[-1].rstrip(")")
        try:
            advisories = newest_release_advisories(name, version)
        except OSError as error:
            advisories = None
            print(f"{name}: {error}")
        if advisories is None:
            not_audited.append(f"{name}=={version}")
            continue
        audited += 1
        found += [(name, version, v["id"]) for v in advisories]
    print(f"audited {audited} dependencies; not audited: {len(not_audited)}")
    if not_audited:
        print(
            "  (neither pip-audit's services nor PyPI's newest-release advisories "
            "cover these from this network): " + ", ".join(not_audited)
        )
    for name, version, advisory in found:
        print(f"VULNERABLE: {name} {version}: {advisory}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
