// scripts/build-without-pulumi.ts when an image test fails: nothing of that image is published under its
// list tags, and nothing built from it is built.

import test from "ava";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { baseOsImage, registry, registryManifest, run, uniqueNamespace } from "../support/infra.ts";
import { PROJECT_DIR, writeStackFile } from "../support/projectConfig.ts";

test("a failing image test stops the run before the image's list is published", async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uw-failing-"));
    const dockerfiles = path.join(dir, "dockerfiles");
    fs.cpSync(path.join(PROJECT_DIR, "tests", "fixtures", "dockerfiles"), dockerfiles, { recursive: true });
    const suite = path.join(dockerfiles, "petsc", "test-image.sh");
    fs.writeFileSync(suite, fs.readFileSync(suite, "utf8").replace(/^finish$/m, 'check "fails on purpose" false\nfinish'));
    const namespace = uniqueNamespace("without-pulumi-failing");
    const stackFile = writeStackFile({
        registry: registry(), namespace, baseOsImage: baseOsImage(), dockerfilesDir: dockerfiles, platforms: '["linux/amd64"]',
    });

    const result = await run(process.execPath, ["--import", "tsx", "scripts/build-without-pulumi.ts", "--stack-file", stackFile]);
    fs.rmSync(dir, { recursive: true, force: true });

    t.not(result.code, 0);
    t.regex(result.stderr, /not ok - fails on purpose/);
    t.regex(result.stderr, /petsc: image tests failed \(exit 1\); nothing of it was published/);
    t.is((await registryManifest(`${namespace}/lavavu`, "dev")).status, 200, "lavavu, built before petsc, was published");
    t.is((await registryManifest(`${namespace}/petsc`, "dev")).status, 404, "petsc's list tag was not published");
    t.is((await registryManifest(`${namespace}/base`, "dev-amd64")).status, 404, "base, built from petsc, was not built");
});
