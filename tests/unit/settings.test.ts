import test from "ava";
import { ConfigError, readSettings, type RawConfig } from "../../config/settings.ts";
import { configWith, DIGEST_A, DIGEST_B, DIGEST_C, projectDefaults, stackOverrides } from "../support/projectConfig.ts";

const pin = (image: string, digest = DIGEST_A) => `docker.io/underworldcode/${image}@${digest}`;
const allPins = JSON.stringify({ toolchain: pin("toolchain"), lavavu: pin("lavavu"), petsc: pin("petsc", DIGEST_B), base: pin("base", DIGEST_C) });
const release = { channel: "release", tag: "2.17.3", pins: allPins };

function problemsOf(raw: RawConfig, secretKeys: string[] = []): readonly string[] {
    try {
        readSettings(raw, Object.keys(raw), secretKeys);
    } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
    }
    return [];
}

test("Pulumi.yaml's defaults are a valid dev configuration", (t) => {
    const s = readSettings(projectDefaults());
    t.is(s.channel, "dev");
    t.deepEqual(s.platforms, ["linux/amd64", "linux/arm64"]);
    t.is(s.tag, "dev");
    t.deepEqual(s.pins, {});
});

test("the dev stack file is valid", (t) => {
    t.notThrows(() => readSettings(configWith(stackOverrides("Pulumi.dev.yaml"))));
});

test("the MPICH dev stack file is valid: Debian's MPICH under its own tags", (t) => {
    const s = readSettings(configWith(stackOverrides("Pulumi.dev-mpich.yaml")));
    t.is(s.mpiFlavour, "mpich");
    t.is(s.versions.mpi, "4.0.2");
    t.is(s.tag, "dev-mpich");
});

test("the release stack file refuses to run until every parent is pinned", (t) => {
    const problems = problemsOf(configWith(stackOverrides("Pulumi.release.yaml")));
    t.deepEqual(problems.map((p) => p.split(":")[1]), ["pins.toolchain", "pins.lavavu", "pins.petsc", "pins.base"]);
});

test("the release stack file with pins is valid and keeps its tags", (t) => {
    const s = readSettings(configWith({ ...stackOverrides("Pulumi.release.yaml"), pins: allPins }));
    t.is(s.tag, "2.17.3");
    t.deepEqual(s.extraTags, ["latest"]);
});

// [overrides, key named in the error, fragment of what is accepted]
const badConfigurations: Array<[Record<string, string | undefined>, string, string]> = [
    [{ platforms: JSON.stringify(["linux/amd64", "linux/s390x"]) }, "platforms", "linux/s390x"],
    [{ platforms: JSON.stringify(["linux/amd64", "linux/amd64"]) }, "platforms", "each platform at most once"],
    [{ platforms: JSON.stringify([]) }, "platforms", "at least one platform"],
    [{ platforms: "linux/amd64" }, "platforms", "a JSON list"],
    [{ registry: "" }, "registry", "a registry host"],
    [{ registry: "https://docker.io" }, "registry", "a registry host"],
    [{ registry: "Docker.IO" }, "registry", "a registry host"],
    [{ namespace: "UnderworldCode" }, "namespace", "lowercase"],
    [{ mpiFlavour: "opmi" }, "mpiFlavour", `"ompi", "mpich"`],
    [{ channel: "staging" }, "channel", `"dev", "release"`],
    [{ tag: "dev tag" }, "tag", "a Docker tag"],
    [{ tag: "2.17.0" }, "tag", "version tags and latest are published by the release stack only"],
    [{ tag: "latest" }, "tag", "version tags and latest are published by the release stack only"],
    [{ tag: "dev-mpich" }, "tag", `MPI suffix matches mpiFlavour "ompi"`],
    [{ ...release, tag: "dev" }, "tag", "a release version"],
    [{ ...release, tag: "latest" }, "tag", "a release version"],
    [{ ...release, tag: "" }, "tag", "a release version"],
    [{ ...release, tag: "2.17" }, "tag", "a release version"],
    [{ ...release, extraTags: JSON.stringify(["dev"]) }, "extraTags", "dev belongs to the dev stack"],
    [{ extraTags: JSON.stringify(["dev"]) }, "extraTags", "differ from each other and from tag"],
    [{ petscVersion: "3.22" + ".x" }, "petscVersion", "a version such as 3.22.2"],
    [{ pythonVersion: "three" }, "pythonVersion", "a version such as 3.11"],
    [{ underworldVersion: "" }, "underworldVersion", "a version such as 2.17.3"],
    [{ pins: JSON.stringify({ base: "docker.io/underworldcode/base:latest" }) }, "pins.base", "pinned by digest"],
    [{ pins: JSON.stringify({ base: "docker.io/underworldcode/base@sha256:1234" }) }, "pins.base", "pinned by digest"],
    [{ pins: JSON.stringify({ base: `docker.io/underworldcode/base@sha256:${"A".repeat(64)}` }) }, "pins.base", "pinned by digest"],
    [{ pins: JSON.stringify({ underworld3: pin("underworld3") }) }, "pins.underworld3", "lavavu, petsc, base"],
    [{ pins: JSON.stringify({ underworld2: pin("underworld2") }) }, "pins.underworld2", "promoted, not pinned"],
    [{ pins: JSON.stringify(["base"]) }, "pins", "a JSON object"],
    [{ ...release, pins: JSON.stringify({ lavavu: pin("lavavu"), petsc: pin("petsc") }) }, "pins.base", "never builds from an unpinned parent"],
    [{ ...release, rebuildBase: "true" }, "rebuildBase", "false on the release stack"],
    [{ rebuildBase: "yes" }, "rebuildBase", `"false", "true"`],
    [{ promoteDigest: DIGEST_A }, "promoteDigest", "unset on the dev stack"],
    [{ ...release, promoteDigest: "sha256:abc" }, "promoteDigest", "sha256:<64 hex>"],
    [{ ...release, promoteDigest: DIGEST_A, promoteFromStack: "dev" }, "promoteDigest", "not both"],
    [{ baseOsImage: "debian:latest" }, "baseOsImage", "a tag other than latest"],
    [{ baseOsImage: "debian" }, "baseOsImage", "pinned by digest"],
    [{ packageIndex: "pypi.org/simple" }, "packageIndex", "an http(s) URL"],
    [{ buildNetwork: "bridge" }, "buildNetwork", `"default", "host"`],
    [{ builders: JSON.stringify({ "linux/riscv64": "ssh://builder" }) }, "builders", "one of the configured platforms"],
    [{ builders: JSON.stringify({ "linux/arm64": "mac-mini" }) }, "builders.linux/arm64", "a Docker host"],
    [{ registryUsername: "maintainer" }, "registryPassword", "set it with `pulumi config set --secret registryPassword`"],
    [{ registryPassword: "hunter2" }, "registryPassword", "stored in plaintext"],
    [{ signingKey: "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----" }, "signingKey", "stored in plaintext"],
    [{ signingKeyPassword: "hunter2" }, "signingKeyPassword", "stored in plaintext"],
    [{ signingKeyFile: "cosign.key" }, "signingPublicKey", "missing while a signing key is set"],
    [{ regsitry: "docker.io" }, "regsitry", "unknown key"],
    [{ dockerfilesDir: "" }, "dockerfilesDir", "one folder per image"],
    [{ channel: undefined }, "channel", "missing"],
];

badConfigurations.forEach(([overrides, key, accepted], i) => {
    test(`[${i}] bad config ${JSON.stringify(overrides)} is refused naming ${key}`, (t) => {
        const problems = problemsOf(configWith(overrides));
        const problem = problems.find((p) => p.startsWith(`underworld-images:${key}:`) && p.includes(accepted));
        t.truthy(problem, `no problem names ${key} with "${accepted}"; got ${JSON.stringify(problems)}`);
        // A bad value is quoted back ("got ..."), except a password, which is never printed.
        const value = overrides[key];
        if (/Password|signingKey$/.test(key)) t.false(problems.join("\n").includes(value ?? "\0"));
        else if (problem!.includes("got ") && value !== undefined && !/^[[{]/.test(value)) t.true(problem!.includes(JSON.stringify(value)), problem);
    });
});

test("every problem is reported at once", (t) => {
    const problems = problemsOf(configWith({ registry: "", mpiFlavour: "opmi", platforms: JSON.stringify(["linux/s390x"]) }));
    t.is(problems.length, 3);
    const error = t.throws(() => readSettings(configWith({ registry: "", mpiFlavour: "opmi" })), { instanceOf: ConfigError });
    t.regex(error!.message, /\(2 problems\); nothing was built or pushed/);
});

test("a secret registry password is accepted with a username and never read", (t) => {
    const raw = configWith({ registryUsername: "maintainer", registryPassword: undefined });
    const s = readSettings(raw, [...Object.keys(raw), "registryPassword"], ["registryPassword"]);
    t.is(s.registryUsername, "maintainer");
    t.false(JSON.stringify(s).includes("Password"));
});

test("a secret signing key signs with its public key; a key file too, but not both", (t) => {
    const raw = configWith({ signingPublicKey: "cosign.pub", signingKey: undefined, signingKeyPassword: undefined });
    const secrets = ["signingKey", "signingKeyPassword"];
    const s = readSettings(raw, [...Object.keys(raw), ...secrets], secrets);
    t.like(s, { signs: true, signingPublicKey: "cosign.pub", signingKeyFile: undefined });
    t.like(readSettings(configWith({ signingKeyFile: "cosign.key", signingPublicKey: "cosign.pub" })), { signs: true, signingKeyFile: "cosign.key" });
    t.like(readSettings(configWith({ signingPublicKey: "cosign.pub" })), { signs: false }, "a public key alone verifies promotions and signs nothing");
    const both = configWith({ signingKeyFile: "cosign.key", signingPublicKey: "cosign.pub", signingKey: undefined });
    t.throws(() => readSettings(both, [...Object.keys(both), "signingKey"], ["signingKey"]), { message: /signingKeyFile: got "cosign\.key"; expected unset when the secret signingKey is set/ });
});

test("a checkout as underworld source is kept as a path", (t) => {
    const s = readSettings(configWith({ underworldSource: "../underworld2" }));
    t.deepEqual(s.underworldSource, { kind: "checkout", path: "../underworld2" });
});

test("release versions with a b suffix or MPI flavour are accepted", (t) => {
    for (const tag of ["2.5.0b", "2.16.0-ompi", "2.17.0rc1"]) {
        t.notThrows(() => readSettings(configWith({ ...release, tag })), tag);
    }
    t.notThrows(() => readSettings(configWith({ ...release, tag: "2.16.0-mpich", mpiFlavour: "mpich", mpiVersion: "4.0.2" })));
});
