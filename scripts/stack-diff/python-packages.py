#!/usr/bin/env python3
"""Python package records for scripts/stack-diff.ts, read with `packaging` (the maintained PEP 440/508 code
pip itself vendors) rather than by hand:
  python-packages.py freeze   stdin: a `pip freeze` text     stdout: JSON {name: version}
  python-packages.py order    stdin: JSON [[a, b], ...]      stdout: JSON [-1 | 0 | 1 | null, ...]
`pip freeze` writes packages installed from a local wheel as `name @ file:///.../name-1.0-...whl`: their
version is the wheel's. `order` gives null where a version is not PEP 440 (nothing to say about its direction)."""

import json
import sys
from urllib.parse import urlparse

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename
from packaging.version import InvalidVersion, Version


def version_of(requirement: Requirement) -> str:
    pinned = [s.version for s in requirement.specifier if s.operator in ("==", "===")]
    if pinned:
        return pinned[0]
    if requirement.url:
        filename = urlparse(requirement.url).path.rsplit("/", 1)[-1]
        try:
            if filename.endswith(".whl"):
                return str(parse_wheel_filename(filename)[1])
            if filename.endswith((".tar.gz", ".zip")):
                return str(parse_sdist_filename(filename)[1])
        except ValueError:
            pass
        return requirement.url
    return str(requirement.specifier) or "unpinned"


def freeze(text: str) -> dict:
    versions = {}
    for line in text.splitlines():
        line = line.strip()
        # Comments, and editable installs (`-e <url>`), which name no release.
        if not line or line.startswith(("#", "-")):
            continue
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            sys.exit(f"python-packages.py: not a pip freeze line: {line!r}")
        versions[canonicalize_name(requirement.name)] = version_of(requirement)
    return versions


def order(pairs: list) -> list:
    result = []
    for a, b in pairs:
        try:
            left, right = Version(a), Version(b)
        except InvalidVersion:
            result.append(None)
            continue
        result.append((left > right) - (left < right))
    return result


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "freeze":
        json.dump(freeze(sys.stdin.read()), sys.stdout)
    elif command == "order":
        json.dump(order(json.load(sys.stdin)), sys.stdout)
    else:
        sys.exit("usage: python-packages.py freeze|order < input")
