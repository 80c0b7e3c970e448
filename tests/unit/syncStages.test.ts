import test from "ava";
import { beginMarker, endMarker, withStage } from "../../scripts/sync-stages.ts";

const begin = beginMarker("cross-compilers");
const end = endMarker("cross-compilers");

test("a Dockerfile's copy of a shared stage is replaced by the stage's text, and nothing else changes", (t) => {
    const dockerfile = `ARG X\n\n${begin}\nFROM old AS cross-compilers\n${end}\n\nFROM \${X}\n`;
    t.is(withStage(dockerfile, "cross-compilers", "FROM new AS cross-compilers\nRUN true\n"),
        `ARG X\n\n${begin}\nFROM new AS cross-compilers\nRUN true\n${end}\n\nFROM \${X}\n`);
});

test("a Dockerfile without the markers is left as it is", (t) => {
    t.is(withStage("FROM x\n", "cross-compilers", "FROM new\n"), "FROM x\n");
});

test("a begin marker without its end marker is an error naming both", (t) => {
    t.throws(() => withStage(`${begin}\nFROM old\n`, "cross-compilers", "FROM new\n"), { message: new RegExp(`has no '${end}'`) });
});
