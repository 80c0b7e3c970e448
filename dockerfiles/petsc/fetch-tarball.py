"""Downloads a locked source tarball from a PEP 503 package index and checks its sha256.
Usage: python3 fetch-tarball.py <index url> <project> <filename> <sha256> <destination>"""

import hashlib
import re
import sys
import urllib.parse
import urllib.request

index, project, filename, digest, destination = sys.argv[1:]
page_url = f"{index.rstrip('/')}/{project}/"
page = urllib.request.urlopen(page_url).read().decode()
hrefs = [h for h in re.findall(r'href="([^"]+)"', page) if h.split("#")[0].rsplit("/", 1)[-1] == filename]
if not hrefs:
    sys.exit(f"{filename} is not on {page_url}")
data = urllib.request.urlopen(urllib.parse.urljoin(page_url, hrefs[0])).read()
if hashlib.sha256(data).hexdigest() != digest:
    sys.exit(f"{filename}: its sha256 does not match the lock")
with open(destination, "wb") as out:
    out.write(data)
