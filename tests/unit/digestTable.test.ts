import { spawnSync } from "node:child_process";
import test from "ava";
import { PROJECT_DIR } from "../support/projectConfig.ts";

const table = (outputs: unknown) => spawnSync(process.execPath, ["--import", "tsx", "scripts/digest-table.ts"], {
    cwd: PROJECT_DIR, input: JSON.stringify(outputs), encoding: "utf8",
});

test("the digest table lists each image with its action, tags and pinned list", (t) => {
    const result = table({ images: { base: { action: "build", tags: ["r/base:dev"], ref: "r/base@sha256:abc" } } });
    t.is(result.status, 0, result.stderr);
    t.regex(result.stdout, /^base\s+build\s+dev\s+r\/base@sha256:abc$/m);
});

test("a stack without outputs (a run that stopped early) is an error that says to run again", (t) => {
    const result = table({});
    t.is(result.status, 1);
    t.regex(result.stderr, /stopped before it finished[\s\S]*Run the same command again/);
});
