// A throw-away copy of the project, deployed with the real Pulumi CLI and engine on a file backend, to the
// registry and base OS image scripts/setup.sh provides. The copy holds the same program, components and
// manifest-list program; only its Dockerfiles are the fixtures. The end-to-end tests and bench/run.ts use it.

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_DIR } from "../config/projectConfig.ts";

function required(name: string): string {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the tests through scripts/test.sh, which sets up the engine and the registry`);
    return value;
}

export const registry = () => required("UW_REGISTRY");
export const baseOsImage = () => required("UW_BASE_OS_IMAGE");

/** A namespace of its own for each copy or test, so they never see each other's tags. */
export function uniqueNamespace(prefix: string): string {
    return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** Runs a command to its end; `input` is written to its stdin (a password, say: never an argument). */
export function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(command, args, { cwd: options.cwd ?? PROJECT_DIR, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => { stdout += chunk; });
        child.stderr.on("data", (chunk) => { stderr += chunk; });
        child.stdin.on("error", () => undefined);
        child.stdin.end(options.input ?? "");
        child.once("error", (error) => resolve({ code: 1, stdout, stderr: stderr + String(error) }));
        child.once("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
}

/** `run` for a command that must succeed: its result, else an error with its command line and stderr (stdout if that is empty). */
export async function mustRun(command: string, args: readonly string[], options: Parameters<typeof run>[2] = {}): ReturnType<typeof run> {
    const result = await run(command, args, options);
    if (result.code !== 0) throw new Error(`\`${[command, ...args].join(" ")}\` exited with ${result.code}:\n${result.stderr.trim() || result.stdout.trim()}`);
    return result;
}

// hermetic/: the preflight reads inputs.toml to know which versions must be locked.
const PROGRAM_FILES = ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts", "config", "plan", "components", "manifest-list", "supply-chain", "image-tests", "scripts", "hermetic"];

function onPath(binary: string): boolean {
    return (process.env.PATH ?? "").split(":").some((dir) => dir !== "" && fs.existsSync(path.join(dir, binary)));
}

function pluginPresent(name: string): boolean {
    const version = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "node_modules", "@pulumi", name, "package.json"), "utf8")).version as string;
    const home = process.env.PULUMI_HOME ?? path.join(os.homedir(), ".pulumi");
    return fs.existsSync(path.join(home, "plugins", `resource-${name}-v${version}`, `pulumi-resource-${name}`)) || onPath(`pulumi-resource-${name}`);
}

/** What the end-to-end tests lack on this machine, or undefined when they can run. */
export function missingForEndToEnd(): string | undefined {
    const missing = [
        onPath("pulumi") ? "" : "the pulumi CLI",
        onPath("pulumi-language-nodejs") ? "" : "the nodejs language host",
        // Serves the project's list resources (dynamic resources); Pulumi's installs ship it beside the CLI.
        onPath("pulumi-resource-pulumi-nodejs") ? "" : "the Pulumi dynamic provider host (pulumi-resource-pulumi-nodejs)",
        pluginPresent("docker") ? "" : "the Pulumi docker provider plugin",
        pluginPresent("command") ? "" : "the Pulumi command provider plugin",
    ].filter((m) => m !== "");
    return missing.length === 0 ? undefined : missing.join(", ");
}

export class PulumiProject {
    readonly namespace: string;
    readonly dir: string;
    /** The Pulumi environment of this copy: its own file backend and passphrase. */
    readonly environment: NodeJS.ProcessEnv;

    /** A copy of the program with the fixture Dockerfiles, its own state backend, and `config` for every stack file. */
    constructor(namespace: string) {
        this.namespace = namespace;
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "uw-project-"));
        for (const file of PROGRAM_FILES) fs.cpSync(path.join(PROJECT_DIR, file), path.join(this.dir, file), { recursive: true });
        fs.cpSync(path.join(PROJECT_DIR, "tests", "fixtures", "dockerfiles"), path.join(this.dir, "dockerfiles"), { recursive: true });
        fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(this.dir, "node_modules"));
        fs.mkdirSync(path.join(this.dir, ".state"));
        this.environment = {
            PULUMI_BACKEND_URL: `file://${path.join(this.dir, ".state")}`,
            PULUMI_CONFIG_PASSPHRASE: "fixture-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        };
    }

    /** The fixture configuration: the local registry, this test's namespace, the local base OS image. */
    fixtureConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
        return { registry: registry(), namespace: this.namespace, baseOsImage: baseOsImage(), ...overrides };
    }

    writeStack(stack: string, config: Record<string, unknown>): void {
        const lines = Object.entries(config).map(([k, v]) => `  underworld-images:${k}: ${JSON.stringify(v)}`);
        fs.writeFileSync(path.join(this.dir, `Pulumi.${stack}.yaml`), `config:\n${lines.join("\n")}\n`);
    }

    readStackFile(stack: string): string {
        return fs.readFileSync(path.join(this.dir, `Pulumi.${stack}.yaml`), "utf8");
    }

    async pulumi(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) {
        return run("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env: { ...process.env, ...this.environment, ...extraEnv } });
    }

    /** `pulumi …` that must succeed (mustRun). */
    mustPulumi(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) {
        return mustRun("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env: { ...process.env, ...this.environment, ...extraEnv } });
    }

    async init(stack: string, config: Record<string, unknown>): Promise<void> {
        this.writeStack(stack, config);
        await this.mustPulumi(["stack", "init", stack]);
    }

    /** Sets a secret through stdin: a secret on a command line would be visible to every process. */
    async setSecret(stack: string, key: string, value: string): Promise<void> {
        await mustRun("pulumi", ["config", "set", "--secret", key, "-s", stack, "--non-interactive"], { cwd: this.dir, env: { ...process.env, ...this.environment }, input: value });
    }

    up(stack: string, extra: readonly string[] = [], extraEnv: NodeJS.ProcessEnv = {}) {
        return this.pulumi(["up", "--yes", "--skip-preview", "-s", stack, ...extra], extraEnv);
    }

    async outputs(stack: string): Promise<Record<string, any>> {
        return JSON.parse((await this.mustPulumi(["stack", "output", "--json", "-s", stack])).stdout) as Record<string, any>;
    }

    remove(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
