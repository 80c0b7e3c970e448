// The registry side of stack-diff, through crane (go-containerregistry: Docker's login, plain HTTP for
// loopback registries): a list's platform images, and what one image records about itself, read from its
// filesystem without running it.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repositoryOf, type PlatformRecord, type RecordSource } from "./compare.ts";
import { debianPackages, pythonPackages } from "./packageRecords.ts";
import { tool } from "../../supply-chain/tool.ts";

/** The files an image records its packages in (paths inside its filesystem, as tar names them). */
const DPKG_STATUS = "var/lib/dpkg/status";
const PIP_FREEZE = "opt/requirements.txt";

const crane = (args: readonly string[]) => tool("crane", args, { needs: "crane (scripts/setup.sh installs it)" });

export interface Manifest {
    readonly manifests?: ReadonlyArray<{ digest: string; platform?: { os: string; architecture: string } }>;
    readonly layers?: ReadonlyArray<{ digest: string }>;
}

interface ImageConfig {
    readonly os: string;
    readonly architecture: string;
    readonly config?: { Labels?: Record<string, string> | null };
}

/** A list's images by platform (`linux/arm64`); BuildKit's attestations (`unknown/unknown` entries) are not images. */
export function listPlatforms(manifest: Manifest): Record<string, string> {
    return Object.fromEntries((manifest.manifests ?? []).filter((m) => m.platform !== undefined && m.platform.os !== "unknown")
        .map((m) => [`${m.platform!.os}/${m.platform!.architecture}`, m.digest]));
}

/** `repo:tag` -> `repo@sha256:…`, what the tag points to now; a reference by digest stays as it is. */
export async function pinnedReference(reference: string): Promise<string> {
    if (reference.includes("@")) return reference;
    return `${repositoryOf(reference)}@${(await crane(["digest", reference])).trim()}`;
}

async function platforms(reference: string): Promise<Record<string, string>> {
    const manifest = JSON.parse(await crane(["manifest", reference])) as Manifest;
    if (manifest.manifests !== undefined) return listPlatforms(manifest);
    // A single image rather than a list: its platform is in its config.
    const config = JSON.parse(await crane(["config", reference])) as ImageConfig;
    return { [`${config.os}/${config.architecture}`]: (await crane(["digest", reference])).trim() };
}

/**
 * Extracts `members` of an image's flattened filesystem into `dir` (those it has). `crane export` streams
 * the filesystem, newest layer first, each path once; tar stops as soon as it has every member, which is
 * early: the records are written in an image's last layers.
 */
function extract(reference: string, members: readonly string[], dir: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const exporter = spawn("crane", ["export", reference, "-"], { stdio: ["ignore", "pipe", "pipe"] });
        const tar = spawn("tar", ["-x", "-f", "-", "-C", dir, "--occurrence=1", ...members], { stdio: [exporter.stdout, "ignore", "pipe"] });
        // Only tar reads the pipe: with this process's end still open, crane would never see tar stop reading.
        exporter.stdout.destroy();
        let [exportErrors, tarErrors] = ["", ""];
        exporter.stderr.on("data", (chunk) => (exportErrors += chunk));
        tar.stderr.on("data", (chunk) => (tarErrors += chunk));
        exporter.on("error", (error) => reject(new Error(`crane export ${reference}: ${error.message}`)));
        tar.on("error", (error) => reject(new Error(`tar: ${error.message}`)));
        const exported = new Promise<number | null>((done) => exporter.on("close", (code) => done(code)));
        tar.on("close", async (tarCode) => {
            const exportCode = await exported;
            // tar 0: every member found, and crane was cut off by the closed pipe (expected). tar 2 with only
            // "Not found in archive": the image lacks a record, which it read to the end, so crane must have succeeded.
            const onlyMissing = tarErrors.split("\n").every((line) => line === "" || /Not found in archive|Exiting with failure status/.test(line));
            if (tarCode === 0 || (tarCode === 2 && onlyMissing && exportCode === 0)) resolve();
            else reject(new Error(`reading ${reference}'s files failed: ${exportErrors.trim() || tarErrors.trim() || `crane exit ${exportCode}, tar exit ${tarCode}`}`));
        });
    });
}

async function record(repository: string, digest: string): Promise<PlatformRecord> {
    const reference = `${repository}@${digest}`;
    const manifest = JSON.parse(await crane(["manifest", reference])) as Manifest;
    const config = JSON.parse(await crane(["config", reference])) as ImageConfig;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uw-stack-diff-"));
    try {
        await extract(reference, [DPKG_STATUS, PIP_FREEZE], dir);
        const has = (member: string) => fs.existsSync(path.join(dir, member));
        return {
            baseOsLayer: manifest.layers?.[0]?.digest ?? "",
            baseName: config.config?.Labels?.["org.opencontainers.image.base.name"] ?? null,
            debian: has(DPKG_STATUS) ? await debianPackages(path.join(dir, path.dirname(DPKG_STATUS))) : null,
            python: has(PIP_FREEZE) ? await pythonPackages(fs.readFileSync(path.join(dir, PIP_FREEZE), "utf8")) : null,
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The registry as stack-diff reads it. */
export const craneRecords: RecordSource = { platforms, record };
