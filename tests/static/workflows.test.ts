import * as fs from "node:fs";
import * as path from "node:path";
import test from "ava";
import { parse } from "yaml";
import { run } from "../support/infra.ts";
import { PROJECT_DIR } from "../support/projectConfig.ts";

const dir = path.join(PROJECT_DIR, ".github", "workflows");
const workflows = fs.readdirSync(dir).filter((f) => f.endsWith(".yml"));
const text = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
/** The workflows that run pulumi against the registry (upstream-releases only reads PyPI). */
const DEPLOYING = ["dev.yml", "rebuild-base.yml", "release.yml"];

interface Step { readonly uses?: string; readonly run?: string; readonly with?: Record<string, string> }
const steps = (f: string) => Object.values((parse(text(f)) as { jobs: Record<string, { steps: Step[] }> }).jobs).flatMap((j) => j.steps);

test("actionlint finds nothing wrong in the workflows", async (t) => {
    const result = await run("actionlint", ["-color=false"]);
    t.is(result.code, 0, result.stdout + result.stderr);
});

test("there are dev, release, rebuild-base, pull-request and upstream-releases workflows", (t) => {
    t.deepEqual(workflows.sort(), ["dev.yml", "pull-request.yml", "rebuild-base.yml", "release.yml", "upstream-releases.yml"]);
    t.regex(text("dev.yml"), /pulumi up -s dev/);
    t.regex(text("release.yml"), /pulumi up -s release/);
    t.regex(text("rebuild-base.yml"), /npm run rebuild-base -- dev[\s\S]*create-pull-request/);
    t.regex(text("pull-request.yml"), /npx tsc --noEmit[\s\S]*npx ava tests\/unit tests\/static/);
    t.regex(text("upstream-releases.yml"), /python hermetic\/upstream\.py --write[\s\S]*create-pull-request/);
});

test("upstream-releases runs weekly and on demand, and its pull request holds only pins and locks", (t) => {
    const workflow = parse(text("upstream-releases.yml")) as { on: { schedule: Array<{ cron: string }>; workflow_dispatch: unknown } };
    t.is(workflow.on.schedule.length, 1);
    t.regex(workflow.on.schedule[0]!.cron, /^\d+ \d+ \* \* [0-6]$/, "once a week");
    t.true("workflow_dispatch" in workflow.on);
    t.regex(text("upstream-releases.yml"), /add-paths: \|\n {12}Pulumi\.yaml\n {12}hermetic\/inputs\.toml\n {12}dockerfiles\/\*\/sources\.txt\n {12}dockerfiles\/\*\/tarballs\.txt\n/);
});

test("each deploying workflow selects or creates its stack, with the login, before any other pulumi command", (t) => {
    for (const f of DEPLOYING) {
        const all = steps(f);
        const stack = all.findIndex((s) => s.uses === "./.github/actions/stack");
        const firstPulumi = all.findIndex((s) => /\bpulumi |npm run rebuild-base/.test(s.run ?? ""));
        t.true(stack !== -1 && stack < firstPulumi, f);
    }
});

test("registry credentials come from repository secrets and reach Pulumi only as secrets, through stdin", (t) => {
    t.deepEqual(workflows.filter((f) => /\bpulumi /.test(text(f))).sort(), DEPLOYING, "every workflow that runs pulumi is checked");
    for (const f of DEPLOYING) {
        const stack = steps(f).find((s) => s.uses === "./.github/actions/stack");
        t.is(stack?.with?.["registry-password"], "${{ secrets.REGISTRY_TOKEN }}", f);
        t.notRegex(text(f), /registryPassword "?\$\{\{/, `${f} never puts the token on a command line`);
    }
    const action = fs.readFileSync(path.join(PROJECT_DIR, ".github", "actions", "stack", "action.yml"), "utf8");
    t.regex(action, /printf '%s' "\$REGISTRY_PASSWORD" \| pulumi config set -s "\$STACK" --secret registryPassword/);
});

interface Job { readonly "runs-on": string; readonly if?: string; readonly needs?: string; readonly services?: Record<string, { image: string; ports?: string[] }>; readonly strategy?: { matrix: { include: Array<Record<string, string>> } }; readonly steps: Step[] }
const jobs = (f: string) => (parse(text(f)) as { jobs: Record<string, Job> }).jobs;
const actionFile = (name: string) => fs.readFileSync(path.join(PROJECT_DIR, ".github", "actions", name, "action.yml"), "utf8");

test("pull-request builds the images the change selects, per platform on a native runner, into a registry of its own", (t) => {
    const { select, images, "engine-tier": engineTier } = jobs("pull-request.yml");
    t.regex(select!.steps.map((s) => s.run ?? "").join("\n"), /scripts\/changed-images\.ts select --base "\$BASE_SHA" --head "\$HEAD_SHA"/);
    t.is(images!.needs, "select");
    t.regex(images!.if ?? "", /needs\.select\.outputs\.images != ''/, "a change that selects no image builds none");
    t.deepEqual(images!.strategy!.matrix.include, [{ platform: "linux/amd64", runner: "ubuntu-24.04" }, { platform: "linux/arm64", runner: "ubuntu-24.04-arm" }]);
    t.is(images!["runs-on"], "${{ matrix.runner }}");
    t.is(images!.services!.registry!.image, "registry:2");
    t.deepEqual(images!.services!.registry!.ports, ["127.0.0.1:5000:5000"], "the registry answers on the runner's loopback only");
    const run = images!.steps.map((s) => s.run ?? "").join("\n");
    t.regex(run, /changed-images\.ts stack-file --out Pulumi\.pr\.yaml --registry 127\.0\.0\.1:5000 --platform "\$PLATFORM"/);
    t.regex(run, /build-without-pulumi\.ts --stack-file Pulumi\.pr\.yaml/);
    t.notRegex(text("pull-request.yml"), /secrets\.|docker login|pulumi up/, "a pull request publishes nothing and holds no secret");
    t.regex(engineTier!.if ?? "", /needs\.select\.outputs\.engine-tier == 'true'/);
    t.regex(engineTier!.steps.map((s) => s.run ?? "").join("\n"), /bash scripts\/test\.sh tests\/e2e/);
});

test("the bot's pull requests are opened with a token that starts workflows, and say so when there is none", (t) => {
    for (const f of ["rebuild-base.yml", "upstream-releases.yml"]) {
        const all = steps(f);
        const app = all.findIndex((s) => (s.uses ?? "").startsWith("actions/create-github-app-token@"));
        const pr = all.findIndex((s) => (s.uses ?? "").startsWith("peter-evans/create-pull-request@"));
        t.true(app !== -1 && app < pr, f);
        t.deepEqual(all[app]!.with, { "client-id": "${{ vars.PR_APP_CLIENT_ID }}", "private-key": "${{ secrets.PR_APP_PRIVATE_KEY }}" }, f);
        t.is(all[pr]!.with?.token, "${{ steps.app-token.outputs.token || secrets.PR_TOKEN || github.token }}", f);
        t.regex(text(f), /No token that starts workflows[\s\S]*GITHUB_STEP_SUMMARY/, `${f} says so in its summary`);
    }
});

test("oras, cosign and syft come from their maintainers' installers, pinned by commit, at versions.sh's versions", (t) => {
    const everything = [...workflows.map(text), ...["setup", "stack", "builder-ssh"].map(actionFile)].join("\n");
    t.notRegex(everything, /go install[^\n]*(oras|cosign|syft)/, "no workflow compiles them");
    const setup = parse(actionFile("setup")) as { runs: { steps: Array<Step & { id?: string }> } };
    const versions = setup.runs.steps.find((s) => s.id === "versions");
    t.regex(versions?.run ?? "", /source scripts\/setup\/versions\.sh/);
    const installers: Record<string, [string, string]> = {
        "oras-project/setup-oras": ["version", "oras"], "sigstore/cosign-installer": ["cosign-release", "cosign"], "anchore/sbom-action/download-syft": ["syft-version", "syft"],
    };
    for (const [action, [input, output]] of Object.entries(installers)) {
        const step = setup.runs.steps.find((s) => (s.uses ?? "").startsWith(`${action}@`));
        t.regex(step?.uses ?? "", /@[0-9a-f]{40}$/, `${action} pinned by commit`);
        t.is(step?.with?.[input], `\${{ steps.versions.outputs.${output} }}`, action);
    }
    for (const line of everything.split("\n").filter((l) => /uses: (oras-project|sigstore|anchore|actions\/create-github-app-token)/.test(l))) {
        t.regex(line, /@[0-9a-f]{40} # v[\d.]+$/, `${line.trim()}: a commit, with the release it is`);
    }
});
