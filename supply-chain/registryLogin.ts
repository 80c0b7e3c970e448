// The login cosign and syft use for a registry. Both read Docker's config file, as `docker push` does, so a
// `docker login` is enough. When the stack gives its own login (registryUsername and the secret
// registryPassword), it wins: it is written, for that registry only, into a private Docker config
// directory that exists while the tool runs; never onto a command line.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { withLogin, type Login } from "../manifest-list/login.ts";

/** The stack's login for `host`, or undefined for Docker's own. */
export type RegistryLogin = { readonly host: string; readonly login: Login } | undefined;

/** Docker's config keys for a registry: Docker Hub's logins are kept under its old index address. */
function authKeys(host: string): string[] {
    return host === "docker.io" || host === "index.docker.io" ? [host, "https://index.docker.io/v1/"] : [host];
}

/** Runs `action` with the environment that gives a tool `registry`'s login. */
export async function registryEnvironment<T>(registry: RegistryLogin, action: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
    const env = withLogin(process.env, undefined);
    if (registry === undefined) return action(env);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uw-docker-config-"));
    try {
        const auth = Buffer.from(`${registry.login.username}:${registry.login.password}`).toString("base64");
        const auths = Object.fromEntries(authKeys(registry.host).map((key) => [key, { auth }]));
        fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ auths }), { mode: 0o600 });
        return await action({ ...env, DOCKER_CONFIG: dir });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
