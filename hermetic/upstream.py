#!/usr/bin/env python3
"""Notices new upstream releases of what the images build from source, and proposes the bump.

The tracked packages are every `sources` and `tarballs` entry of hermetic/inputs.toml (lavavu, PETSc and
petsc4py, mpi4py, h5py, Underworld): the versions that define the images. Each is pinned either by a
Pulumi.yaml default ("petsc4py=={petscVersion}") or by inputs.toml itself ("h5py==3.16.0").

  python3 hermetic/upstream.py                  what is newer, and the diff the bump would make (changes nothing)
  python3 hermetic/upstream.py --write          makes the bump: Pulumi.yaml / inputs.toml, and the source locks
  python3 hermetic/upstream.py --branch NAME    the same on a new git branch, committed
  --index URL     the package index (default https://pypi.org): its JSON API (URL/pypi/<name>/json) gives the
                  releases, its simple API (URL/simple) the locked files' sha256
  --summary FILE  the proposal in markdown too (the scheduled workflow's pull-request body)

Only final releases count: no pre-releases (a, b, rc) or development releases, nothing yanked, and only
releases with an sdist (the images build these from source). Packages that share a pin (petsc and petsc4py
share petscVersion) move together, to the newest release they all have. Only sources.txt and tarballs.txt are
regenerated (lock.source_locks: the new versions added, a fixed pin's old lines replaced); the wheels stay as they are (hermetic/lock.py re-resolves them)."""

import argparse
import dataclasses
import difflib
import json
import pathlib
import re
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request

import yaml
from packaging.version import InvalidVersion, Version

import lock

ROOT = lock.ROOT
PULUMI_YAML = ROOT / "Pulumi.yaml"
INPUTS = ROOT / "hermetic" / "inputs.toml"
PLACEHOLDER = re.compile(r"^\{(\w+)\}$")


@dataclasses.dataclass
class Pin:
    """One place a version is written, and the packages that take their version from it."""
    file: pathlib.Path
    key: str  # the Pulumi.yaml config key, or the package's name in inputs.toml
    current: str
    packages: list


def pins(inputs: dict, defaults: dict) -> list:
    found: dict = {}
    for spec in inputs.values():
        for requirement in spec.get("sources", []) + spec.get("tarballs", []):
            name, version = requirement.split("==")
            placeholder = PLACEHOLDER.match(version)
            where = (PULUMI_YAML, placeholder[1]) if placeholder else (INPUTS, lock.normalize(name))
            current = defaults[placeholder[1]] if placeholder else version
            pin = found.setdefault(where, Pin(*where, current, []))
            if pin.current != current:
                sys.exit(f"upstream.py: inputs.toml pins {name} at both {pin.current} and {current}; make them one")
            if lock.normalize(name) not in pin.packages:
                pin.packages.append(lock.normalize(name))
                pin.packages.sort()
    return list(found.values())


def final_releases(index: str, name: str) -> set:
    """Every final, unyanked release of `name` with an sdist."""
    url = f"{index}/pypi/{name}/json"
    try:
        releases = json.load(urllib.request.urlopen(url))["releases"]
    except (urllib.error.URLError, KeyError, ValueError) as error:
        sys.exit(f"upstream.py: cannot read the releases of {name} from {url}: {error}")
    found = set()
    for text, files in releases.items():
        try:
            version = Version(text)
        except InvalidVersion:
            continue  # pre-PEP 440 releases (e.g. "1.3.0.dev-r634"): never a candidate
        if not version.is_prerelease and any(f["packagetype"] == "sdist" and not f.get("yanked") for f in files):
            found.add(version)
    return found


def bump_pulumi_yaml(text: str, key: str, old: str, new: str) -> str:
    """Pulumi.yaml with `key`'s default changed, every other byte (comments, quoting) as it was."""
    pattern = re.compile(rf'^(  {re.escape(key)}:\n(?:    .*\n)*?    default: "?){re.escape(old)}("?)$', re.M)
    result, count = pattern.subn(lambda m: f"{m[1]}{new}{m[2]}", text)
    if count != 1 or str(yaml.safe_load(result)["config"][key]["default"]) != new:
        sys.exit(f"upstream.py: could not set {key}'s default to {new} in Pulumi.yaml; set it by hand")
    return result


def bump_inputs(text: str, name: str, old: str, new: str) -> str:
    """inputs.toml with every "<name>==<old>" (however the name is spelt) made "<name>==<new>"."""
    pattern = re.compile(rf'"([A-Za-z0-9._-]+)=={re.escape(old)}"')
    result = pattern.sub(lambda m: f'"{m[1]}=={new}"' if lock.normalize(m[1]) == name else m[0], text)
    tomllib.loads(result)  # still TOML
    if result == text:
        sys.exit(f"upstream.py: found no {name}=={old} to change in inputs.toml")
    return result


def new_versions(bumps: list) -> dict:
    """Key -> versions to lock for each bumped Pulumi.yaml pin: the new default, and any a stack file still names."""
    named = lock.stack_versions({pin.key for pin, _ in bumps if pin.file == PULUMI_YAML})
    return {pin.key: {version} | named.get(pin.key, set()) for pin, version in bumps if pin.file == PULUMI_YAML}


def relative(path: pathlib.Path) -> str:
    return str(path.relative_to(ROOT))


def git(*args: str) -> str:
    result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"upstream.py: git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default="https://pypi.org", help="package index with a JSON API and a simple API")
    parser.add_argument("--write", action="store_true", help="write the bump into the working tree")
    parser.add_argument("--branch", help="write the bump on this new git branch and commit it")
    parser.add_argument("--summary", type=pathlib.Path, help="also write the proposal as markdown to this file")
    args = parser.parse_args()
    index = args.index.rstrip("/")

    defaults = lock.pulumi_defaults()
    inputs_text = INPUTS.read_text()
    tracked = pins(tomllib.loads(inputs_text), defaults)
    releases = {name: final_releases(index, name) for pin in tracked for name in pin.packages}

    rows, bumps = [], []
    for pin in tracked:
        common = set.intersection(*(releases[name] for name in pin.packages))
        newest = max(common, default=None)
        bump = newest is not None and newest > Version(pin.current)
        if bump:
            bumps.append((pin, str(newest)))
        for name in pin.packages:
            latest = max(releases[name], default=None)
            note = f"-> {newest}" if bump else "up to date"
            if latest is not None and latest > Version(pin.current) and not bump:
                note = f"{latest} is out, but not for every package of {pin.key}"
            rows.append((name, pin.current, str(latest or "none"), f"{relative(pin.file)} {pin.key}" if pin.file == PULUMI_YAML else relative(pin.file), note))

    widths = [max(len(row[i]) for row in rows + [("package", "pinned", "newest", "pinned in", "")]) for i in range(5)]
    table = [("package", "pinned", "newest", "pinned in", ""), *rows]
    print(f"Final releases on {index}:")
    for row in table:
        print("  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())

    title = "Upstream releases: " + ", ".join(f"{' and '.join(pin.packages)} {version}" for pin, version in bumps)
    if args.summary:
        lines = [f"| {' | '.join(row)} |" for row in table]
        lines.insert(1, "|---|---|---|---|---|")
        args.summary.write_text(f"{title if bumps else 'No new upstream release'}\n\n" + "\n".join(lines) + "\n\nProposed by `hermetic/upstream.py` "
                                "from the package index's final releases; only the source locks were regenerated. The images' tests "
                                "(a build of the changed images) decide whether the new versions work.\n")
    if not bumps:
        print("Nothing new: every tracked package is at its newest final release. Nothing was changed.")
        return

    pulumi_text, new_inputs_text = PULUMI_YAML.read_text(), inputs_text
    for pin, version in bumps:
        if pin.file == PULUMI_YAML:
            pulumi_text = bump_pulumi_yaml(pulumi_text, pin.key, pin.current, version)
        else:
            new_inputs_text = bump_inputs(new_inputs_text, pin.key, pin.current, version)
    files = {PULUMI_YAML: pulumi_text, INPUTS: new_inputs_text,
             **lock.source_locks(tomllib.loads(new_inputs_text), ROOT / "dockerfiles", new_versions(bumps), f"{index}/simple", replace=True)}
    changed = {path: files[path] for path in sorted(files, key=relative) if not path.exists() or path.read_text() != files[path]}
    print(f"Proposed: {title.split(': ', 1)[1]}; changes {', '.join(relative(p) for p in changed)}")

    if not (args.write or args.branch):
        for path, text in changed.items():
            old = path.read_text().splitlines(keepends=True) if path.exists() else []
            sys.stdout.writelines(difflib.unified_diff(old, text.splitlines(keepends=True), f"a/{relative(path)}", f"b/{relative(path)}"))
        print("Nothing was changed: --write makes the bump here, --branch NAME on a new branch.")
        return
    if args.branch:
        dirty = git("status", "--porcelain", "--", *(relative(p) for p in changed))
        if dirty:
            sys.exit(f"upstream.py: uncommitted changes in the files the bump writes:\n{dirty}Commit or stash them first.")
        git("switch", "-c", args.branch)
    for path, text in changed.items():
        path.write_text(text)
    if args.branch:
        git("add", "--", *(relative(p) for p in changed))
        git("commit", "-q", "-m", f"{title}\n\nProposed by hermetic/upstream.py from {index}: the newest final releases, and their "
            "source locks (sources.txt, tarballs.txt). Wheels were not re-resolved.")
        print(f"Committed on the new branch {args.branch}.")
    else:
        print("Written; review and commit.")


if __name__ == "__main__":
    main()
