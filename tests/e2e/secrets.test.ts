// An authenticated registry (docker-registry with htpasswd on 127.0.0.1). The password given as a Pulumi
// secret pushes the images and lists, and is never seen in plaintext anywhere else, nor on any command line;
// a plain `docker login`, with no login in the stack, is enough for every step too.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { watchCommandLines } from "../support/commandLines.ts";
import { dockerLogin } from "../support/dockerLogin.ts";
import { listEntries, registryManifest, uniqueNamespace } from "../support/infra.ts";
import { PulumiProject, skipReason } from "../support/pulumiProject.ts";
import { RegistryInstance } from "../support/registryInstance.ts";
import { IMAGE_NAMES } from "../../config/images.ts";

const reason = skipReason();
const serial = reason === "" ? test.serial : test.serial.skip;
const MAINTAINER = { username: "uw-maintainer", password: `pw-${Math.random().toString(36).slice(2)}-never-printed` };
/** Another account, for the run that relies on `docker login` alone. */
const CI = { username: "uw-ci", password: `pw-${Math.random().toString(36).slice(2)}-docker-login` };

let auth: string;
let registry: RegistryInstance;

test.before(async () => {
    if (reason !== "") return;
    auth = fs.mkdtempSync(path.join(os.tmpdir(), "uw-auth-"));
    const htpasswd = path.join(auth, "htpasswd");
    fs.writeFileSync(htpasswd, [MAINTAINER, CI].map((a) => execFileSync("htpasswd", ["-Bbn", a.username, a.password]).toString().trim()).join("\n") + "\n");
    registry = new RegistryInstance(5013, { htpasswd });
    await registry.start();
});
test.after.always(async () => {
    await registry?.stop();
    if (auth !== undefined) fs.rmSync(auth, { recursive: true, force: true });
});

/** Every file under `dir` that contains `needle`. */
function filesContaining(dir: string, needle: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
        .filter((file) => fs.readFileSync(file).includes(needle));
}

/** Every image's dev list is published, holding both platforms (read with the given login). */
async function assertListsPublished(t: any, namespace: string, login: { username: string; password: string }): Promise<void> {
    for (const name of IMAGE_NAMES) {
        const list = await registryManifest(`${namespace}/${name}`, "dev", registry.host, login);
        t.is(list.status, 200, `${name}:dev was published`);
        t.deepEqual(Object.keys(listEntries(list.json)).sort(), ["linux/amd64", "linux/arm64"]);
    }
    t.is((await registryManifest(`${namespace}/underworld2`, "dev", registry.host)).status, 401, "the registry does require a login");
}

serial(`a password given as a secret pushes images and lists and never appears in plaintext${reason}`, async (t) => {
    const project = new PulumiProject(uniqueNamespace("secrets"));
    t.teardown(() => project.remove());
    const PASSWORD = MAINTAINER.password;

    await project.init("dev", project.fixtureConfig({ registry: registry.host, registryUsername: MAINTAINER.username }));
    // Set through stdin: a password on a command line would be visible to every process.
    await project.setSecret("dev", "registryPassword", PASSWORD);
    t.false(project.readStackFile("dev").includes(PASSWORD), "the stack file holds it encrypted");

    const watch = watchCommandLines(50);
    const up = await project.up("dev");
    const commandLines = watch.stop();
    t.is(up.code, 0, up.stdout + up.stderr);
    await assertListsPublished(t, project.namespace, MAINTAINER);
    t.true(commandLines.some((line) => line.includes("manifest-list/cli.ts")), "the watch saw the manifest-list program run");
    t.deepEqual(commandLines.filter((line) => line.includes(PASSWORD)), [], "no command line held the password during up");

    // Each must succeed: an empty output would hold no password either.
    const outputs = await project.mustPulumi(["stack", "output", "--json", "-s", "dev"]);
    const exported = await project.mustPulumi(["stack", "export", "-s", "dev"]);
    const preview = await project.mustPulumi(["preview", "--diff", "-s", "dev"]);
    const refresh = await project.mustPulumi(["refresh", "--yes", "--skip-preview", "-s", "dev"]);
    for (const [what, text] of [["up output", up.stdout + up.stderr], ["stack output", outputs.stdout], ["stack export", exported.stdout],
        ["preview --diff", preview.stdout + preview.stderr], ["refresh", refresh.stdout + refresh.stderr]]) {
        t.false(text!.includes(PASSWORD), `${what} shows no password`);
    }
    t.deepEqual(filesContaining(project.dir, PASSWORD), [], "no file of the project or its state holds it");
    t.deepEqual(filesContaining(path.join(os.homedir(), ".docker"), PASSWORD), [], "no Docker config holds it");
    const encoded = Buffer.from(`${MAINTAINER.username}:${PASSWORD}`).toString("base64");
    t.deepEqual(filesContaining(path.join(os.homedir(), ".docker"), encoded), [], "no Docker config holds it encoded");

    // Built images (whose build steps do not need it) carry it in neither their environment nor history.
    const image = `${registry.host}/${project.namespace}/underworld2:dev-amd64`;
    const inspect = await project.mustPulumi(["stack", "output", "images", "--json", "-s", "dev"]);
    t.false(inspect.stdout.includes(PASSWORD));
    const history = execFileSync("docker", ["history", "--no-trunc", image]).toString() + execFileSync("docker", ["image", "inspect", image]).toString();
    t.false(history.includes(PASSWORD), "the image's config and history do not hold it");
});

serial(`with no login in the stack, a plain \`docker login\` is enough: images, pin checks and lists${reason}`, async (t) => {
    const project = new PulumiProject(uniqueNamespace("docker-login"));
    const dockerConfig = await dockerLogin(registry.host, CI);
    t.teardown(() => { project.remove(); fs.rmSync(dockerConfig, { recursive: true, force: true }); });
    const asUser = { DOCKER_CONFIG: dockerConfig };

    await project.init("dev", project.fixtureConfig({ registry: registry.host }));
    const up = await project.up("dev", [], asUser);
    t.is(up.code, 0, up.stdout + up.stderr);
    await assertListsPublished(t, project.namespace, CI);

    // The pin check reads the registry before anything is built: pinned to what the first run published
    // (under a tag of its own, so that the dev stack's tags stay as it recorded them).
    const { digests } = await project.outputs("dev");
    await project.init("pinned", project.fixtureConfig({ registry: registry.host, tag: "pinned", pins: { lavavu: digests.lavavu, petsc: digests.petsc, base: digests.base } }));
    const pinned = await project.up("pinned", [], asUser);
    t.is(pinned.code, 0, pinned.stdout + pinned.stderr);
    // Where the tags point is read with the same login on every preview.
    const preview = await project.pulumi(["preview", "--expect-no-changes", "-s", "dev"], asUser);
    t.is(preview.code, 0, preview.stdout + preview.stderr);
});
