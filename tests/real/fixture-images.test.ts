// The fixture images built with the real engine and BuildKit, from the plan's own contexts and build args,
// for both platforms, each child FROM its parents' list digests: what they hold, and their hygiene.

import test from "ava";
import { buildPlan, IMAGE_NAMES, type ImageName } from "../../components/plan.ts";
import { readSettings } from "../../components/settings.ts";
import { hygieneProblems, inImage } from "../support/imageChecks.ts";
import { baseOsImage, buildContext, manifestList, registry, uniqueNamespace } from "../support/infra.ts";
import { configWith, PROJECT_DIR } from "../support/projectConfig.ts";
import * as path from "node:path";

const lists = {} as Record<ImageName, string>;
const ARCH = { "linux/amd64": "x86_64", "linux/arm64": "aarch64" } as const;

test.before(async () => {
    const settings = readSettings(configWith({
        registry: registry(), namespace: uniqueNamespace("fixture-images"), baseOsImage: baseOsImage(), dockerfilesDir: "tests/fixtures/dockerfiles",
    }));
    const plan = buildPlan(settings);
    for (const name of IMAGE_NAMES) {
        const entry = plan[name];
        const parents = Object.fromEntries(Object.entries(entry.parentArgs).map(([arg, parent]) => [arg, lists[parent]]));
        const sources: string[] = [];
        for (const { platform, imageName } of entry.platforms) {
            const digest = await buildContext(path.join(PROJECT_DIR, entry.context), path.join(PROJECT_DIR, entry.dockerfile), platform, imageName, { ...entry.args, ...parents });
            sources.push("--source", `${platform}=${entry.repository}@${digest}`);
        }
        const result = await manifestList(["create", ...entry.listTags.flatMap((t) => ["--target", t]), ...sources]);
        if (result.code !== 0) throw new Error(result.stderr);
        lists[name] = `${entry.repository}@${result.stdout.trim()}`;
    }
});

for (const platform of ["linux/amd64", "linux/arm64"] as const) {
    test(`${platform}: every image of the chain holds ${ARCH[platform]} binaries`, async (t) => {
        for (const name of IMAGE_NAMES) {
            t.is(await inImage(lists[name], platform, "uname -m"), ARCH[platform], `${name} runs as ${ARCH[platform]}`);
            t.is(await inImage(lists[name], platform, `cat /opt/fixture/${name}.arch`), ARCH[platform], `${name} was built as ${ARCH[platform]}`);
        }
    });
}

test("each child was built from its parents' list digests", async (t) => {
    for (const platform of ["linux/amd64", "linux/arm64"]) {
        t.is(await inImage(lists.base, platform, "cat /opt/fixture/base.parents"), `PETSC_IMAGE=${lists.petsc}\nLAVAVU_IMAGE=${lists.lavavu}`);
        t.is(await inImage(lists.underworld2, platform, "cat /opt/fixture/underworld2.parents"), `BASE_IMAGE=${lists.base}`);
        t.regex(await inImage(lists.underworld2, platform, "cat /opt/fixture/lavavu.txt"), /^lavavu=1\.9\.10$/m, "base carries lavavu's files down the chain");
    }
});

test("versions reach the images from the config", async (t) => {
    t.is(await inImage(lists.petsc, "linux/amd64", "cat /opt/fixture/petsc.txt"), "petsc=3.22.2\nmpi=ompi-4.1.4\npython=3.11");
});

test("image hygiene: non-root default user, no private keys, no .git, no apt lists, no extra setuid binaries", async (t) => {
    for (const name of IMAGE_NAMES) {
        for (const platform of ["linux/amd64", "linux/arm64"]) {
            t.deepEqual(await hygieneProblems(lists[name], platform, baseOsImage()), [], `${name} ${platform}`);
        }
    }
});

test("the hygiene check finds what it looks for", async (t) => {
    // The base OS image itself runs as root: the check must say so.
    const problems = await hygieneProblems(baseOsImage(), "linux/amd64", baseOsImage());
    t.true(problems.some((p) => p.startsWith("default user is")), problems.join("; "));
});
