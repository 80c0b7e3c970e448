// The fixture images built with the real engine and BuildKit by scripts/build-without-pulumi.ts (the plan's
// own contexts and build args, each child FROM its parents' list digests, image tests before each list), for
// both platforms: what they hold, and their hygiene.

import test from "ava";
import { IMAGE_NAMES, MACHINE_OF, type ImageName } from "../../plan/plan.ts";
import { IMAGE_GRAPH } from "../../config/images.ts";
import { hygieneProblems, inImage } from "../support/imageChecks.ts";
import { baseOsImage, listEntries, registry, registryManifest, run, uniqueNamespace } from "../support/infra.ts";
import { literally, projectDefaults, writeStackFile } from "../support/projectConfig.ts";

const lists = {} as Record<ImageName, string>;
const ARCH = MACHINE_OF;

test.before(async () => {
    const result = await run(process.execPath, ["--import", "tsx", "scripts/build-without-pulumi.ts", "--stack-file", writeStackFile({
        registry: registry(), namespace: uniqueNamespace("fixture-images"), baseOsImage: baseOsImage(),
        dockerfilesDir: "tests/fixtures/dockerfiles", platforms: '["linux/amd64","linux/arm64"]',
    })]);
    if (result.code !== 0) throw new Error(`build-without-pulumi failed:\n${result.stderr}`);
    for (const line of result.stdout.trim().split("\n")) {
        const [name, ref] = line.split(/\s+/);
        lists[name as ImageName] = ref!;
    }
});

test("the script built, tested and published every image of the plan, each list holding both platforms", async (t) => {
    t.deepEqual(Object.keys(lists).sort(), [...IMAGE_NAMES].sort());
    for (const name of IMAGE_NAMES) {
        const [repository, digest] = lists[name].slice(registry().length + 1).split("@");
        const list = await registryManifest(repository!, digest!);
        t.is(list.status, 200, `${name}: ${lists[name]}`);
        t.deepEqual(Object.keys(listEntries(list.json)).sort(), ["linux/amd64", "linux/arm64"], name);
    }
});

for (const platform of ["linux/amd64", "linux/arm64"] as const) {
    test(`${platform}: every image of the chain holds ${ARCH[platform]} binaries`, async (t) => {
        for (const name of IMAGE_NAMES) t.is(await inImage(lists[name], platform, "uname -m"), ARCH[platform], `${name} runs as ${ARCH[platform]}`);
        t.deepEqual([...IMAGE_GRAPH.forUsers], IMAGE_NAMES.filter((name) => name !== "toolchain"), "users run every image but the toolchain");
        for (const name of IMAGE_GRAPH.forUsers) {
            t.is(await inImage(lists[name], platform, `cat /opt/fixture/${name}.arch`), ARCH[platform], `${name} was built as ${ARCH[platform]}`);
        }
        t.is(await inImage(lists.toolchain, platform, "cat /toolchain/arch"), platform.split("/")[1], "each platform's toolchain is for that build machine");
    });
}

test("each child was built from its parents' list digests", async (t) => {
    for (const platform of ["linux/amd64", "linux/arm64"]) {
        t.is(await inImage(lists.base, platform, "cat /opt/fixture/base.parents"), `PETSC_IMAGE=${lists.petsc}\nLAVAVU_IMAGE=${lists.lavavu}`);
        t.is(await inImage(lists.underworld2, platform, "cat /opt/fixture/underworld2.parents"), `BASE_IMAGE=${lists.base}`);
        t.regex(await inImage(lists.underworld2, platform, "cat /opt/fixture/lavavu.txt"), new RegExp(`^lavavu=${literally(projectDefaults().lavavuVersion)}$`, "m"), "base carries lavavu's files down the chain");
    }
});

test("versions reach the images from the config", async (t) => {
    const d = projectDefaults();
    t.is(await inImage(lists.petsc, "linux/amd64", "cat /opt/fixture/petsc.txt"), `petsc=${d.petscVersion}\nmpi=${d.mpiFlavour}-${d.mpiVersion}\npython=${d.pythonVersion}`);
});

test("image hygiene: non-root default user, no private keys, no .git, no apt lists, no extra setuid binaries", async (t) => {
    t.is(IMAGE_GRAPH.forUsers.length, IMAGE_NAMES.length - 1, "every image but the toolchain");
    for (const name of IMAGE_GRAPH.forUsers) {
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

// This machine is amd64: every platform's build takes the amd64 toolchain (FROM --platform=$BUILDPLATFORM), whose
// compilers run natively (tests/real/compiler-launchers.test.ts compiles with the real one).
for (const platform of ["linux/amd64", "linux/arm64"] as const) {
    test(`${platform}: every image's build took the build machine's toolchain`, async (t) => {
        for (const name of ["lavavu", "petsc", "base", "underworld2"] as const) {
            t.is(await inImage(lists[name], platform, `cat /opt/fixture/${name}.toolchain`), "amd64", name);
        }
    });
}
