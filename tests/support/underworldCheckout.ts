// A git checkout laid out as underworld2's is (its version in src/underworld/_version.py, read by setup.py),
// small enough to stage in a test: the fixture images read its version and commit as the real image does.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export class UnderworldCheckout {
    readonly path: string;

    /** A new checkout at `dir` whose first commit declares `version`. */
    constructor(dir: string, version: string, versionFile = "src/underworld/_version.py") {
        this.path = dir;
        fs.mkdirSync(dir, { recursive: true });
        this.git("init", "-q");
        fs.writeFileSync(path.join(dir, "setup.py"), "# As upstream's: the version comes from _version.py.\nversion = {}\nexec(open(\"src/underworld/_version.py\").read(), version)\n");
        this.commit(version, versionFile);
    }

    git(...args: string[]): string {
        return execFileSync("git", ["-C", this.path, "-c", "user.name=test", "-c", "user.email=test@localhost", ...args]).toString().trim();
    }

    /** Commits a change declaring `version`; returns the new HEAD. */
    commit(version: string, versionFile = "src/underworld/_version.py"): string {
        fs.mkdirSync(path.join(this.path, path.dirname(versionFile)), { recursive: true });
        fs.writeFileSync(path.join(this.path, versionFile), `__version__ = "${version}"\n`);
        this.git("add", ".");
        this.git("commit", "-qm", `version ${version}`);
        return this.head();
    }

    head(): string {
        return this.git("rev-parse", "HEAD");
    }
}
