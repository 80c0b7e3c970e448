// The manifest-list program's arguments, as the list resources pass them and as scripts run them.

import test from "ava";
import { createListArgs, createListCommand, promoteListArgs } from "../../components/manifestListCommand.ts";
import { DIGEST_A, DIGEST_B } from "../support/projectConfig.ts";

const sources = { "linux/amd64": `r/u@${DIGEST_A}`, "linux/arm64": `r/u@${DIGEST_B}` };

test("create names every tag and each platform's source, in order", (t) => {
    t.deepEqual(createListArgs(["r/u:1.0", "r/u:latest"], sources),
        ["create", "--target", "r/u:1.0", "--target", "r/u:latest", "--source", `linux/amd64=r/u@${DIGEST_A}`, "--source", `linux/arm64=r/u@${DIGEST_B}`]);
});

test("promote names every tag, the tested list and the platforms it must hold", (t) => {
    t.deepEqual(promoteListArgs(["r/u:1.0"], `r/u@${DIGEST_A}`, ["linux/amd64", "linux/arm64"]),
        ["promote", "--target", "r/u:1.0", "--from", `r/u@${DIGEST_A}`, "--platform", "linux/amd64", "--platform", "linux/arm64"]);
});

test("the shell command line quotes every value and nothing else", (t) => {
    t.is(createListCommand(["r/u:it's"], { "linux/amd64": `r/u@${DIGEST_A}` }),
        `node --import tsx manifest-list/cli.ts create --target 'r/u:it'\\''s' --source 'linux/amd64=r/u@${DIGEST_A}'`);
});
