// scripts/stack-diff.ts on two fixture stacks built for both platforms that differ by one Debian package:
// stack B rebuilds base (and underworld2 from it) with one package more, on stack A's lavavu and petsc.
// Compared as saved stack outputs, as stack files (their pins) and as two list references.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { readSettings } from "../../config/settings.ts";
import { stackVersions } from "../../components/stackOutputs.ts";
import type { StackDiff } from "../../scripts/stack-diff/compare.ts";
import { baseOsImage, mustRun, registry, uniqueNamespace } from "../support/infra.ts";
import { configWith, PROJECT_DIR, writeStackFile } from "../support/projectConfig.ts";

const EXTRA = "uw-fixture-extra";
// A Debian package made and installed in the build, so that the two stacks differ by exactly it (no archive needed).
const EXTRA_PACKAGE_STEP = [
    "RUN mkdir -p /tmp/extra/DEBIAN \\",
    `    && printf '%s\\n' 'Package: ${EXTRA}' 'Version: 1.0' 'Architecture: all' 'Maintainer: tests <tests@example.org>' 'Description: one package more' > /tmp/extra/DEBIAN/control \\`,
    "    && dpkg-deb --build /tmp/extra /tmp/extra.deb && dpkg -i /tmp/extra.deb && rm -rf /tmp/extra /tmp/extra.deb",
].join("\n");

const work = fs.mkdtempSync(path.join(os.tmpdir(), "uw-stack-diff-"));
// Both platforms, on this machine's registry; the image tests are the fixture-image tests' business.
const stack = () => ({ registry: registry(), baseOsImage: baseOsImage(), platforms: '["linux/amd64","linux/arm64"]', testImages: "false" });
let a: Record<string, string> = {};
let b: Record<string, string> = {};

async function buildWithoutPulumi(settings: Record<string, string>): Promise<Record<string, string>> {
    const result = await mustRun(process.execPath, ["--import", "tsx", "scripts/build-without-pulumi.ts", "--stack-file", writeStackFile(settings)]);
    return Object.fromEntries(result.stdout.trim().split("\n").map((line) => line.split(/\s+/) as [string, string]));
}

async function stackDiff(...args: string[]): Promise<string> {
    return (await mustRun(process.execPath, ["--import", "tsx", "scripts/stack-diff.ts", ...args])).stdout;
}

test.before(async () => {
    a = await buildWithoutPulumi({ ...stack(), namespace: uniqueNamespace("stack-diff-a"), dockerfilesDir: "tests/fixtures/dockerfiles" });
    const dockerfiles = path.join(work, "dockerfiles");
    fs.cpSync(path.join(PROJECT_DIR, "tests", "fixtures", "dockerfiles"), dockerfiles, { recursive: true });
    const base = path.join(dockerfiles, "base", "Dockerfile");
    fs.writeFileSync(base, fs.readFileSync(base, "utf8").replace(/\nUSER 1000\n$/, `\n${EXTRA_PACKAGE_STEP}\nUSER 1000\n`));
    const pins = JSON.stringify({ toolchain: a.toolchain, lavavu: a.lavavu, petsc: a.petsc });
    b = { toolchain: a.toolchain!, lavavu: a.lavavu!, petsc: a.petsc!, ...await buildWithoutPulumi({ ...stack(), namespace: uniqueNamespace("stack-diff-b"), dockerfilesDir: dockerfiles, pins }) };
});

test.after.always(() => fs.rmSync(work, { recursive: true, force: true }));

test("saved stack outputs: base and underworld2 gained exactly the one package on both platforms; the rest is the same", async (t) => {
    t.deepEqual(Object.keys(b).sort(), ["base", "lavavu", "petsc", "toolchain", "underworld2"], "stack B built base and underworld2, pinned the others");
    const versions = stackVersions(readSettings(configWith({})));
    const save = (name: string, digests: Record<string, string>) => {
        const file = path.join(work, `${name}.json`);
        fs.writeFileSync(file, JSON.stringify({ digests, versions, images: {} }));
        return `outputs:${file}`;
    };
    const diff = JSON.parse(await stackDiff("--json", save("a", a), save("b", b))) as StackDiff;

    t.deepEqual(diff.images.map((i) => [i.image, i.status]),
        [["toolchain", "unchanged"], ["lavavu", "unchanged"], ["petsc", "unchanged"], ["base", "changed"], ["underworld2", "changed"]]);
    t.true(diff.versions!.length > 0 && diff.versions!.every((v) => !v.changed), "the same versions define both");
    for (const image of diff.images.filter((i) => i.status === "changed")) {
        t.deepEqual(image.platforms.map((p) => [p.platform, p.status]), [["linux/amd64", "changed"], ["linux/arm64", "changed"]], image.image);
        for (const platform of image.platforms) {
            const where = `${image.image} ${platform.platform}`;
            t.like(platform.debian, { added: [{ name: EXTRA, version: "1.0" }], removed: [], upgraded: [], downgraded: [], changed: [] }, where);
            t.true((platform.debian as { unchanged: number }).unchanged > 50, `${where}: the base OS's packages are read too`);
            t.deepEqual(platform.python, { notRecordedIn: ["from", "to"] }, `${where}: the fixtures have no pip record`);
            t.false(platform.baseOs!.layerChanged, `${where}: the same base OS layer`);
        }
    }
});

test("stack files: their pinned images compared, and a note that underworld2 is not", async (t) => {
    const stackFile = (lists: Record<string, string>) =>
        `file:${writeStackFile({ pins: JSON.stringify({ lavavu: lists.lavavu, petsc: lists.petsc, base: lists.base }) })}`;
    const text = await stackDiff(stackFile(a), stackFile(b));
    t.regex(text, /underworld2 is built on every run and never pinned, so it is not compared/);
    t.regex(text, /^lavavu: unchanged/m);
    t.regex(text, /^base: changed$/m);
    t.notRegex(text, /^underworld2/m);
    t.is(text.match(new RegExp(`^ +Debian +added +${EXTRA} +1\\.0$`, "gm"))?.length, 2, "one added package on each platform");
    t.is(text.match(/Debian: 1 added, 0 removed, 0 upgraded, 0 downgraded/g)?.length, 2);
});

test("two list references, one platform: the one image compared on that platform only", async (t) => {
    const diff = JSON.parse(await stackDiff("--json", "--platform", "linux/arm64", `ref:${a.base}`, `ref:${b.base}`)) as StackDiff;
    t.is(diff.versions, null);
    t.deepEqual(diff.images.map((i) => [i.image, i.platforms.map((p) => p.platform)]), [["base", ["linux/arm64"]]]);
    t.like(diff.images[0]!.platforms[0]!.debian, { added: [{ name: EXTRA, version: "1.0" }] });
});
