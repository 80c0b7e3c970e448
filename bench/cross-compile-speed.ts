// Benchmark (a script that records figures, not a test): how fast is the aarch64 cross compiler that the arm64
// build stages use against the build machine's own compiler, on the largest file the images compile on one core
// (petsc4py's Cython-made PETSc.c, the end of petsc's arm64 build)? petsc's build stage is built for linux/arm64
// from a stack file's plan (the one scripts/deploy-local.sh writes); in it PETSc.c is preprocessed once, as
// petsc4py's build does, and that same file is compiled with PETSc's flags by the cross compiler (in the arm64
// stage), by Debian's x86_64 gcc and by its x32 cross compiler making x86_64 code (in linux/amd64 containers of
// the base OS image), one after the other. Each compile also prints GCC's own account of where its time went
// (-ftime-report): the passes that cost the aarch64 compiler more than the x86_64 one are where the gap is.
// Then the aarch64 and x86_64 compiles again without variable tracking (-g's variable locations).
// Writes bench/cross-compile-speed.md.
// Usage: node --import tsx bench/cross-compile-speed.ts [--stack-file Pulumi.local.yaml]

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { buildxCommand } from "../plan/buildxCommand.ts";
import { PROJECT_DIR } from "../config/projectConfig.ts";
import { must, planBuildingEverything } from "./support.ts";

interface Compile {
    seconds: number;
    /** GCC's -ftime-report: user seconds per pass, the totals that include other passes left out. */
    passes: Map<string, number>;
    /** Its TOTAL line's user seconds. */
    total: number;
}

/** -ftime-report's lines that time other passes again: its phases, and the two callgraph stages GCC starts on their own. */
const INCLUSIVE = /^(phase .*|callgraph functions expansion|callgraph ipa passes|TOTAL)$/;

/**
 * Runs `script` in a container, whose `compile` function compiles /work/PETSc.i with the flags it is given
 * (-ftime-report and `extraFlags`), and returns the seconds of that run and what -ftime-report printed of it.
 */
function timedCompile(description: string, image: string, platform: string, script: string, work: string, extraFlags = ""): Compile {
    const out = must(description, "docker", ["run", "--rm", "--platform", platform, "--network", "host", "-v", `${work}:/work`, image, "bash", "-euo", "pipefail", "-c",
        `${script}; started=$(date +%s%N); compile -ftime-report ${extraFlags} 2> /work/time-report.txt; echo "seconds $(( ($(date +%s%N) - started) / 1000000 ))"`]);
    const ms = /seconds (\d+)/.exec(out)?.[1];
    if (ms === undefined) throw new Error(`${description}: no time printed`);
    const report = fs.readFileSync(path.join(work, "time-report.txt"), "utf8");
    const passes = new Map<string, number>();
    // " tree PTA                           :   9.42 (  4%)   0.07 (  2%)   9.50 (  4%)    12M (  1%)"
    for (const match of report.matchAll(/^ (\S.*?)\s+:\s+([\d.]+) \(/gm)) {
        if (!INCLUSIVE.test(match[1]!)) passes.set(match[1]!, Number(match[2]));
    }
    const total = Number(/^ TOTAL\s+:\s+([\d.]+)/m.exec(report)?.[1]);
    // The passes left must add up to GCC's total, or the table would count some time twice.
    const summed = [...passes.values()].reduce((sum, seconds) => sum + seconds, 0);
    if (!(Math.abs(summed - total) <= 0.05 * total)) throw new Error(`${description}: -ftime-report's passes add up to ${summed} s, its TOTAL says ${total} s`);
    return { seconds: Number(ms) / 1000, passes, total };
}

const { values } = parseArgs({ options: { "stack-file": { type: "string", default: "Pulumi.local.yaml" } } });
const plan = await planBuildingEverything(values["stack-file"]);
must("serving the package index", "bash", ["hermetic/serve-index.sh"]);

const petsc = plan.petsc;
const arm64 = petsc.platforms.find((p) => p.platform === "linux/arm64");
if (arm64 === undefined) throw new Error(`${values["stack-file"]} does not build petsc for linux/arm64`);
const stageImage = "uw-bench/petsc-build:arm64";
console.error("==> petsc's build stage for linux/arm64 (cached after a build of petsc)");
const build = buildxCommand({
    context: petsc.context, dockerfile: petsc.dockerfile, platform: arm64.platform, imageName: stageImage,
    buildArgs: petsc.args, metadataFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uw-cc-")), "metadata.json"),
});
// Loaded into the engine rather than pushed: the stage, not the image.
must("petsc's build stage", "docker", build.flatMap((arg) => (arg === "--push" ? ["--load", "--target", "build"] : [arg])));

const work = fs.mkdtempSync(path.join(os.tmpdir(), "uw-cc-work-"));
const sources = path.join(PROJECT_DIR, petsc.context, "sources.txt");
const petsc4py = fs.readFileSync(sources, "utf8").split("\n").find((line) => line.startsWith("petsc4py=="))!;
fs.writeFileSync(path.join(work, "petsc4py.txt"), `${petsc4py}\n`);
const flags = "-fPIC -fstack-protector -fvisibility=hidden -g -O3";
console.error("==> PETSc.c, cythonized and preprocessed in the arm64 stage");
must("preprocessing PETSc.c", "docker", ["run", "--rm", "--platform", "linux/arm64", "--network", "host", "-v", `${work}:/work`, stageImage, "bash", "-euo", "pipefail", "-c", `
    pip download -q --no-cache-dir --require-hashes --no-deps --no-binary=:all: --no-build-isolation --index-url "${petsc.args.PYTHON_PACKAGE_INDEX}" -d /tmp/sdist -r /work/petsc4py.txt
    mkdir /tmp/petsc4py && tar -xzf /tmp/sdist/petsc4py-*.tar.gz -C /tmp/petsc4py --strip-components=1 && cd /tmp/petsc4py
    python setup.py build_src > /dev/null
    includes=$(sed -n 's/^PETSC_CC_INCLUDES = //p' /usr/local/lib/petsc/conf/petscvariables)
    mpicc -E ${flags} -I src -I src/petsc4py/include -I "$(python -c 'import numpy; print(numpy.get_include())')" $includes \\
        $(python3-config --includes) src/petsc4py/PETSc.c -o /work/PETSc.i`]);

const crossScript = `compile() { aarch64-linux-gnu-gcc ${flags} "$@" -c /work/PETSc.i -o /tmp/PETSc.o; }`;
const nativeScript = `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev >/dev/null; compile() { gcc ${flags} "$@" -c /work/PETSc.i -o /tmp/PETSc.o; }`;
console.error("==> the aarch64 cross compiler, natively in the arm64 stage");
const cross = timedCompile("the cross compiler", stageImage, "linux/arm64", crossScript, work);
console.error(`    ${cross.seconds.toFixed(0)} s`);
console.error("==> Debian's x86_64 gcc, in a linux/amd64 container");
const native = timedCompile("the x86_64 compiler", petsc.args.BASE_OS_IMAGE!, "linux/amd64", nativeScript, work);
console.error(`    ${native.seconds.toFixed(0)} s`);
// Is the cross compiler slow at making its target's code, or slow as a program (Debian builds its cross
// compilers apart from its native gcc)? Its x32 cross compiler (gcc-12-cross-ports, a cross build as the
// aarch64 one is) makes x86_64 code with -m64: the x86_64 gcc's work, done by a cross-built compiler.
console.error("==> Debian's x32 cross compiler making x86_64 code (-m64), in a linux/amd64 container");
const crossBuiltNative = timedCompile("the x32 cross compiler", petsc.args.BASE_OS_IMAGE!, "linux/amd64",
    `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc-x86-64-linux-gnux32 >/dev/null; compile() { x86_64-linux-gnux32-gcc -m64 ${flags} "$@" -c /work/PETSc.i -o /tmp/PETSc.o; }`, work);
console.error(`    ${crossBuiltNative.seconds.toFixed(0)} s`);
// Variable tracking computes where each variable lives in the optimized code, for -g's debug information; GCC
// makes the same code without it (-fcompare-debug checks that). Both compilers again without it: its share.
console.error("==> both again without variable tracking (-fno-var-tracking)");
const crossWithoutTracking = timedCompile("the cross compiler, -fno-var-tracking", stageImage, "linux/arm64", crossScript, work, "-fno-var-tracking");
const nativeWithoutTracking = timedCompile("the x86_64 compiler, -fno-var-tracking", petsc.args.BASE_OS_IMAGE!, "linux/amd64", nativeScript, work, "-fno-var-tracking");
console.error(`    ${crossWithoutTracking.seconds.toFixed(0)} s and ${nativeWithoutTracking.seconds.toFixed(0)} s`);
const size = fs.statSync(path.join(work, "PETSc.i")).size;
fs.rmSync(work, { recursive: true, force: true });

// The passes where the aarch64 compile spent the most seconds more than the x86_64 one.
const passNames = [...new Set([...cross.passes.keys(), ...native.passes.keys()])];
const gap = (pass: string) => (cross.passes.get(pass) ?? 0) - (native.passes.get(pass) ?? 0);
const widest = passNames.sort((a, b) => gap(b) - gap(a)).slice(0, 10);

const commit = must("git", "git", ["rev-parse", "--short", "HEAD"]).trim();
const lines = [
    "# The aarch64 cross compiler against the build machine's own, on petsc4py's PETSc.c",
    "",
    `Recorded by \`bench/cross-compile-speed.ts\` on ${new Date().toISOString().slice(0, 10)} at commit ${commit}, on this machine (${os.cpus().length} cores), one compile at a time:`,
    `petsc4py's PETSc.c (${petsc4py.split(" ")[0]}, its own Cython step), preprocessed in petsc's linux/arm64 build stage (${(size / 1e6).toFixed(1)} MB),`,
    `compiled with PETSc's flags (\`${flags}\`) by the build stage's aarch64 cross compiler (dockerfiles/cross-compilers.stage, running natively)`,
    "and by Debian 12's x86_64 gcc. Both are GCC 12.2; the same input, only the target differs. Then by Debian 12's x32",
    "cross compiler (GCC 12.2, built as a cross compiler like the aarch64 one) making x86_64 code (`-m64`): the x86_64",
    "gcc's work, done by a compiler built the way Debian builds its cross compilers. Each compile with `-ftime-report`.",
    "",
    "```",
    `aarch64 cross compiler: ${cross.seconds.toFixed(0)} s`,
    `x86_64 gcc: ${native.seconds.toFixed(0)} s`,
    `cross / x86_64: ${(cross.seconds / native.seconds).toFixed(2)}x`,
    `x32 cross compiler, -m64: ${crossBuiltNative.seconds.toFixed(0)} s (${(crossBuiltNative.seconds / native.seconds).toFixed(2)}x the x86_64 gcc)`,
    `without variable tracking (-fno-var-tracking): aarch64 ${crossWithoutTracking.seconds.toFixed(0)} s, x86_64 ${nativeWithoutTracking.seconds.toFixed(0)} s, `
        + `${(crossWithoutTracking.seconds / nativeWithoutTracking.seconds).toFixed(2)}x`,
    "```",
    "",
    `Where the aarch64 compile's ${(cross.seconds - native.seconds).toFixed(0)} s more went: GCC's passes (\`-ftime-report\`, user seconds), the ten`,
    `that cost the aarch64 compiler the most more than the x86_64 gcc, of GCC's total user time ${cross.total.toFixed(0)} s and ${native.total.toFixed(0)} s.`,
    "",
    "| pass | aarch64 (s) | x86_64 (s) | more on aarch64 (s) |",
    "|---|---|---|---|",
    ...widest.map((pass) => `| ${pass} | ${(cross.passes.get(pass) ?? 0).toFixed(1)} | ${(native.passes.get(pass) ?? 0).toFixed(1)} | ${gap(pass).toFixed(1)} |`),
    "",
];
fs.writeFileSync(path.join(PROJECT_DIR, "bench", "cross-compile-speed.md"), lines.join("\n"));
console.log(lines.join("\n"));
