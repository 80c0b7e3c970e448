// Figures of the real images (a script that records figures, not a test), read after `scripts/deploy-local.sh`
// built them: each image's and platform's build and test times from that run's output, its size and layer
// count, and the versions installed in it; then how long a no-op `pulumi preview` and `pulumi up` of the real
// stack take. Writes bench/real-images.md (another stack than local: bench/real-images-<stack>.md), and the full
// package lists under bench/real-images/ (bench/real-images/<stack>/).
// Usage: bash scripts/deploy-local.sh && node --import tsx bench/real-images.ts [stack] [output of that deploy]

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Oras } from "../manifest-list/oras.ts";
import { parseReference } from "../manifest-list/references.ts";
import { tool } from "../supply-chain/tool.ts";
import { PROJECT_DIR } from "../config/projectConfig.ts";

const stack = process.argv[2] ?? "local";
const cache = process.env.UW_CACHE ?? path.join(os.homedir(), ".cache", "underworld-images");
const logFile = process.argv[3] ?? path.join(cache, "logs", `deploy-${stack}.log`);
if (!fs.existsSync(logFile)) {
    console.error(`bench/real-images: no output of a deploy at ${logFile}: run bash scripts/deploy-local.sh first`);
    process.exit(2);
}

// The Python packages that define each image; the full lists go to bench/real-images/.
const KEY_PACKAGES = ["numpy", "mpi4py", "petsc4py", "h5py", "lavavu", "underworld", "scipy", "jupyterlab"];
const KEY_DEBIAN_PACKAGES = ["python3", "libopenmpi3", "libmpich12", "libhdf5-openmpi-103-1", "libhdf5-mpich-103-1", "libosmesa6"];

/** `<resource> created (123s)` lines of a `pulumi up` output: resource name -> seconds. */
function resourceSeconds(log: string): Map<string, number> {
    const seconds = new Map<string, number>();
    for (const match of log.matchAll(/(?:docker:index:Image|command:local:Command) (\S+) (?:created|updated|replaced) \(([\d.]+)s\)/g)) {
        seconds.set(match[1]!, Number(match[2]));
    }
    return seconds;
}

async function timed(args: string[]): Promise<number> {
    const started = process.hrtime.bigint();
    await tool("pulumi", args);
    return Number(process.hrtime.bigint() - started) / 1e9;
}

interface StackImage { action: string; platformDigests: Record<string, string>; ref: string | null }

const log = fs.readFileSync(logFile, "utf8");
// The commit whose Dockerfiles the figures describe: deploy-local.sh's run must be of the same checkout.
const commit = (await tool("git", ["rev-parse", "--short", "HEAD"])).trim();
const seconds = resourceSeconds(log);
const images = JSON.parse(await tool("pulumi", ["stack", "output", "images", "--json", "-s", stack])) as Record<string, StackImage>;
// The main stack's figures are bench/real-images.md; another stack's (local-mpich) have its name.
const listsDir = path.join(PROJECT_DIR, "bench", "real-images", ...(stack === "local" ? [] : [stack]));
const report = path.join(PROJECT_DIR, "bench", stack === "local" ? "real-images.md" : `real-images-${stack}.md`);
fs.mkdirSync(listsDir, { recursive: true });

/**
 * How PETSc was configured in an image: its configure options (the multiarch directory written as <triplet>)
 * and the features its configure found (PETSC_HAVE_* in petscconf.h), one per line.
 */
async function petscConfiguration(ref: string, platform: string): Promise<string[]> {
    const script = "sed -n \"s/^ *'\\(--[^']*\\)',*$/\\1/p\" /usr/local/lib/petsc/conf/reconfigure-*.py; "
        + "grep -oE '^#define PETSC_HAVE_[A-Z0-9_]+' /usr/local/include/petscconf.h | cut -d' ' -f2";
    const out = await tool("docker", ["run", "--rm", "--platform", platform, "--entrypoint", "sh", ref, "-c", script]);
    return out.replaceAll(/(x86_64|aarch64)-linux-gnu/g, "<triplet>").trim().split("\n").sort();
}

const rows: string[] = [];
const petscConfigurations: Record<string, string[]> = {};
/** image -> arch -> "pip" | "apt" -> the list's lines. */
const packageLists: Record<string, Record<string, { pip: string[]; apt: string[] }>> = {};
for (const [name, image] of Object.entries(images)) {
    if (image.ref === null) continue;
    const { registry: host, repository } = parseReference(image.ref)!;
    const client = new Oras(host);
    for (const [platform, digest] of Object.entries(image.platformDigests)) {
        const arch = platform.split("/")[1]!;
        const ref = `${host}/${repository}@${digest}`;
        const manifest = (await client.fetchManifest(repository, digest))!.json as { layers: Array<{ size: number }> };
        const compressed = manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
        await tool("docker", ["pull", "-q", ref]);
        const unpacked = Number((await tool("docker", ["image", "inspect", "--format", "{{.Size}}", ref])).trim());
        const pip = await tool("docker", ["run", "--rm", "--platform", platform, "--entrypoint", "pip", ref, "list", "--format", "freeze"]);
        const apt = await tool("docker", ["run", "--rm", "--platform", platform, "--entrypoint", "dpkg-query", ref, "-W", "-f", "${Package}=${Version}\\n"]);
        fs.writeFileSync(path.join(listsDir, `${name}-${arch}.pip.txt`), pip);
        fs.writeFileSync(path.join(listsDir, `${name}-${arch}.apt.txt`), apt);
        (packageLists[name] ??= {})[arch] = { pip: pip.trim().split("\n"), apt: apt.trim().split("\n") };
        if (name === "petsc") petscConfigurations[arch] = await petscConfiguration(ref, platform);
        const pick = (list: string, names: string[]) => list.split("\n").filter((line) => names.some((n) => line.toLowerCase().startsWith(`${n}=`)));
        const versions = [...pick(pip, KEY_PACKAGES), ...pick(apt, KEY_DEBIAN_PACKAGES)].join(", ");
        const build = seconds.get(`${name}-${arch}`);
        const tests = seconds.get(`${name}-image-tests`);
        rows.push(`| ${name} | ${platform} | ${build === undefined ? "not built in this run" : (build / 60).toFixed(1)} | ${tests ?? "-"} | `
            + `${(unpacked / 1e9).toFixed(2)} GB | ${(compressed / 1e9).toFixed(2)} GB | ${manifest.layers.length} | ${versions} |`);
    }
}

/** What one platform's list holds that the other's does not (a package missing, or at another version). */
function differences(name: string, kind: "pip" | "apt"): string {
    const lists = packageLists[name];
    if (lists?.amd64 === undefined || lists.arm64 === undefined) return "";
    const only = (a: string[], b: string[]) => a.filter((line) => line !== "" && !b.includes(line));
    const [amd64, arm64] = [only(lists.amd64[kind], lists.arm64[kind]), only(lists.arm64[kind], lists.amd64[kind])];
    if (amd64.length === 0 && arm64.length === 0) return `| ${name} | ${kind} | the same ${lists.amd64[kind].length} packages and versions | |`;
    return `| ${name} | ${kind} | ${amd64.join(", ") || "-"} | ${arm64.join(", ") || "-"} |`;
}
/** PETSc's configuration on amd64 against arm64: what only one of them has. */
function petscDifferences(): string {
    const { amd64, arm64 } = petscConfigurations;
    if (amd64 === undefined || arm64 === undefined) return "";
    const [onlyAmd64, onlyArm64] = [amd64.filter((l) => !arm64.includes(l)), arm64.filter((l) => !amd64.includes(l))];
    return onlyAmd64.length === 0 && onlyArm64.length === 0
        ? `PETSc is configured the same on both platforms: ${amd64.filter((l) => l.startsWith("--")).length} configure options `
            + `(the multiarch directory aside) and ${amd64.filter((l) => l.startsWith("PETSC_HAVE_")).length} features found.`
        : `PETSc's configuration differs: only on amd64 ${onlyAmd64.join(", ") || "-"}; only on arm64 ${onlyArm64.join(", ") || "-"}.`;
}
const platformRows = Object.keys(packageLists).sort().flatMap((name) => [differences(name, "pip"), differences(name, "apt")]).filter((row) => row !== "");

const preview = await timed(["preview", "-s", stack, "--expect-no-changes", "--non-interactive"]);
const up = await timed(["up", "--yes", "--skip-preview", "-s", stack, "--expect-no-changes", "--non-interactive"]);

const lines = [
    "# The real images: figures",
    "",
    `Recorded by \`bench/real-images.ts\` on ${new Date().toISOString().slice(0, 10)} at commit ${commit} from stack \`${stack}\` and the output of the run that built it`,
    `(\`${path.basename(logFile)}\`). Build minutes are the docker provider's, for the layers that run did not find in BuildKit's cache;`,
    `test seconds are the image-test step (every platform, two users). Full package lists: \`${path.relative(PROJECT_DIR, listsDir)}/\`.`,
    "",
    "| image | platform | build (min) | tests (s) | unpacked | compressed | layers | versions |",
    "|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    ...(platformRows.length === 0 ? [] : [
        "amd64 against arm64: what each platform's image holds that the other's does not (Python packages from",
        "`pip list`, Debian packages from `dpkg-query`).",
        "",
        "| image | list | only on amd64 | only on arm64 |",
        "|---|---|---|---|",
        ...platformRows,
        "",
    ]),
    ...(petscDifferences() === "" ? [] : [petscDifferences(), ""]),
    `No-op \`pulumi preview\`: ${preview.toFixed(1)} s; no-op \`pulumi up\`: ${up.toFixed(1)} s (each hashes every build context).`,
    "",
];
fs.writeFileSync(report, lines.join("\n"));
console.log(lines.join("\n"));
