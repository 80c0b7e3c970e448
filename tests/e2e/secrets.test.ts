// An authenticated registry (docker-registry with htpasswd on 127.0.0.1): the password, given as a Pulumi
// secret, works for the pushes and the manifest list, and is never seen in plaintext anywhere else.

import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { uniqueNamespace } from "../support/infra.ts";
import { PulumiProject, skipReason } from "../support/pulumiProject.ts";
import { RegistryInstance } from "../support/registryInstance.ts";

const reason = skipReason();
const serial = reason === "" ? test.serial : test.serial.skip;
const USER = "uw-maintainer";
const PASSWORD = `pw-${Math.random().toString(36).slice(2)}-never-printed`;

/** Every file under `dir` that contains `needle`. */
function filesContaining(dir: string, needle: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
        .filter((file) => fs.readFileSync(file).includes(needle));
}

serial(`a password given as a secret pushes images and lists and never appears in plaintext${reason}`, async (t) => {
    const auth = fs.mkdtempSync(path.join(os.tmpdir(), "uw-auth-"));
    const htpasswd = path.join(auth, "htpasswd");
    fs.writeFileSync(htpasswd, execFileSync("htpasswd", ["-Bbn", USER, PASSWORD]));
    const registry = new RegistryInstance(5013, { htpasswd });
    await registry.start();
    const project = new PulumiProject(uniqueNamespace("secrets"));
    t.teardown(async () => { await registry.stop(); project.remove(); fs.rmSync(auth, { recursive: true, force: true }); });

    await project.init("dev", project.fixtureConfig({ registry: registry.host, registryUsername: USER }));
    // Set through stdin: a password on a command line would be visible to every process.
    const set = spawn("pulumi", ["config", "set", "--secret", "registryPassword", "-s", "dev", "--non-interactive"], {
        cwd: project.dir, env: { ...process.env, ...project.environment }, stdio: ["pipe", "pipe", "pipe"],
    });
    set.stdin.end(PASSWORD);
    t.is(await new Promise((resolve) => set.once("exit", resolve)), 0);
    t.false(project.readStackFile("dev").includes(PASSWORD), "the stack file holds it encrypted");

    const up = await project.up("dev");
    t.is(up.code, 0, up.stdout + up.stderr);
    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
    const list = await fetch(`http://${registry.host}/v2/${project.namespace}/underworld2/manifests/dev`, {
        headers: { Authorization: basic, Accept: "application/vnd.docker.distribution.manifest.list.v2+json" },
    });
    t.is(list.status, 200, "the list was pushed with the password");
    t.is((await fetch(`http://${registry.host}/v2/${project.namespace}/underworld2/manifests/dev`)).status, 401, "the registry does require it");

    const outputs = await project.pulumi(["stack", "output", "--json", "-s", "dev"]);
    const exported = await project.pulumi(["stack", "export", "-s", "dev"]);
    const preview = await project.pulumi(["preview", "--diff", "-s", "dev"]);
    for (const [what, text] of [["up output", up.stdout + up.stderr], ["stack output", outputs.stdout], ["stack export", exported.stdout], ["preview --diff", preview.stdout + preview.stderr]]) {
        t.false(text!.includes(PASSWORD), `${what} shows no password`);
    }
    t.deepEqual(filesContaining(project.dir, PASSWORD), [], "no file of the project or its state holds it");
    t.deepEqual(filesContaining(path.join(os.homedir(), ".docker"), PASSWORD), [], "no Docker config holds it");
    const encoded = Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
    t.deepEqual(filesContaining(path.join(os.homedir(), ".docker"), encoded), [], "no Docker config holds it encoded");

    // Built images (whose build steps do not need it) carry it in neither their environment nor history.
    const image = `${registry.host}/${project.namespace}/underworld2:dev-amd64`;
    const inspect = await project.pulumi(["stack", "output", "images", "--json", "-s", "dev"]);
    t.false(inspect.stdout.includes(PASSWORD));
    const history = execFileSync("docker", ["history", "--no-trunc", image]).toString() + execFileSync("docker", ["image", "inspect", image]).toString();
    t.false(history.includes(PASSWORD), "the image's config and history do not hold it");
});
