import * as fs from "node:fs";
import * as path from "node:path";
import test from "ava";
import { parse } from "yaml";
import { run } from "../support/infra.ts";
import { PROJECT_DIR } from "../support/projectConfig.ts";

const dir = path.join(PROJECT_DIR, ".github", "workflows");
const workflows = fs.readdirSync(dir).filter((f) => f.endsWith(".yml"));
const text = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
const DEPLOYING = ["dev.yml", "rebuild-base.yml", "release.yml"];

interface Step { readonly uses?: string; readonly run?: string; readonly with?: Record<string, string> }
const steps = (f: string) => Object.values((parse(text(f)) as { jobs: Record<string, { steps: Step[] }> }).jobs).flatMap((j) => j.steps);

test("actionlint finds nothing wrong in the workflows", async (t) => {
    const result = await run("actionlint", ["-color=false"]);
    t.is(result.code, 0, result.stdout + result.stderr);
});

test("there are dev, release, rebuild-base and pull-request workflows, each running pulumi, the rebuild or the checks", (t) => {
    t.deepEqual(workflows.sort(), ["dev.yml", "pull-request.yml", "rebuild-base.yml", "release.yml"]);
    t.regex(text("dev.yml"), /pulumi up -s dev/);
    t.regex(text("release.yml"), /pulumi up -s release/);
    t.regex(text("rebuild-base.yml"), /npm run rebuild-base -- dev[\s\S]*create-pull-request/);
    t.regex(text("pull-request.yml"), /npx tsc --noEmit[\s\S]*npx ava tests\/unit tests\/static/);
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
    for (const f of DEPLOYING) {
        const stack = steps(f).find((s) => s.uses === "./.github/actions/stack");
        t.is(stack?.with?.["registry-password"], "${{ secrets.REGISTRY_TOKEN }}", f);
        t.notRegex(text(f), /registryPassword "?\$\{\{/, `${f} never puts the token on a command line`);
    }
    const action = fs.readFileSync(path.join(PROJECT_DIR, ".github", "actions", "stack", "action.yml"), "utf8");
    t.regex(action, /printf '%s' "\$REGISTRY_PASSWORD" \| pulumi config set -s "\$STACK" --secret registryPassword/);
});
