// Reaching each builder (`builders`) before any resource exists. A builder that cannot be reached would
// otherwise fail its platform's builds in the middle of a run, after other platforms' images were pushed;
// checked first, the run stops before anything is built, with what went wrong in a maintainer's words.

import { spawn } from "node:child_process";
import { engineEnvironment } from "../../plan/engines.ts";

/**
 * How long a builder may take to answer. ssh waits forever on a host that accepts but never speaks. One ssh
 * handshake and one `docker version` take 1 to 3 s even on a loaded 2-core machine; 15 s leaves room for that,
 * and is checked once per builder, before anything is built.
 */
export const BUILDER_TIMEOUT_MS = 15_000;

/**
 * What the docker CLI's failure to reach a builder means, from its stderr. Over ssh, the CLI runs
 * `ssh … docker system dial-stdio` and reports ssh's own message after "stderr=". Exported for testing.
 */
export function builderFailure(stderr: string): string {
    const detail = (/stderr=([\s\S]*)$/.exec(stderr)?.[1] ?? stderr).trim().split("\n").filter((l) => l.trim() !== "").join(" ").trim();
    if (/Permission denied \(/.test(detail)) {
        return `refused this machine's ssh key (${detail}): add its public key to the builder's ~/.ssh/authorized_keys`;
    }
    if (/Host key verification failed|host key is known|HOST IDENTIFICATION HAS CHANGED/.test(detail)) {
        return `has an ssh host key this machine does not trust (${detail}): connect once with ssh to record it in known_hosts`;
    }
    if (/command not found|not found: docker|docker: not found/.test(detail)) {
        return `has no docker CLI on the PATH of a non-interactive ssh session (${detail})`;
    }
    if (/Cannot connect to the Docker daemon|permission denied while trying to connect/.test(detail)) {
        return "was reached, but no Docker engine answers there: is it running, and may this user use its socket?";
    }
    if (/Connection refused|Connection timed out|Operation timed out|No route to host|Network is unreachable|Could not resolve|Name or service not known/.test(detail)) {
        return `cannot be reached (${detail})`;
    }
    return `did not answer (${detail || "no message"})`;
}

/** The problem with the builder of `platform`, or undefined when its engine answers. */
export function builderProblem(platform: string, host: string, timeoutMs = BUILDER_TIMEOUT_MS): Promise<string | undefined> {
    const problem = (what: string) => `underworld-images:builders.${platform}: ${host}, the Docker engine that builds and tests ${platform}, ${what}`;
    return new Promise((resolve) => {
        // A session of its own: with no terminal, ssh fails where it would prompt (an unknown host key, a
        // password), and the timeout can end it together with the docker CLI that started it.
        const child = spawn("docker", ["version", "--format", "{{.Server.Version}}"], {
            env: engineEnvironment(host), detached: true, stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (chunk) => { stderr += chunk; });
        child.stdout.resume();
        const timer = setTimeout(() => {
            try {
                process.kill(-child.pid!, "SIGKILL");
            } catch { /* it ended meanwhile */ }
            resolve(problem(`did not answer within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        child.once("error", (error) => {
            clearTimeout(timer);
            resolve(problem(`could not be checked: ${error.message}`));
        });
        child.once("close", (code) => {
            clearTimeout(timer);
            resolve(code === 0 ? undefined : problem(builderFailure(stderr)));
        });
    });
}
