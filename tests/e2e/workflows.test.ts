// The GitHub workflows' own steps, run here in order by tests/support/workflowRunner.ts against a registry
// that requires the login the workflows take from secrets, and an empty self-managed (file) backend:
// dev, then release (promoting the tested dev list), then rebuild-base up to its pull request, with the signing
// key from secrets and its public key committed. Only the marketplace actions are stood in for, and the two
// steps of the setup action that download from GitHub or would replace the shared node_modules, each by a check
// of what the real step leaves behind; every other `run:` step and the project's composite actions run as written.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { parse } from "yaml";
import { registryManifest, run, uniqueNamespace } from "../support/infra.ts";
import { PROJECT_DIR } from "../support/projectConfig.ts";
import { PulumiProject, skipReason } from "../support/pulumiProject.ts";
import { RegistryInstance } from "../support/registryInstance.ts";
import { UnderworldCheckout } from "../support/underworldCheckout.ts";
import { runWorkflow, type WorkflowRun } from "../support/workflowRunner.ts";
import { IMAGE_NAMES } from "../../config/images.ts";

const reason = skipReason();
const serial = reason === "" ? test.serial : test.serial.skip;
const USER = "uw-ci";
const TOKEN = `token-${Math.random().toString(36).slice(2)}`;
const SIGNING_PASSWORD = `cosign-${Math.random().toString(36).slice(2)}`;

const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-C", cwd, ...args], { encoding: "utf8" });

const output = (command: string, ...args: string[]) => execFileSync(command, args, { encoding: "utf8" });
const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const nodeModules = (name: string) => JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "node_modules", name, "package.json"), "utf8")) as { version: string };

/**
 * The setup action's steps that cannot run here, each stood in for by a check of what the real step leaves
 * behind; the rest of it (the versions from scripts/setup/versions.sh) runs as written.
 */
const setupStandIns = {
    uses: {
        // actions/setup-node downloads Node from GitHub and puts it, with npm, on PATH.
        "actions/setup-node": (inputs: Record<string, string>) => {
            assert(output("node", "--version").startsWith(`v${inputs["node-version"]}.`), `node ${inputs["node-version"]} on PATH`);
            output("npm", "--version");
        },
        // pulumi/actions downloads the Pulumi CLI from GitHub and puts it on PATH.
        "pulumi/actions": () => {
            assert(/^v3\./.test(output("pulumi", "version")), "the Pulumi CLI (v3) on PATH");
        },
        // Each installer downloads a release from GitHub, checks it and puts it on PATH: the version versions.sh gives.
        "oras-project/setup-oras": (inputs: Record<string, string>) => {
            assert(new RegExp(`^Version:\\s+${inputs.version}$`, "m").test(output("oras", "version")), `oras ${inputs.version} on PATH`);
        },
        "sigstore/cosign-installer": (inputs: Record<string, string>) => {
            assert(new RegExp(`^GitVersion:\\s+${inputs["cosign-release"]}$`, "m").test(output("cosign", "version")), `cosign ${inputs["cosign-release"]} on PATH`);
        },
        "anchore/sbom-action/download-syft": (inputs: Record<string, string>) => {
            assert(new RegExp(`^Version:\\s+${inputs["syft-version"]!.replace(/^v/, "")}$`, "m").test(output("syft", "version")), `syft ${inputs["syft-version"]} on PATH`);
        },
        // docker/setup-qemu-action registers QEMU's binfmt handlers with the kernel (scripts/setup/binfmt.sh did here).
        "docker/setup-qemu-action": (inputs: Record<string, string>) => {
            assert.equal(inputs.platforms, "arm64");
            assert(fs.readFileSync("/proc/sys/fs/binfmt_misc/qemu-aarch64", "utf8").startsWith("enabled"), "QEMU's aarch64 handler registered");
        },
    },
    run: {
        // `npm ci` would replace node_modules, which the test's workspace shares with this checkout (a symlink):
        // what it leaves behind is every dependency at package.json's exact version.
        "npm dependencies": () => {
            for (const [name, version] of Object.entries({ ...packageJson.dependencies, ...packageJson.devDependencies })) {
                assert.equal(nodeModules(name).version, version, `node_modules/${name}`);
            }
        },
        // `pulumi plugin install` downloads each provider plugin from GitHub: what it leaves behind is each plugin,
        // at its npm package's version, where the engine finds it (the plugin cache, or on PATH as this machine's
        // own build of it).
        "Provider plugins at the versions in package.json": () => {
            const installed = output("pulumi", "plugin", "ls");
            for (const name of ["docker", "command"]) {
                const version = nodeModules(`@pulumi/${name}`).version;
                const cached = new RegExp(`^${name}\\s+resource\\s+${version.replace(/\./g, "\\.")}\\s`, "m").test(installed);
                const onPath = (process.env.PATH ?? "").split(":").some((dir) => fs.existsSync(path.join(dir, `pulumi-resource-${name}`)));
                assert(cached || onPath, `the ${name} plugin ${version}: in Pulumi's plugin cache or on PATH`);
            }
        },
    },
};

/** A committed stack file of the project, with the fixture registry, namespace and base OS image in it. */
function fixtureStack(project: PulumiProject, stack: string, registry: string): void {
    const committed = parse(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    const keys = Object.fromEntries(Object.entries(committed.config).map(([k, v]) => [k.replace(/^underworld-images:/, ""), v]));
    project.writeStack(stack, { ...keys, ...project.fixtureConfig({ registry }) });
}

serial(`dev, release and rebuild-base run as written from an empty backend, with the login from secrets${reason}`, async (t) => {
    const auth = fs.mkdtempSync(path.join(os.tmpdir(), "uw-auth-"));
    fs.writeFileSync(path.join(auth, "htpasswd"), execFileSync("htpasswd", ["-Bbn", USER, TOKEN]));
    const registry = new RegistryInstance(5017, { htpasswd: path.join(auth, "htpasswd") });
    await registry.start();
    const project = new PulumiProject(uniqueNamespace("workflows"));
    const backend = fs.mkdtempSync(path.join(os.tmpdir(), "uw-backend-"));
    t.teardown(async () => {
        await registry.stop();
        project.remove();
        for (const dir of [auth, backend]) fs.rmSync(dir, { recursive: true, force: true });
    });

    // The workspace: a checkout of the project (its workflows and actions), the fixtures as its Dockerfiles,
    // and the public key of the signing key the secrets hold.
    fs.cpSync(path.join(PROJECT_DIR, ".github"), path.join(project.dir, ".github"), { recursive: true });
    const keyPair = await run("cosign", ["generate-key-pair"], { cwd: auth, env: { ...process.env, COSIGN_PASSWORD: SIGNING_PASSWORD } });
    t.is(keyPair.code, 0, keyPair.stderr);
    fs.copyFileSync(path.join(auth, "cosign.pub"), path.join(project.dir, "cosign.pub"));
    fixtureStack(project, "dev", registry.host);
    fixtureStack(project, "release", registry.host);
    git(project.dir, "init", "-q");
    git(project.dir, "add", "-A");
    git(project.dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "checkout");

    const summaryFile = path.join(auth, "summary.md");
    let pullRequest: { files: string[]; stackFile: string } | undefined;
    const common: Omit<WorkflowRun, "inputs" | "github"> = {
        workspace: project.dir,
        // The runner's own environment; the backend and passphrase come from the workflows' env, from vars and secrets.
        env: { PATH: process.env.PATH, HOME: process.env.HOME, PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" },
        secrets: {
            REGISTRY_TOKEN: TOKEN, PULUMI_CONFIG_PASSPHRASE: "workflow-passphrase",
            COSIGN_PRIVATE_KEY: fs.readFileSync(path.join(auth, "cosign.key"), "utf8"), COSIGN_PASSWORD: SIGNING_PASSWORD,
        },
        vars: { REGISTRY_USERNAME: USER, PULUMI_BACKEND_URL: `file://${backend}` },
        runStandIns: setupStandIns.run,
        summaryFile,
        standIns: {
            "actions/checkout": (inputs) => {
                if (inputs.repository === undefined || inputs.repository === "") return; // the workspace is the checkout
                // underworld2's development branch: a commit of a repository of its own, with its own version.
                new UnderworldCheckout(path.join(project.dir, inputs.path!), "2.18.0.dev0");
            },
            // The setup action's steps run as written; what downloads from GitHub is stood in for (setupStandIns).
            ...setupStandIns.uses,
            "peter-evans/create-pull-request": (inputs) => {
                t.is(inputs.token, "", "no App and no PR_TOKEN: GITHUB_TOKEN (the github context's token, none here)");
                const files = git(project.dir, "status", "--porcelain").trimEnd().split("\n").map((l) => l.slice(3));
                pullRequest = { files, stackFile: fs.readFileSync(path.join(project.dir, inputs["add-paths"]!), "utf8") };
            },
        },
    };

    // Each workflow run starts from a fresh checkout, as on GitHub: what an earlier run wrote is gone.
    const freshCheckout = () => {
        git(project.dir, "checkout", "--", ".");
        fs.rmSync(path.join(project.dir, "underworld2-src"), { recursive: true, force: true });
    };

    const dev = await runWorkflow(".github/workflows/dev.yml", "dev", { ...common, inputs: { underworld_ref: "development" }, github: { event: {} } });
    const setupSteps = ["actions/setup-node", "npm dependencies", "pulumi/actions", "Provider plugins at the versions in package.json", "Tool versions (scripts/setup/versions.sh)",
        "oras-project/setup-oras@38de303aac69abb66f3e6255b7198bff35f323e3", "sigstore/cosign-installer@6f9f17788090df1f26f669e9d70d6ae9567deba6",
        "anchore/sbom-action/download-syft@e22c389904149dbc22b58101806040fa8d37a610", "docker/setup-qemu-action@v3"];
    t.deepEqual(dev.filter((s) => setupSteps.some((name) => s.step.startsWith(name.replace(/@.*$/, "")))).map((s) => `${s.step.replace(/@.*$/, "")}: ${s.how}`), [
        "actions/setup-node: stand-in", "npm dependencies: stand-in", "pulumi/actions: stand-in", "Provider plugins at the versions in package.json: stand-in",
        "Tool versions (scripts/setup/versions.sh): ran", "oras-project/setup-oras: stand-in", "sigstore/cosign-installer: stand-in",
        "anchore/sbom-action/download-syft: stand-in", "docker/setup-qemu-action: stand-in",
    ], "every step of the setup action, in order: run here, or stood in for where it needs GitHub");
    t.true(dev.some((s) => s.step === "pulumi up -s dev" && s.how === "ran"));
    const devOutputs = await project.mustPulumi(["stack", "output", "--json", "-s", "dev"], { PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "workflow-passphrase" });
    const devDigests = JSON.parse(devOutputs.stdout).digests as Record<string, string>;
    t.deepEqual(Object.keys(devDigests).sort(), [...IMAGE_NAMES].sort(), "the first dev run built the whole chain");
    t.is((await registryManifest(`${project.namespace}/underworld2`, "dev", registry.host, { username: USER, password: TOKEN })).status, 200);

    freshCheckout();
    const release = await runWorkflow(".github/workflows/release.yml", "release", {
        ...common, inputs: { version: "2.17.3", promote_dev: true }, github: { ref_name: "main" },
    });
    t.true(release.some((s) => s.step === "Promote the tested dev list" && s.how === "ran"));
    const released = await registryManifest(`${project.namespace}/underworld2`, "2.17.3", registry.host, { username: USER, password: TOKEN });
    t.is(released.bodyDigest, devDigests.underworld2!.split("@")[1], "the release tag holds the dev list, byte for byte");
    const verified = await run(process.execPath, ["--import", "tsx", "supply-chain/cli.ts", "verify", "--public-key", path.join(project.dir, "cosign.pub"),
        `${registry.host}/${project.namespace}/underworld2:2.17.3`], { env: { ...process.env, REGISTRY_USERNAME: USER, REGISTRY_PASSWORD: TOKEN } });
    t.is(verified.code, 0, `the released list is signed by the key from secrets: ${verified.stderr}`);

    freshCheckout();
    const rebuild = await runWorkflow(".github/workflows/rebuild-base.yml", "rebuild-base", { ...common, inputs: {}, github: {} });
    t.true(rebuild.some((s) => s.step === "npm run rebuild-base" && s.how === "ran"));
    t.true(rebuild.some((s) => s.step === "A GitHub App's token, where the repository has one" && s.how === "skipped (if)"), "no PR_APP_CLIENT_ID: no App token");
    t.regex(fs.readFileSync(summaryFile, "utf8"), /### No token that starts workflows\n[\s\S]*GITHUB_TOKEN and \*\*GitHub starts no check on it\*\*/, "the summary says the pull request gets no checks");
    t.deepEqual(pullRequest?.files, ["Pulumi.dev.yaml"], "the pull request changes the dev stack file only");
    const pinned = parse(pullRequest!.stackFile) as { config: Record<string, unknown> };
    const pins = pinned.config["underworld-images:pins"] as Record<string, string>;
    t.deepEqual(Object.keys(pins).sort(), ["base", "lavavu", "petsc", "toolchain"]);
    for (const ref of Object.values(pins)) t.regex(ref, new RegExp(`^${registry.host}/${project.namespace}/\\w+@sha256:[0-9a-f]{64}$`));
    t.false("underworld-images:registryUsername" in pinned.config, "the login stays out of the pull request");
    t.false("underworld-images:registryPassword" in pinned.config);
    t.false(pullRequest!.stackFile.includes(TOKEN));
    for (const key of ["signingKey", "signingKeyPassword", "signingPublicKey"]) t.false(`underworld-images:${key}` in pinned.config, `${key} stays out of the pull request`);
});
