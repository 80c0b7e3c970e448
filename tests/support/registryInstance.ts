// A registry of a test's own (Debian's docker-registry on 127.0.0.1), to stop, restart, lock or protect
// with a password without disturbing the shared one other tests use.

import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_DIR } from "../../config/projectConfig.ts";

export interface RegistryOptions {
    /** An htpasswd file (bcrypt) to require logins against. */
    readonly htpasswd?: string;
    /** Share another instance's storage. */
    readonly storage?: string;
    /** Refuse every push (the registry's maintenance read-only mode). */
    readonly readOnly?: boolean;
}

export class RegistryInstance {
    readonly host: string;
    readonly storage: string;
    private readonly config: string;
    private process?: ChildProcess;

    constructor(port: number, options: RegistryOptions = {}) {
        this.host = `127.0.0.1:${port}`;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uw-registry-"));
        this.storage = options.storage ?? path.join(dir, "data");
        this.config = path.join(dir, "config.yml");
        const args = [
            this.host, this.storage, "--log-level", "error",
            ...(options.readOnly ? ["--read-only"] : []),
            ...(options.htpasswd ? ["--htpasswd", options.htpasswd] : []),
        ];
        fs.writeFileSync(this.config, execFileSync("bash", [path.join(PROJECT_DIR, "scripts", "setup", "registry-config.sh"), ...args], { encoding: "utf8" }));
    }

    async start(): Promise<void> {
        this.process = spawn("docker-registry", ["serve", this.config], { stdio: "ignore" });
        // Up to 30 s: docker-registry answers within a second, slower when both cores are busy.
        for (let i = 0; i < 150; i++) {
            try {
                const response = await fetch(`http://${this.host}/v2/`);
                if (response.status === 200 || response.status === 401) return;
            } catch { /* not up yet */ }
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
        throw new Error(`the registry on ${this.host} did not start`);
    }

    async stop(): Promise<void> {
        const child = this.process;
        if (child === undefined || child.exitCode !== null) return;
        await new Promise<void>((resolve) => {
            child.once("exit", () => resolve());
            child.kill("SIGKILL");
        });
    }
}
