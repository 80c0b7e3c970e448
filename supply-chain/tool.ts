// Running an outside tool (pulumi, git, crane, cosign, syft, dpkg, python3): its stdout, or an error that names
// the command and what it said, or what to install when it is missing.

import { execFile } from "node:child_process";
import * as path from "node:path";

/** The project's directory, where the tools run: git and pulumi read it. */
const PROJECT_DIR = path.resolve(import.meta.dirname, "..");

export interface ToolOptions {
    /** Written to the tool's stdin. */
    readonly input?: string;
    /** What to install when the command is missing, e.g. "python3 with the packaging module". */
    readonly needs?: string;
    /** The tool's whole environment (secrets go here, never into `args`). Defaults to this process's. */
    readonly env?: NodeJS.ProcessEnv;
    /** Milliseconds before the tool is stopped. Defaults to none. */
    readonly timeout?: number;
}

/** Runs `command` from the project directory and returns its stdout. */
export function tool(command: string, args: readonly string[], options: ToolOptions = {}): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = execFile(command, args, { cwd: PROJECT_DIR, maxBuffer: 256 << 20, env: options.env, timeout: options.timeout }, (error, stdout, stderr) => {
            if ((error as NodeJS.ErrnoException | null)?.code === "ENOENT") reject(new Error(`this needs ${options.needs ?? command}: ${command} was not found`));
            else if (error?.killed) reject(new Error(`${command} ${args.join(" ")} did not finish within ${options.timeout! / 1000} s`));
            else if (error) reject(new Error(`${command} ${args.join(" ")} failed: ${stderr.trim() || stdout.trim() || error.message}`));
            else resolve(stdout);
        });
        // A tool that exits without reading its input (dpkg-query reads none) closes the pipe first: its exit
        // status, in the callback above, is what counts.
        child.stdin!.on("error", () => {});
        child.stdin!.end(options.input ?? "");
    });
}
