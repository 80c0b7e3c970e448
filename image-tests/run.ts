// The image tests: run by each image's test command after its platforms are built and before its list
// is published, and by the test suite directly. For each suite the plan lists for the image (its own and
// those of the images above it, as the image graph declares: a base test also runs on underworld2),
// `<dockerfilesDir>/<suite>/test-image.sh` runs in a container of each platform's image: once as the default
// user, once as another uid (bind mounts from other users). Without --suite, an image of the project's graph
// runs the suites its entry gives (config/images.ts).
//
//   run.ts --dockerfiles <dir> --image <name> [--suite <name>...] --ref <platform>=<repo@sha256:…>...
//          [--expect <key>=<value>...] [--builder <platform>=<docker host>...] [--print-tested]
//
// Expectations (versions, MPI flavour) reach the scripts as EXPECT_<KEY> variables. A platform with a builder
// (the stack's `builders`) is tested on that engine, where its image was built; the others on the default one.
// With --print-tested, when every suite passed, stdout says so, one `tested <platform>=<ref>` line per image:
// the record of what passed, which the list is then made of and the stack's outputs keep (promotion reads it).
// Progress goes to stderr.

import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { engineEnvironment } from "../plan/engines.ts";
import { TESTED_LINE } from "./imageTestRecord.ts";
import { wheelsForUsers } from "./lockedWheels.ts";
import { expectVariable, LOCKED_WHEELS_IN_CONTAINER, SUITE_HELPERS, SUITE_SCRIPT_IN_CONTAINER, suiteScript } from "./suiteInputs.ts";
import { MACHINE_OF } from "../plan/plan.ts";
import { IMAGE_GRAPH } from "../config/images.ts";
import type { Platform } from "../config/settings.ts";

const OTHER_UID = "4242:100";
/** The helpers every suite reads (suiteInputs.ts): path in the container -> path here. */
const HELPERS = Object.fromEntries(Object.values(SUITE_HELPERS));

/** `<key>=<value>` -> [key, value]; the value may hold "=". */
function assignment(spec: string): [string, string] {
    return [spec.slice(0, spec.indexOf("=")), spec.slice(spec.indexOf("=") + 1)];
}

/**
 * `docker run --rm <args>` on the engine `env` selects, with `files` (path in the container -> path here)
 * copied in before it starts. Copied, not bind-mounted: that engine may be another machine (a builder),
 * which cannot see this one's files.
 */
function runWithFiles(env: NodeJS.ProcessEnv, args: readonly string[], files: Readonly<Record<string, string>>): SpawnSyncReturns<string> {
    // Bounds a hung engine, not a slow suite: the longest suite (petsc's, under QEMU, on a loaded machine) takes minutes.
    const docker = (dockerArgs: readonly string[]) => spawnSync("docker", dockerArgs, { env, encoding: "utf8", timeout: 15 * 60_000 });
    const created = docker(["create", "--rm", ...args]);
    if (created.status !== 0) return created;
    const id = created.stdout.trim();
    for (const [inContainer, here] of Object.entries(files)) {
        const copied = docker(["cp", here, `${id}:${inContainer}`]);
        if (copied.status !== 0) {
            docker(["rm", "--force", id]);
            return copied;
        }
    }
    const run = docker(["start", "--attach", id]);
    // Timed out: the container would run on without anyone waiting for it.
    if (run.error !== undefined) docker(["rm", "--force", id]);
    return run;
}

function main(): number {
    const { values } = parseArgs({
        options: {
            dockerfiles: { type: "string" },
            image: { type: "string" },
            suite: { type: "string", multiple: true, default: [] },
            ref: { type: "string", multiple: true, default: [] },
            expect: { type: "string", multiple: true, default: [] },
            builder: { type: "string", multiple: true, default: [] },
            "print-tested": { type: "boolean", default: false },
        },
    });
    const ofProjectGraph = (IMAGE_GRAPH.names as readonly string[]).includes(values.image ?? "");
    if (!values.dockerfiles || !values.image || (values.suite.length === 0 && !ofProjectGraph) || values.ref.length === 0) {
        console.error(`usage: run.ts --dockerfiles <dir> --image <${IMAGE_GRAPH.names.join("|")}> [--suite <name>...] --ref <platform>=<ref>... `
            + "[--expect <key>=<value>...] [--builder <platform>=<docker host>...] [--print-tested] (--suite is required for an image outside the project's graph)");
        return 2;
    }
    const suites = values.suite.length > 0 ? values.suite : IMAGE_GRAPH.testSuites(values.image);
    const env = values.expect.map(assignment).flatMap(([key, value]) => ["-e", `${expectVariable(key)}=${value}`]);
    const builders = Object.fromEntries(values.builder.map(assignment));
    // The wheels the image's users get, for check_locked_wheels_installed: a file per platform, when it has a lock.
    const lockedDir = fs.mkdtempSync(path.join(os.tmpdir(), "uw-locked-wheels-"));
    const lockedWheelsFile = (platform: string): Record<string, string> => {
        const wheels = wheelsForUsers(values.dockerfiles!, values.image!, platform.split("/")[1]!);
        if (wheels.length === 0) return {};
        const file = path.join(lockedDir, `${platform.split("/")[1]}.txt`);
        fs.writeFileSync(file, `${wheels.join("\n")}\n`);
        return { [LOCKED_WHEELS_IN_CONTAINER]: file };
    };
    let failures = 0;
    for (const spec of values.ref) {
        const [platform, ref] = assignment(spec);
        const engine = engineEnvironment(builders[platform]);
        for (const suite of suites) {
            const script = suiteScript(values.dockerfiles, suite);
            if (!fs.existsSync(script)) continue;
            for (const [mode, user] of [["default", []], ["other-user", ["--user", OTHER_UID]]] as const) {
                const started = Date.now();
                const result = runWithFiles(engine, [
                    "--platform", platform, ...user, ...env, "-e", `${expectVariable("arch")}=${MACHINE_OF[platform as Platform] ?? ""}`, "--entrypoint", "/bin/bash", ref, SUITE_SCRIPT_IN_CONTAINER, mode,
                ], { [SUITE_SCRIPT_IN_CONTAINER]: script, ...HELPERS, ...lockedWheelsFile(platform) });
                const seconds = ((Date.now() - started) / 1000).toFixed(0);
                process.stderr.write(result.stdout + result.stderr);
                const ok = result.status === 0;
                if (!ok) failures++;
                console.error(`image-tests: ${ok ? "passed" : "FAILED"}: ${suite} tests on ${values.image} ${platform} as ${mode} user (${seconds} s)`);
            }
        }
    }
    if (failures > 0) {
        console.error(`image-tests: ${failures} suite run(s) failed: ${values.image} will not be published`);
        return 1;
    }
    if (values["print-tested"]) for (const spec of values.ref) console.log(`${TESTED_LINE} ${spec}`);
    return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main());
