// Checks run inside containers of a built image: what its files say, and its hygiene. Shared by the
// fixture-image tests and the real-image tests.

import { listEntries, mustRun, registryManifest } from "./infra.ts";

/**
 * The per-platform image of a list reference. Containers run from it, not from the list: this engine
 * (Docker 20.10) refuses to pull one list digest for a second platform ("Cannot overwrite digest").
 */
export async function platformImage(reference: string, platform: string): Promise<string> {
    const at = reference.lastIndexOf("@");
    if (at === -1) return reference;
    const name = reference.slice(0, at);
    const [host, ...repository] = name.split("/");
    const served = await registryManifest(repository.join("/"), reference.slice(at + 1), host);
    const entry = listEntries(served.json)[platform];
    return entry === undefined ? reference : `${name}@${entry}`;
}

/** Runs a shell command in a fresh container of `image` (as root unless `user` is given). */
export async function inImage(image: string, platform: string, script: string, user = "0"): Promise<string> {
    return (await mustRun("docker", ["run", "--rm", "--platform", platform, "--user", user, "--entrypoint", "/bin/sh", await platformImage(image, platform), "-c", script])).stdout.trim();
}

const SETUID = "find / -xdev -perm -4000 -type f 2>/dev/null | sort";

/** What is wrong with an image's hygiene; empty when nothing is. `baseOs` supplies the distribution's setuid set. */
export async function hygieneProblems(image: string, platform: string, baseOs: string): Promise<string[]> {
    const problems: string[] = [];
    const keys = await inImage(image, platform, "grep -rIl --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev -E -e '^-----BEGIN [A-Z ]*PRIVATE KEY-----' / 2>/dev/null || true");
    if (keys !== "") problems.push(`private keys: ${keys.split("\n").join(", ")}`);
    const git = await inImage(image, platform, "find / -xdev -name .git 2>/dev/null || true");
    if (git !== "") problems.push(`.git directories: ${git.split("\n").join(", ")}`);
    const lists = await inImage(image, platform, "find /var/lib/apt/lists -mindepth 1 -maxdepth 1 ! -name lock ! -name partial 2>/dev/null || true");
    if (lists !== "") problems.push(`apt lists left: ${lists.split("\n").slice(0, 3).join(", ")}`);
    // Inspected after the runs above, which pulled the image.
    const user = (await mustRun("docker", ["image", "inspect", "--format", "{{.Config.User}}", await platformImage(image, platform)])).stdout.trim();
    if (user === "" || user === "0" || user === "root") problems.push(`default user is ${user || "root (unset)"}`);
    const allowed = new Set((await inImage(baseOs, platform, SETUID)).split("\n"));
    const extra = (await inImage(image, platform, SETUID)).split("\n").filter((f) => f !== "" && !allowed.has(f));
    if (extra.length > 0) problems.push(`setuid binaries beyond the distribution's: ${extra.join(", ")}`);
    return problems;
}
