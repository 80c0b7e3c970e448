import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { evaluate, readOutputs, runWorkflow, substitute } from "../support/workflowRunner.ts";

const context = { inputs: { version: "2.17.3", promote_dev: false, empty: "" }, github: { ref_name: "v2.17.3", event: {} }, secrets: {} };

test("an expression is the first of its || operands that is set, not empty and not false", (t) => {
    t.is(evaluate("github.event.client_payload.ref || inputs.empty || 'development'", context), "development");
    t.is(evaluate("inputs.version || github.ref_name", context), "2.17.3");
    t.is(evaluate("inputs.promote_dev", context), "");
    t.is(evaluate("secrets.MISSING", context), "");
});

test("${{ }} is replaced inside a string; text around it stays", (t) => {
    t.is(substitute("tag ${{ inputs.version }} of ${{ github.ref_name }}", context), "tag 2.17.3 of v2.17.3");
});

test("an expression the runner does not understand is an error, not a silent empty string", (t) => {
    t.throws(() => evaluate("contains(github.ref, 'v')", context), { message: /does not understand/ });
    t.throws(() => evaluate("inputs.a == 'b'", context), { message: /does not understand/ });
});

test("$GITHUB_OUTPUT's lines and blocks are a step's outputs", (t) => {
    t.deepEqual(readOutputs("oras=1.3.6\nnotes<<EOF\nline 1\nline=2\nEOF\nempty=\n"), { oras: "1.3.6", notes: "line 1\nline=2", empty: "" });
    t.throws(() => readOutputs("notes<<EOF\nnever ends\n"), { message: /never ends with EOF/ });
});

test("steps' outputs reach later steps, in the job and in a composite action; a run step stood in for by name does not run", async (t) => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "uw-runner-"));
    t.teardown(() => fs.rmSync(workspace, { recursive: true, force: true }));
    fs.mkdirSync(path.join(workspace, ".github", "actions", "tools"), { recursive: true });
    fs.writeFileSync(path.join(workspace, ".github", "actions", "tools", "action.yml"), [
        "runs:", "  using: composite", "  steps:",
        "    - id: versions", "      shell: bash", "      run: echo \"tool=1.2.3\" >> \"$GITHUB_OUTPUT\"",
        "    - uses: example/install-tool@0123456789012345678901234567890123456789", "      with:", "        version: ${{ steps.versions.outputs.tool }}",
    ].join("\n"));
    fs.writeFileSync(path.join(workspace, "workflow.yml"), [
        "jobs:", "  j:", "    steps:",
        "      - uses: ./.github/actions/tools",
        "      - id: made", "        run: echo \"word=hello\" >> \"$GITHUB_OUTPUT\"",
        "      - name: Downloads from GitHub", "        run: exit 1",
        "      - id: from-stand-in", "        uses: example/other@v1",
        "      - env:", "          WORD: ${{ steps.made.outputs.word }}", "          GIVEN: ${{ steps.from-stand-in.outputs.given }}",
        "        run: echo \"$WORD $GIVEN\" >> \"$GITHUB_STEP_SUMMARY\"",
    ].join("\n"));
    const installed: string[] = [];
    const summaryFile = path.join(workspace, "summary.md");
    const records = await runWorkflow("workflow.yml", "j", {
        workspace, env: { PATH: process.env.PATH }, secrets: {}, vars: {}, inputs: {}, github: {}, summaryFile,
        standIns: { "example/install-tool": (w) => { installed.push(w.version!); }, "example/other": () => ({ given: "there" }) },
        runStandIns: { "Downloads from GitHub": () => undefined },
    });
    t.deepEqual(installed, ["1.2.3"], "the composite action's own steps context");
    t.is(fs.readFileSync(summaryFile, "utf8"), "hello there\n");
    t.deepEqual(records.map((r) => r.how), ["ran", "stand-in", "ran", "stand-in", "stand-in", "ran"]);
});
