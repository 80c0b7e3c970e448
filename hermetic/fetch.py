#!/usr/bin/env python3
"""Downloads every file the lock files name (dockerfiles/*/wheels-*.txt, sources.txt, tarballs.txt) into
$UW_CACHE/pypi/files, checks each sha256, and writes a PEP 503 simple index over them in
$UW_CACHE/pypi/simple, so builds can install from 127.0.0.1 with no internet. Files already there are kept."""

import hashlib
import json
import os
import pathlib
import re
import sys
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
CACHE = pathlib.Path(os.environ.get("UW_CACHE", pathlib.Path.home() / ".cache" / "underworld-images")) / "pypi"
INDEX = os.environ.get("UW_UPSTREAM_INDEX", "https://pypi.org/simple")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict:
    """name -> set of sha256 the lock files allow."""
    wanted: dict = {}
    for lock in sorted(ROOT.glob("dockerfiles/*/*.txt")):
        for line in lock.read_text().splitlines():
            pinned = re.match(r"^([A-Za-z0-9_.-]+)==\S+ --hash=sha256:([0-9a-f]{64})$", line)
            tarball = re.match(r"^(([A-Za-z0-9_.]+)-[0-9][^ ]*\.tar\.gz) ([0-9a-f]{64})$", line)
            if pinned:
                wanted.setdefault(normalize(pinned[1]), set()).add(pinned[2])
            elif tarball:
                wanted.setdefault(normalize(tarball[2]), set()).add(tarball[3])
    return wanted


def sha256(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    files_dir = CACHE / "files"
    files_dir.mkdir(parents=True, exist_ok=True)
    have = {sha256(p): p.name for p in files_dir.iterdir() if p.is_file()}
    fetched = 0
    index: dict = {}
    for name, digests in sorted(locked().items()):
        missing = digests - have.keys()
        if missing:
            request = urllib.request.Request(f"{INDEX}/{name}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
            listing = json.load(urllib.request.urlopen(request))["files"]
            for entry in listing:
                digest = entry["hashes"].get("sha256")
                if digest in missing:
                    data = urllib.request.urlopen(entry["url"]).read()
                    if hashlib.sha256(data).hexdigest() != digest:
                        sys.exit(f"fetch.py: {entry['filename']} does not match its locked sha256")
                    (files_dir / entry["filename"]).write_bytes(data)
                    have[digest] = entry["filename"]
                    fetched += 1
            still = digests - have.keys()
            if still:
                sys.exit(f"fetch.py: {name}: no file on {INDEX} has sha256 {', '.join(sorted(still))}")
        index[name] = sorted(have[d] for d in digests)
    for name, filenames in index.items():
        page = CACHE / "simple" / name
        page.mkdir(parents=True, exist_ok=True)
        links = "\n".join(f'<a href="../../files/{f}#sha256={sha256(files_dir / f)}">{f}</a><br>' for f in filenames)
        (page / "index.html").write_text(f"<!DOCTYPE html>\n<html><body>\n{links}\n</body></html>\n")
    (CACHE / "simple" / "index.html").write_text("".join(f'<a href="{n}/">{n}</a><br>\n' for n in sorted(index)))
    print(f"fetch.py: {len(have)} files in {files_dir} ({fetched} downloaded now), index for {len(index)} projects", file=sys.stderr)


if __name__ == "__main__":
    main()
