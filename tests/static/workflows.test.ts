import * as fs from "node:fs";
import * as path from "node:path";
import test from "ava";
import { run } from "../support/infra.ts";
import { PROJECT_DIR } from "../support/projectConfig.ts";

const workflows = fs.readdirSync(path.join(PROJECT_DIR, ".github", "workflows")).filter((f) => f.endsWith(".yml"));

test("actionlint finds nothing wrong in the workflows", async (t) => {
    const result = await run("actionlint", ["-color=false"]);
    t.is(result.code, 0, result.stdout + result.stderr);
});

test("there are dev, release and rebuild-base workflows, each running pulumi or the rebuild", (t) => {
    t.deepEqual(workflows.sort(), ["dev.yml", "rebuild-base.yml", "release.yml"]);
    const text = (f: string) => fs.readFileSync(path.join(PROJECT_DIR, ".github", "workflows", f), "utf8");
    t.regex(text("dev.yml"), /pulumi up -s dev/);
    t.regex(text("release.yml"), /pulumi up -s release/);
    t.regex(text("rebuild-base.yml"), /npm run rebuild-base -- dev[\s\S]*create-pull-request/);
});

test("registry credentials come from repository secrets and reach Pulumi only as secrets", (t) => {
    for (const f of workflows) {
        const text = fs.readFileSync(path.join(PROJECT_DIR, ".github", "workflows", f), "utf8");
        t.regex(text, /--secret registryPassword/, f);
        t.regex(text, /REGISTRY_TOKEN: \$\{\{ secrets\.DOCKERHUB_TOKEN \}\}/, f);
        t.notRegex(text, /registryPassword "?\$\{\{/, `${f} never puts the token on a command line`);
    }
});
