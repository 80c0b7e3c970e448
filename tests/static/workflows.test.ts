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
