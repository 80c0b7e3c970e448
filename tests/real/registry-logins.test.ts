// The manifest-list program and the pin checks against a password-protected registry (docker-registry with
// htpasswd, serving the shared registry's storage): `docker login` alone is enough, the stack's login alone is
// enough and wins over Docker's, a refused login fails naming the registry with nothing published, and the
// password is on no command line and in no output.
// The tests that publish run one at a time (test.serial): they push the same list into one repository, and a read
// of it while docker-registry rewrites its link file for another push gets HTTP 500 (see manifest-list.test.ts).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import test from "ava";
import { withLogin, type Login } from "../../manifest-list/login.ts";
import { buildPlan } from "../../plan/plan.ts";
import { preflightProblems } from "../../components/preflight/checks.ts";
import { readSettings } from "../../config/settings.ts";
import { watchCommandLines } from "../support/commandLines.ts";
import { dockerLogin, noDockerLogin, staleDockerLogin } from "../support/dockerLogin.ts";
import { listEntries, manifestList, mustManifestList, pushTinyImages, registry, registryManifest, uniqueNamespace } from "../support/infra.ts";
import { configWith } from "../support/projectConfig.ts";
import { RegistryInstance } from "../support/registryInstance.ts";

const LOGIN: Login = { username: "uw-maintainer", password: `pw-${Math.random().toString(36).slice(2)}-never-printed` };
const namespace = uniqueNamespace("logins");
const repository = `${namespace}/image`;
const configDirs: string[] = [];
let protectedRegistry: RegistryInstance;
let digests: Record<string, string>;

test.before(async () => {
    digests = await pushTinyImages(`${registry()}/${repository}`);
    const auth = fs.mkdtempSync(path.join(os.tmpdir(), "uw-auth-"));
    configDirs.push(auth);
    fs.writeFileSync(path.join(auth, "htpasswd"), execFileSync("htpasswd", ["-Bbn", LOGIN.username, LOGIN.password]));
    protectedRegistry = new RegistryInstance(5014, { storage: path.join(process.env.UW_CACHE!, "registry", "data"), htpasswd: path.join(auth, "htpasswd") });
    await protectedRegistry.start();
});
test.after.always(async () => {
    await protectedRegistry?.stop();
    for (const dir of configDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const host = () => protectedRegistry.host;
const target = (tag: string) => ["--target", `${host()}/${repository}:${tag}`];
const sources = () => Object.entries(digests).flatMap(([platform, digest]) => ["--source", `${platform}=${host()}/${repository}@${digest}`]);
/** The environment a list resource gives the program: Docker's config, and the stack's login when it has one. */
const environment = (dockerConfig: string, login?: Login) => {
    configDirs.push(dockerConfig);
    return withLogin({ ...process.env, DOCKER_CONFIG: dockerConfig }, login);
};

/** The list under `tag` (read without a login, through the shared registry's own address) is exactly the two images. */
async function assertPublished(t: any, tag: string, printed: string): Promise<void> {
    const served = await registryManifest(repository, tag);
    t.is(served.bodyDigest, printed, `${tag} is the list the program printed`);
    t.deepEqual(listEntries(served.json), digests);
}

test.serial("with only `docker login`, the list is published and its tags read", async (t) => {
    const env = environment(await dockerLogin(host(), LOGIN));
    const result = await mustManifestList(["create", ...target("docker-login"), ...sources()], env);
    await assertPublished(t, "docker-login", result.stdout.trim());
    const tags = await mustManifestList(["tags", ...target("docker-login")], env);
    t.deepEqual(JSON.parse(tags.stdout), { [`${host()}/${repository}:docker-login`]: result.stdout.trim() });
});

test.serial("with only the stack's login, passed as the list resource passes it, the list is published; the password is on no command line and in no output", async (t) => {
    const watch = watchCommandLines();
    const result = await manifestList(["create", ...target("stack-login"), ...sources()], environment(noDockerLogin(), LOGIN));
    const lines = watch.stop();
    t.is(result.code, 0, result.stderr);
    await assertPublished(t, "stack-login", result.stdout.trim());
    t.true(lines.some((line) => line.includes("manifest-list/cli.ts create")), "the watch saw the program");
    t.true(lines.some((line) => /oras .*--password-stdin/.test(line)), "the watch saw oras given the login on stdin");
    t.deepEqual(lines.filter((line) => line.includes(LOGIN.password)), [], "no command line holds the password");
    t.false((result.stdout + result.stderr).includes(LOGIN.password), "the program's output does not hold it");
});

test.serial("the stack's login wins over a Docker login the registry no longer accepts", async (t) => {
    const result = await mustManifestList(["create", ...target("stack-wins"), ...sources()], environment(staleDockerLogin(host(), LOGIN.username), LOGIN));
    await assertPublished(t, "stack-wins", result.stdout.trim());
});

test("a refused stack login fails at the first read, naming the registry and the user; nothing is published", async (t) => {
    const wrong = { username: LOGIN.username, password: "a-wrong-password" };
    const result = await manifestList(["create", ...target("wrong-stack-login"), ...sources()], environment(await dockerLogin(host(), LOGIN), wrong));
    t.not(result.code, 0);
    t.regex(result.stderr, /127\.0\.0\.1:5014 refused the stack's login \(registryUsername "uw-maintainer" and the secret registryPassword\) \(while trying to read 127\.0\.0\.1:5014\//);
    t.regex(result.stderr, /pulumi config set --secret registryPassword/);
    t.false(result.stderr.includes(wrong.password));
    t.is((await registryManifest(repository, "wrong-stack-login")).status, 404, "no tag was published");
});

test("a stale or missing Docker login fails naming the registry and `docker login`; nothing is published", async (t) => {
    for (const [tag, dir] of [["stale-docker-login", staleDockerLogin(host(), LOGIN.username)], ["no-login", noDockerLogin()]] as const) {
        const result = await manifestList(["create", ...target(tag), ...sources()], environment(dir));
        t.not(result.code, 0, tag);
        t.regex(result.stderr, /127\.0\.0\.1:5014 refused Docker's login \(.*config\.json and its credential helpers\)/, tag);
        t.regex(result.stderr, /run `docker login 127\.0\.0\.1:5014`/, tag);
        t.is((await registryManifest(repository, tag)).status, 404, `${tag}: no tag was published`);
    }
});

test.serial("the pin check before any build asks with the same logins: Docker's, else the stack's", async (t) => {
    const settings = readSettings(configWith({ registry: host(), namespace, dockerfilesDir: "tests/fixtures/dockerfiles", pins: JSON.stringify({ base: `${host()}/${repository}@${digests["linux/amd64"]}` }) }));
    const plan = buildPlan(settings);
    const withDockerConfig = async (dir: string, login?: Login) => {
        const saved = process.env.DOCKER_CONFIG;
        process.env.DOCKER_CONFIG = dir;
        configDirs.push(dir);
        try {
            return await preflightProblems(settings, plan, login);
        } finally {
            if (saved === undefined) delete process.env.DOCKER_CONFIG;
            else process.env.DOCKER_CONFIG = saved;
        }
    };
    t.deepEqual(await withDockerConfig(await dockerLogin(host(), LOGIN)), [], "docker login only");
    t.deepEqual(await withDockerConfig(noDockerLogin(), LOGIN), [], "the stack's login only");
    const [problem, ...rest] = await withDockerConfig(noDockerLogin());
    t.deepEqual(rest, []);
    t.regex(problem ?? "", /^underworld-images:pins\.base: cannot check 127\.0\.0\.1:5014\/.*: 127\.0\.0\.1:5014 refused Docker's login .*run `docker login 127\.0\.0\.1:5014`/);
});
