// The wheels an image's users get: the lines of its build context's lock (wheels-<arch>.txt) whose package
// hermetic/inputs.toml does not list under the image's `build-only`. The image tests check each is installed,
// at its locked version (check_locked_wheels_installed).

import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseToml } from "smol-toml";
import { INPUTS_FILE } from "../plan/lockedVersions.ts";

/** pip's name normalisation (PEP 503), so that `Jinja2` and `jinja2` are one package. */
export const normalized = (name: string) => name.toLowerCase().replace(/[-_.]+/g, "-");

/** `name==version` for each wheel `lockFile` locks (its `--hash` options dropped). */
export function lockedWheels(lockFile: string): string[] {
    return fs.readFileSync(lockFile, "utf8").split("\n").flatMap((line) => /^([A-Za-z0-9_.-]+==\S+)/.exec(line)?.[1] ?? []);
}

/** The packages inputs.toml says `image`'s build needs and its image leaves out. */
export function buildOnly(image: string, inputsToml = fs.readFileSync(INPUTS_FILE, "utf8")): string[] {
    const spec = (parseToml(inputsToml) as Record<string, { "build-only"?: string[] }>)[image];
    return (spec?.["build-only"] ?? []).map(normalized);
}

/** `name==version` of every wheel of `image`'s lock for `arch` that its users get; none where it has no lock. */
export function wheelsForUsers(dockerfilesDir: string, image: string, arch: string): string[] {
    const lockFile = path.join(dockerfilesDir, image, `wheels-${arch}.txt`);
    if (!fs.existsSync(lockFile)) return [];
    const leftOut = buildOnly(image);
    return lockedWheels(lockFile).filter((wheel) => !leftOut.includes(normalized(wheel.split("==")[0]!)));
}
