// Faults with the real Pulumi engine on the fixture configuration: a build that fails on one platform,
// the registry stopping mid-run, interrupted runs, and two runs at once. Nothing is published half-done,
// and the documented recovery followed by a rerun ends consistent.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import test from "ava";
import { listEntries, registryManifest, uniqueNamespace } from "../support/infra.ts";
import { PulumiProject, skipReason } from "../support/pulumiProject.ts";
import { RegistryInstance } from "../support/registryInstance.ts";
import { IMAGE_NAMES } from "../../config/images.ts";

const reason = skipReason();
const serial = reason === "" ? test.serial : test.serial.skip;
const IMAGES = [...IMAGE_NAMES];

/** Every list tag of the stack's images holds exactly both platforms, each of which the registry serves. */
async function assertOnlyCompleteLists(t: any, host: string, namespace: string): Promise<void> {
    for (const name of IMAGES) {
        const list = await registryManifest(`${namespace}/${name}`, "dev", host);
        if (list.status === 404) continue;
        t.deepEqual(Object.keys(listEntries(list.json)).sort(), ["linux/amd64", "linux/arm64"], `${name}:dev is a complete list`);
        for (const digest of Object.values(listEntries(list.json))) {
            t.is((await registryManifest(`${namespace}/${name}`, digest, host)).status, 200, `${name}:dev's ${digest} is served`);
        }
    }
}

serial(`a build failing on arm64 only publishes no list for it, builds nothing downstream, finishes independent images${reason}`, async (t) => {
    const project = new PulumiProject(uniqueNamespace("fault-arm64"));
    t.teardown(() => project.remove());
    await project.init("dev", project.fixtureConfig());
    await project.mustPulumi(["up", "--yes", "--skip-preview", "-s", "dev"]);
    const good = await project.outputs("dev");

    // petsc now fails on arm64; lavavu changes too, so it has something to finish.
    const petsc = path.join(project.dir, "dockerfiles", "petsc", "Dockerfile");
    const original = fs.readFileSync(petsc, "utf8");
    fs.writeFileSync(petsc, original.replace("USER 1000", 'RUN [ "$(uname -m)" != aarch64 ] || { echo "fixture fails on arm64" >&2; exit 1; }\nUSER 1000'));
    const lavavu = path.join(project.dir, "dockerfiles", "lavavu", "Dockerfile");
    fs.writeFileSync(lavavu, fs.readFileSync(lavavu, "utf8").replace("USER 1000", "RUN echo changed > /opt/fixture/lavavu.changed\nUSER 1000"));
    // --continue-on-error: independent images finish even when one fails
    // (README, "What the program guarantees, and what it does not").
    const failed = await project.up("dev", ["--continue-on-error"]);
    t.not(failed.code, 0);
    t.regex(failed.stdout + failed.stderr, /fixture fails on arm64/);

    const petscList = await registryManifest(`${project.namespace}/petsc`, "dev");
    t.is(petscList.bodyDigest, good.images.petsc.digest, "petsc:dev still points at the last good list");
    for (const name of ["base", "underworld2"]) {
        t.is((await registryManifest(`${project.namespace}/${name}`, "dev")).bodyDigest, good.images[name].digest, `${name} was not rebuilt`);
    }
    const lavavuList = await registryManifest(`${project.namespace}/lavavu`, "dev");
    t.not(lavavuList.bodyDigest, good.images.lavavu.digest, "lavavu, independent, finished and moved its tag");
    t.deepEqual((await project.outputs("dev")).digests, good.digests, "outputs keep the last good digests");
    await assertOnlyCompleteLists(t, process.env.UW_REGISTRY!, project.namespace);

    fs.writeFileSync(petsc, original);
    const fixed = await project.up("dev");
    t.is(fixed.code, 0, fixed.stdout + fixed.stderr);
    const after = await project.outputs("dev");
    t.is(after.digests.lavavu, `${after.images.lavavu.ref}`);
    t.is((await registryManifest(`${project.namespace}/lavavu`, "dev")).bodyDigest, after.images.lavavu.digest);
    t.is(after.images.underworld2.parents.BASE_IMAGE, after.digests.base);
});

serial(`the registry stopping mid-run fails clearly; once it is back a rerun completes with only complete lists${reason}`, async (t) => {
    const registry = new RegistryInstance(5012);
    await registry.start();
    t.teardown(() => registry.stop());
    const project = new PulumiProject(uniqueNamespace("fault-registry"));
    t.teardown(() => project.remove());
    await project.init("dev", project.fixtureConfig({ registry: registry.host }));

    // Stop the registry as soon as the first list is pushed: the run is then in the middle of the chain.
    // Polled for up to 10 min: on a loaded 2-core machine the first list can take minutes to appear.
    const stopper = (async () => {
        for (let i = 0; i < 6000; i++) {
            for (const name of ["lavavu", "petsc"]) {
                if ((await registryManifest(`${project.namespace}/${name}`, "dev", registry.host).catch(() => ({ status: 0 }))).status === 200) {
                    await registry.stop();
                    return;
                }
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    })();
    const interrupted = await project.up("dev");
    await stopper;
    t.not(interrupted.code, 0, "up fails while the registry is down");
    t.regex(interrupted.stdout + interrupted.stderr, /127\.0\.0\.1:5012|connection refused|cannot reach the registry/i);

    await registry.start();
    const rerun = await project.up("dev");
    t.is(rerun.code, 0, rerun.stdout + rerun.stderr);
    const outputs = await project.outputs("dev");
    t.deepEqual(Object.keys(outputs.digests).sort(), [...IMAGES].sort());
    await assertOnlyCompleteLists(t, registry.host, project.namespace);
});

for (const signal of ["SIGINT", "SIGKILL"] as const) {
    serial(`up interrupted by ${signal} mid-build: refresh then rerun ends consistent with complete lists${reason}`, async (t) => {
        const project = new PulumiProject(uniqueNamespace(`fault-${signal.toLowerCase()}`));
        t.teardown(() => project.remove());
        // A new epoch defeats the build cache, so the builds take long enough to be interrupted.
        await project.init("dev", project.fixtureConfig({ baseChainEpoch: `${signal}-${Date.now()}` }));
        const child = spawn("pulumi", ["up", "--yes", "--skip-preview", "-s", "dev", "--non-interactive"], {
            cwd: project.dir, env: { ...process.env, ...project.environment }, stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (chunk) => { output += chunk; });
        const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
        // Until the first image build starts (up to 5 min: the engine and plugins start slowly on a loaded machine).
        for (let i = 0; i < 3000 && !/docker:index:Image/.test(output); i++) await new Promise((resolve) => setTimeout(resolve, 100));
        child.kill(signal);
        await exited;

        // The documented recovery (README, "An interrupted run"): release the lock a killed run leaves behind,
        // then refresh, clearing operations the interruption left pending.
        const cancel = await project.pulumi(["cancel", "--yes", "-s", "dev"]);
        if (signal === "SIGKILL") t.is(cancel.code, 0, cancel.stdout + cancel.stderr);
        const refresh = await project.pulumi(["refresh", "--yes", "--skip-preview", "--clear-pending-creates", "-s", "dev"]);
        t.is(refresh.code, 0, refresh.stdout + refresh.stderr);
        const rerun = await project.up("dev");
        t.is(rerun.code, 0, rerun.stdout + rerun.stderr);
        const preview = await project.pulumi(["preview", "--expect-no-changes", "-s", "dev"]);
        t.is(preview.code, 0, preview.stdout + preview.stderr);
        await assertOnlyCompleteLists(t, process.env.UW_REGISTRY!, project.namespace);
    });
}

serial(`two runs of one stack at once: the second is refused by the state lock, nothing is corrupted${reason}`, async (t) => {
    const project = new PulumiProject(uniqueNamespace("fault-lock"));
    t.teardown(() => project.remove());
    await project.init("dev", project.fixtureConfig({ baseChainEpoch: `lock-${Date.now()}` }));
    // 1.5 s apart: either run may take the lock first; the new epoch's builds keep it held for minutes, so they overlap.
    const [first, second] = await Promise.all([project.up("dev"), new Promise((r) => setTimeout(r, 1500)).then(() => project.up("dev"))]);
    const codes = [first.code, second.code].sort();
    t.deepEqual(codes[0], 0, "one run completes");
    t.not(codes[1], 0, "the other is refused");
    t.regex(first.stderr + second.stderr + first.stdout + second.stdout, /lock|currently being updated|conflict/i);
    const preview = await project.pulumi(["preview", "--expect-no-changes", "-s", "dev"]);
    t.is(preview.code, 0, preview.stdout + preview.stderr);
});

serial(`an image failing its tests is not published: its list and tag stay where they were${reason}`, async (t) => {
    const project = new PulumiProject(uniqueNamespace("fault-image-test"));
    t.teardown(() => project.remove());
    await project.init("dev", project.fixtureConfig());
    await project.mustPulumi(["up", "--yes", "--skip-preview", "-s", "dev"]);
    const good = await project.outputs("dev");

    // A new underworld2 build whose tests fail.
    fs.writeFileSync(path.join(project.dir, "dockerfiles", "underworld2", "content.txt"), "changed\n");
    fs.appendFileSync(path.join(project.dir, "dockerfiles", "underworld2", "test-image.sh"), 'check "a check that fails" false\nfinish\n');
    const failed = await project.up("dev");
    t.not(failed.code, 0);
    t.regex(failed.stdout + failed.stderr, /not ok - a check that fails/);
    t.regex(failed.stdout + failed.stderr, /underworld2 will not be published/);
    t.is((await registryManifest(`${project.namespace}/underworld2`, "dev")).bodyDigest, good.images.underworld2.digest, "underworld2:dev did not move");
    t.deepEqual((await project.outputs("dev")).digests, good.digests);
});
