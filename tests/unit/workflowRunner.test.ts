import test from "ava";
import { evaluate, substitute } from "../support/workflowRunner.ts";

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
