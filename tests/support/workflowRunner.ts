// Runs a GitHub Actions workflow's own steps on this machine, in order, as a runner would: its `run:` steps in
// bash with the job's and step's environment, the project's composite actions step by step, `if:` and
// `${{ }}` expressions evaluated against the secrets, variables and inputs the test gives. Actions from
// GitHub's marketplace (checkout, setup-node, create-pull-request...) cannot run here: the test names a
// stand-in for each, and a workflow step with none is an error, so no step is ever skipped unnoticed. A `run:`
// step that cannot run here (it downloads from GitHub, or would replace what the test's workspace shares) is
// stood in for by its name, the same way. Steps' outputs ($GITHUB_OUTPUT, a stand-in's return) reach later
// steps as `steps.<id>.outputs.<name>`, in the job or the composite action that ran them.
// Only the expression forms the workflows use are understood (paths, 'literals', ||); any other is an error.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

interface Step {
    readonly name?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly if?: string | boolean;
    readonly with?: Record<string, unknown>;
    readonly env?: Record<string, unknown>;
    readonly shell?: string;
    readonly id?: string;
}

/** What stands in for a step: given its evaluated `with` (a `uses:` step) or `env` (a `run:` step); may return the step's outputs. */
export type StandIn = (inputs: Record<string, string>) => Promise<Record<string, string> | void> | Record<string, string> | void;

export interface WorkflowRun {
    /** The checkout the workflow runs in (GITHUB_WORKSPACE). */
    readonly workspace: string;
    /** The runner's environment (PATH, HOME...), before the job's own `env`. */
    readonly env: NodeJS.ProcessEnv;
    readonly secrets: Readonly<Record<string, string>>;
    readonly vars: Readonly<Record<string, string>>;
    readonly inputs: Readonly<Record<string, string | boolean>>;
    /** The `github` context: ref_name, event... */
    readonly github: Readonly<Record<string, unknown>>;
    /** `uses:` (without @ref) -> what stands in for it here, given its evaluated `with`. */
    readonly standIns: Readonly<Record<string, StandIn>>;
    /** Where $GITHUB_STEP_SUMMARY is written, for the test to read; defaults to a file removed after the run. */
    readonly summaryFile?: string;
    /** A `run:` step's name -> what stands in for it here, given its evaluated `env`; every other `run:` step runs. */
    readonly runStandIns?: Readonly<Record<string, StandIn>>;
}

export interface StepRecord {
    readonly step: string;
    readonly how: "ran" | "stand-in" | "skipped (if)";
}

export class WorkflowStepError extends Error {
    readonly step: string;
    readonly output: string;

    constructor(step: string, output: string) {
        super(`workflow step "${step}" failed:\n${output.slice(-4000)}`);
        this.step = step;
        this.output = output;
    }
}

/** The value of a `${{ }}` expression: the first operand of `a || b || 'c'` that is set and not empty or false. */
export function evaluate(expression: string, context: Record<string, unknown>): unknown {
    for (const operand of expression.split("||").map((o) => o.trim())) {
        let value: unknown;
        if (/^'[^']*'$/.test(operand)) value = operand.slice(1, -1);
        else if (/^(true|false)$/.test(operand)) value = operand === "true";
        else if (/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(operand)) {
            value = operand.split(".").reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], context);
        } else {
            throw new Error(`the workflow runner does not understand the expression "${expression}"`);
        }
        if (value !== undefined && value !== null && value !== "" && value !== false) return value;
    }
    return "";
}

/** A string with every `${{ expr }}` replaced by its value. */
export function substitute(text: string, context: Record<string, unknown>): string {
    return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => String(evaluate(expression, context)));
}

function condition(value: string | boolean | undefined, context: Record<string, unknown>): boolean {
    if (value === undefined || typeof value === "boolean") return value ?? true;
    const inner = /^\s*\$\{\{\s*(.+?)\s*\}\}\s*$/.exec(value)?.[1] ?? value;
    const result = evaluate(inner, context);
    return result !== "" && result !== "false";
}

function evaluated(map: Record<string, unknown> | undefined, context: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, substitute(String(v), context)]));
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
    return new Promise((resolve) => {
        // GitHub's own invocation of a bash `run:` step.
        const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd, env });
        let output = "";
        child.stdout.on("data", (chunk) => { output += chunk; });
        child.stderr.on("data", (chunk) => { output += chunk; });
        child.on("close", (code) => resolve({ code: code ?? 1, output }));
    });
}

/** The outputs a step wrote to $GITHUB_OUTPUT: `name=value` lines, and `name<<DELIMITER` blocks. */
export function readOutputs(text: string): Record<string, string> {
    const outputs: Record<string, string> = {};
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
        const block = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
        if (block !== null) {
            const end = lines.indexOf(block[2]!, i + 1);
            if (end === -1) throw new Error(`$GITHUB_OUTPUT: ${block[1]}'s block never ends with ${block[2]}`);
            outputs[block[1]!] = lines.slice(i + 1, end).join("\n");
            i = end;
        } else if (lines[i]!.includes("=")) {
            const at = lines[i]!.indexOf("=");
            outputs[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1);
        }
    }
    return outputs;
}

/** Runs `job` of `workflowFile` (path relative to the workspace); resolves with what each step did. */
export async function runWorkflow(workflowFile: string, job: string, run: WorkflowRun): Promise<StepRecord[]> {
    const workflow = parse(fs.readFileSync(path.join(run.workspace, workflowFile), "utf8")) as { jobs: Record<string, { env?: Record<string, unknown>; steps: Step[] }> };
    const definition = workflow.jobs[job];
    if (definition === undefined) throw new Error(`${workflowFile} has no job ${job}`);
    const files = fs.mkdtempSync(path.join(os.tmpdir(), "uw-workflow-"));
    const summary = run.summaryFile ?? path.join(files, "summary.md");
    const addedPath = path.join(files, "path");
    if (!fs.existsSync(summary)) fs.writeFileSync(summary, "");
    fs.writeFileSync(addedPath, "");
    const base = { secrets: run.secrets, vars: run.vars, inputs: run.inputs, github: { ...run.github, workspace: run.workspace } };
    const jobEnv = evaluated(definition.env, base);
    const records: StepRecord[] = [];

    const runSteps = async (steps: readonly Step[], inputs: Record<string, unknown>, where: string): Promise<void> => {
        // The `steps` context of this job or composite action: each step's outputs, by its id.
        const done: Record<string, { outputs: Record<string, string> }> = {};
        const finish = (step: Step, outputs: Record<string, string> | void) => {
            if (step.id !== undefined) done[step.id] = { outputs: outputs ?? {} };
        };
        for (const [n, step] of steps.entries()) {
            const label = step.name ?? step.uses ?? `${where} step ${n + 1}`;
            const context = { ...base, inputs, env: { ...jobEnv }, steps: done };
            if (!condition(step.if, context)) {
                records.push({ step: label, how: "skipped (if)" });
                finish(step, {});
                continue;
            }
            if (step.run !== undefined) {
                const stepEnv = evaluated(step.env, context);
                const runStandIn = step.name === undefined ? undefined : run.runStandIns?.[step.name];
                if (runStandIn !== undefined) {
                    finish(step, await runStandIn(stepEnv));
                    records.push({ step: label, how: "stand-in" });
                    continue;
                }
                const extraPath = fs.readFileSync(addedPath, "utf8").split("\n").filter((l) => l !== "").reverse();
                const outputFile = path.join(files, `output-${records.length}`);
                fs.writeFileSync(outputFile, "");
                const env = {
                    ...run.env, ...jobEnv, ...stepEnv,
                    GITHUB_WORKSPACE: run.workspace, GITHUB_STEP_SUMMARY: summary, GITHUB_PATH: addedPath, GITHUB_OUTPUT: outputFile, CI: "true",
                    PATH: [...extraPath, run.env.PATH ?? ""].join(":"),
                };
                const result = await bash(substitute(step.run, context), run.workspace, env);
                if (result.code !== 0) throw new WorkflowStepError(label, result.output);
                finish(step, readOutputs(fs.readFileSync(outputFile, "utf8")));
                records.push({ step: label, how: "ran" });
                continue;
            }
            const uses = (step.uses ?? "").replace(/@.*$/, "");
            const withInputs = evaluated(step.with, context);
            const standIn = run.standIns[uses];
            if (standIn !== undefined) {
                finish(step, await standIn(withInputs));
                records.push({ step: label, how: "stand-in" });
            } else if (uses.startsWith("./")) {
                const action = parse(fs.readFileSync(path.join(run.workspace, uses, "action.yml"), "utf8")) as {
                    inputs?: Record<string, { default?: string }>; runs: { using: string; steps: Step[] };
                };
                if (action.runs.using !== "composite") throw new Error(`${uses}: only composite actions run here`);
                const defaults = Object.fromEntries(Object.entries(action.inputs ?? {}).map(([k, v]) => [k, v.default ?? ""]));
                await runSteps(action.runs.steps, { ...defaults, ...withInputs }, uses);
            } else {
                throw new Error(`${label}: no stand-in for ${step.uses} on this machine; give the test one`);
            }
        }
    };

    try {
        await runSteps(definition.steps, run.inputs, job);
    } finally {
        fs.rmSync(files, { recursive: true, force: true });
    }
    return records;
}
