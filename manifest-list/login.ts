// Which login the program uses for a registry. Without one of its own it uses Docker's: whatever
// `docker login` stored (Docker's config file and its credential helpers), exactly as the image pushes do.
// A login given to it (the stack's registryUsername and secret registryPassword) wins over Docker's.

import * as os from "node:os";
import * as path from "node:path";

/** A registry login given to the program. The password never goes on a command line. */
export interface Login {
    readonly username: string;
    readonly password: string;
}

/** The environment variables a login reaches the program through: an environment is not on any command line. */
export const LOGIN_VARIABLES = { username: "REGISTRY_USERNAME", password: "REGISTRY_PASSWORD" } as const;

export function loginFromEnvironment(env: NodeJS.ProcessEnv): Login | undefined {
    const username = env[LOGIN_VARIABLES.username];
    const password = env[LOGIN_VARIABLES.password];
    return username && password ? { username, password } : undefined;
}

/** `env` without any login variables, plus `login`'s: what a process running the program is given. */
export function withLogin(env: NodeJS.ProcessEnv, login: Login | undefined): NodeJS.ProcessEnv {
    const result = { ...env };
    delete result[LOGIN_VARIABLES.username];
    delete result[LOGIN_VARIABLES.password];
    return login === undefined ? result : { ...result, [LOGIN_VARIABLES.username]: login.username, [LOGIN_VARIABLES.password]: login.password };
}

/** Docker's config file, where `docker login` keeps logins (or names the credential helper that does). */
export function dockerConfigFile(env: NodeJS.ProcessEnv = process.env): string {
    return path.join(env.DOCKER_CONFIG || path.join(os.homedir(), ".docker"), "config.json");
}

/** Which login was offered to `host`, in words, and what to do when the registry refuses it. */
export function loginAdvice(host: string, login: Login | undefined): { used: string; fix: string } {
    return login === undefined
        ? {
            used: `Docker's login (${dockerConfigFile()} and its credential helpers)`,
            fix: `run \`docker login ${host}\` as the user that runs this, or set registryUsername and the secret registryPassword`,
        }
        : {
            used: `the stack's login (registryUsername "${login.username}" and the secret registryPassword)`,
            fix: "check registryUsername, and set the password again with `pulumi config set --secret registryPassword`",
        };
}
