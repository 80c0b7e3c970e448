"""What the petsc image compiles from source, as an SPDX document that SBOM tools (syft) read into the image's
SBOM: PETSc is no Debian or Python package, which is all a scanner would recognise otherwise. Made from the
locked tarball's line (its name and sha256) alone, with a fixed creation time, so that the record, and the
image, change only with the locked tarball.
Usage: python3 spdx-record.py <version> <tarballs.txt line's file> > petsc.spdx.json"""

import json
import sys

version, lock = sys.argv[1], sys.argv[2]
tarball, sha256 = open(lock).read().split()[:2]
print(json.dumps({
    "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": f"petsc-{version}",
    "documentNamespace": f"https://github.com/underworldcode/underworld2/images/petsc/{sha256}",
    "creationInfo": {"created": "1970-01-01T00:00:00Z", "creators": ["Tool: underworld-images"]},
    "packages": [{
        "name": "PETSc", "SPDXID": "SPDXRef-Package-PETSc", "versionInfo": version,
        "downloadLocation": f"https://web.cels.anl.gov/projects/petsc/download/release-snapshots/{tarball}",
        "checksums": [{"algorithm": "SHA256", "checksumValue": sha256}], "filesAnalyzed": False,
        "licenseConcluded": "BSD-2-Clause", "licenseDeclared": "BSD-2-Clause", "copyrightText": "NOASSERTION",
    }],
}, separators=(",", ":")))
