import { execFileSync } from "node:child_process";
import test from "ava";
import { PROJECT_DIR } from "../support/projectConfig.ts";

test("tsc --noEmit is clean (strict)", (t) => {
    try {
        execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit"], { cwd: PROJECT_DIR, encoding: "utf8" });
        t.pass();
    } catch (error) {
        t.fail((error as { stdout?: string }).stdout ?? String(error));
    }
});
