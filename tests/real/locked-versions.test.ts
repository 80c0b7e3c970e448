// A fixture stack asking for a second PETSc version: refused before anything is built, naming the key, the
// version and the command that locks it; that command (hermetic/lock.py, which asks PyPI) then locks it
// beside the first, and the stack builds, with the image tests expecting that version. The first version
// still builds from the same lock files, into the same images: locking another version rebuilt nothing.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { inImage } from "../support/imageChecks.ts";
import { baseOsImage, catalog, listEntries, registry, registryManifest, run, uniqueNamespace } from "../support/infra.ts";
import { PROJECT_DIR, writeStackFile } from "../support/projectConfig.ts";

const SECOND = "3.23.0";
const namespace = uniqueNamespace("locked-versions");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "uw-locked-"));
const dockerfiles = path.join(work, "dockerfiles");
test.after.always(() => fs.rmSync(work, { recursive: true, force: true }));

const stack = (petscVersion?: string) => writeStackFile({
    registry: registry(), namespace, baseOsImage: baseOsImage(), dockerfilesDir: dockerfiles,
    platforms: '["linux/amd64","linux/arm64"]', tag: `petsc-${petscVersion ?? "default"}`, ...(petscVersion === undefined ? {} : { petscVersion }),
});
// petsc and the toolchain it is built with (BuildKit's cache gives the same toolchain each time).
const buildPetsc = (stackFile: string) => run(process.execPath, ["--import", "tsx", "scripts/build-without-pulumi.ts", "--stack-file", stackFile, "--image", "toolchain", "--image", "petsc"]);
const petscList = async (tag: string) => listEntries((await registryManifest(`${namespace}/petsc`, tag)).json);

test.serial("a second PETSc version: refused until locked, then built and tested at that version, the first version's images unchanged", async (t) => {
    fs.cpSync(path.join(PROJECT_DIR, "tests", "fixtures", "dockerfiles"), dockerfiles, { recursive: true });
    const first = await buildPetsc(stack());
    t.is(first.code, 0, first.stderr);
    const before = await petscList("petsc-default");

    const catalogBefore = await catalog(namespace);
    const refused = await buildPetsc(stack(SECOND));
    t.not(refused.code, 0);
    const command = `python3 hermetic/lock.py --version petscVersion=${SECOND} --dockerfiles ${dockerfiles}`;
    t.regex(refused.stderr, new RegExp(`underworld-images:petscVersion: ${SECOND.replace(/\./g, "\\.")} is not locked`));
    t.true(refused.stderr.includes(`lock it with \`${command}\``), refused.stderr);
    t.deepEqual(await catalog(namespace), catalogBefore, "nothing was built or pushed");

    const locked = await run("/bin/sh", ["-c", command]);
    t.is(locked.code, 0, locked.stdout + locked.stderr);
    t.regex(fs.readFileSync(path.join(dockerfiles, "petsc", "tarballs.txt"), "utf8"), new RegExp(`^petsc-3\\.22\\.2\\.tar\\.gz [0-9a-f]{64}\\npetsc-${SECOND.replace(/\./g, "\\.")}\\.tar\\.gz [0-9a-f]{64}\\n$`));

    const second = await buildPetsc(stack(SECOND));
    t.is(second.code, 0, second.stderr);
    t.regex(second.stderr, /image-tests: passed: petsc tests on petsc linux\/arm64/);
    const secondList = `${registry()}/${namespace}/petsc@${(await registryManifest(`${namespace}/petsc`, `petsc-${SECOND}`)).bodyDigest}`;
    for (const platform of ["linux/amd64", "linux/arm64"]) {
        const lock = await inImage(secondList, platform, "cat /opt/fixture/petsc.lock");
        t.regex(lock, new RegExp(`^petsc-${SECOND.replace(/\./g, "\\.")}\\.tar\\.gz \\S+\\npetsc4py==${SECOND.replace(/\./g, "\\.")} `), platform);
    }

    const again = await buildPetsc(stack());
    t.is(again.code, 0, again.stderr);
    t.deepEqual(await petscList("petsc-default"), before, "the first version's images are the same: its build depends on its own lock lines only");
});
