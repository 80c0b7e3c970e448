// Every version a stack asks for must be locked before anything builds. hermetic/inputs.toml says which
// inputs follow a config key ("petsc4py=={petscVersion}" in petsc's sources); each build context's lock
// files (sources.txt, tarballs.txt, written by hermetic/lock.py) must hold a line for the stack's version of
// each. Otherwise the build would fail late, inside a Dockerfile, after other images were built and pushed.

import * as path from "node:path";
import { parse as parseToml } from "smol-toml";
import { IMAGE_NAMES, type BuildPlan, type ImageName } from "./plan.ts";
import { PROJECT_DIR } from "../config/projectConfig.ts";
import type { Settings, Versions } from "../config/settings.ts";

/** An input of an image whose version is a config key. */
export interface VersionedInput {
    readonly image: ImageName;
    /** The lock file that holds it: `sources` (sdists, sources.txt) or `tarballs` (tarballs.txt). */
    readonly kind: "sources" | "tarballs";
    readonly name: string;
    /** The config key whose value is its version, e.g. petscVersion. */
    readonly key: string;
}

/** Config key -> the field of Settings.versions that holds it. */
const VERSION_FIELDS: Readonly<Record<string, keyof Versions>> = {
    pythonVersion: "python", mpiVersion: "mpi", petscVersion: "petsc", lavavuVersion: "lavavu", underworldVersion: "underworld",
};

export const INPUTS_FILE = path.join(PROJECT_DIR, "hermetic", "inputs.toml");

/** The versioned inputs inputs.toml declares: `"<name>=={<key>}"` items in an image's `sources` or `tarballs`. */
export function versionedInputs(inputsToml: string): VersionedInput[] {
    const inputs = parseToml(inputsToml) as Record<string, Partial<Record<string, string[]>>>;
    return Object.entries(inputs)
        .filter(([image]) => (IMAGE_NAMES as readonly string[]).includes(image))
        .flatMap(([image, spec]) => (["sources", "tarballs"] as const).flatMap((kind) => (spec[kind] ?? []).flatMap((item) => {
            const versioned = /^([A-Za-z0-9_.-]+)==\{(\w+)\}$/.exec(item);
            return versioned === null ? [] : [{ image: image as ImageName, kind, name: versioned[1]!, key: versioned[2]! }];
        })));
}

/** The line a lock file holds for `name` at `version`: `petsc4py==3.22.2 --hash=…` or `petsc-3.22.2.tar.gz <sha256>`. */
export function lockLinePrefix(input: VersionedInput, version: string): string {
    return input.kind === "sources" ? `${input.name}==${version} ` : `${input.name}-${version}.tar.gz `;
}

/** The command that locks `key` at `version` into the stack's build contexts. */
export function lockCommand(key: string, version: string, dockerfilesDir: string): string {
    const where = path.resolve(PROJECT_DIR, dockerfilesDir) === path.join(PROJECT_DIR, "dockerfiles") ? "" : ` --dockerfiles ${dockerfilesDir}`;
    return `python3 hermetic/lock.py --version ${key}=${version}${where}`;
}

/**
 * For each image the plan builds, each versioned input at the stack's version that its lock file lacks:
 * one problem per key and version, naming the key, the version, what is missing and the command that locks it.
 * underworld2 built from a checkout installs no locked Underworld, so underworldVersion is not needed then.
 * The preflight reads the files: inputs.toml's text and `readLock`, a lock file's text (undefined: none).
 */
export function lockProblems(settings: Settings, plan: BuildPlan<string>, inputsToml: string, readLock: (file: string) => string | undefined): string[] {
    const missing = new Map<string, string[]>();
    for (const input of versionedInputs(inputsToml)) {
        const entry = plan[input.image];
        const field = VERSION_FIELDS[input.key];
        if (entry?.action !== "build" || field === undefined) continue;
        if (input.key === "underworldVersion" && settings.underworldSource.kind === "checkout") continue;
        const version = settings.versions[field];
        const file = path.join(entry.context, `${input.kind}.txt`);
        const lines = readLock(file)?.split("\n") ?? [];
        const prefix = lockLinePrefix(input, version);
        if (!lines.some((line) => line.startsWith(prefix))) {
            const id = `${input.key}=${version}`;
            missing.set(id, [...(missing.get(id) ?? []), `${file} has no ${prefix.trim()}`]);
        }
    }
    return [...missing.entries()].map(([id, what]) => {
        const [key, version] = id.split("=") as [string, string];
        return `underworld-images:${key}: ${version} is not locked (${what.join("; ")}): lock it with \`${lockCommand(key, version, settings.dockerfilesDir)}\`, then commit the lock files`;
    });
}
