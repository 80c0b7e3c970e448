// What an oras failure means, in the project's words: the registry is out of reach, refused the login,
// denied the operation, or said something else. Pure, so that each message is tested without a registry.

import { loginAdvice, type Login } from "./login.ts";

/** oras's last words for a reference the registry does not hold. */
export function isNotFound(stderr: string): boolean {
    return /: not found\s*$/m.test(stderr);
}

/** The line of oras's output that says why, without its "Error:" prefix. */
function reason(stderr: string): string {
    const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    const error = lines.find((l) => /^Error/.test(l)) ?? lines[lines.length - 1] ?? "no output";
    return error.replace(/^Error( response from registry)?:\s*/, "");
}

/**
 * The error for an oras call that failed while doing `what` (e.g. "read 127.0.0.1:5000/ns/repo:tag")
 * at `host`. It names the registry, the login that was offered, and what to do.
 */
export function orasFailure(host: string, what: string, stderr: string, login: Login | undefined): Error {
    const why = reason(stderr);
    if (/unauthorized|authentication required|credential not found|credential required|status code 401/i.test(stderr)) {
        const { used, fix } = loginAdvice(host, login);
        return new Error(`${host} refused ${used} (while trying to ${what}): ${why}. To fix: ${fix}.`);
    }
    if (/denied|forbidden|status code 403/i.test(stderr)) {
        const { used } = loginAdvice(host, login);
        return new Error(`${host} denied the request to ${what} (with ${used}): ${why}. The login may lack push rights for this repository.`);
    }
    if (/connection refused|no such host|i\/o timeout|network is unreachable|connection reset|server misbehaving/i.test(stderr)) {
        return new Error(`cannot reach the registry ${host} (while trying to ${what}): ${why}. Is it running, and is ${host} the right address?`);
    }
    return new Error(`${host}: cannot ${what}: ${why}`);
}
