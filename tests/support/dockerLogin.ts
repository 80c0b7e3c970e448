// Docker config directories of a test's own, as `docker login` leaves a user's ~/.docker: the tests point
// DOCKER_CONFIG at them and never touch the machine's own Docker config.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { mustRun, type TestLogin } from "./infra.ts";

function configDirectory(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "uw-docker-config-"));
}

/** Runs `docker login` for `host` into a config directory of its own (password on stdin); returns that directory. */
export async function dockerLogin(host: string, login: TestLogin): Promise<string> {
    const dir = configDirectory();
    await mustRun("docker", ["--config", dir, "login", "--username", login.username, "--password-stdin", host], { input: login.password });
    return dir;
}

/** A config directory holding a login for `host` that the registry no longer accepts (a password changed since). */
export function staleDockerLogin(host: string, username: string): string {
    const dir = configDirectory();
    const auth = Buffer.from(`${username}:an-old-password`).toString("base64");
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ auths: { [host]: { auth } } }), { mode: 0o600 });
    return dir;
}

/** A config directory without any login. */
export function noDockerLogin(): string {
    return configDirectory();
}
