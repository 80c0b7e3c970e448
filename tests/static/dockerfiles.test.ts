// Static checks of the Dockerfiles with a real parser (dockerfile-ast): the real images and the fixtures.

import * as fs from "node:fs";
import * as path from "node:path";
import test from "ava";
import { DockerfileParser } from "dockerfile-ast";
import { AUTOMATIC_ARGS, declaredArgs } from "../../plan/dockerfileArgs.ts";
import { buildPlan, IMAGE_NAMES } from "../../plan/plan.ts";
import { readSettings } from "../../config/settings.ts";
import { IMAGE_GRAPH } from "../../config/images.ts";
import { configWith, PROJECT_DIR } from "../support/projectConfig.ts";

const DIRS = ["dockerfiles", "tests/fixtures/dockerfiles"].filter((d) => fs.existsSync(path.join(PROJECT_DIR, d)));

for (const dir of DIRS) {
    const plan = buildPlan(readSettings(configWith({ dockerfilesDir: dir, underworldSource: "/checkout" })));
    for (const name of IMAGE_NAMES) {
        const file = path.join(PROJECT_DIR, dir, name, "Dockerfile");
        const text = () => fs.readFileSync(file, "utf8");
        const parsed = () => DockerfileParser.parse(text());

        test(`${dir}/${name}: every build arg the plan passes is declared`, (t) => {
            const declared = declaredArgs(text());
            const passed = [...Object.keys(plan[name].args), ...Object.keys(plan[name].parentArgs)];
            t.deepEqual(passed.filter((a) => !declared.has(a)), []);
        });

        test(`${dir}/${name}: every declared arg is passed by the plan (versions included), none forgotten`, (t) => {
            const passed = new Set([...Object.keys(plan[name].args), ...Object.keys(plan[name].parentArgs), ...AUTOMATIC_ARGS]);
            t.deepEqual([...declaredArgs(text())].filter((a) => !passed.has(a)), []);
        });

        // Users run every image but the builds' tools (the toolchain, whose stages write anywhere as root).
        if (IMAGE_GRAPH.forUsers.includes(name)) test(`${dir}/${name}: the final stage runs as uid 1000`, (t) => {
            const users = parsed().getInstructions().filter((i) => i.getKeyword() === "USER");
            const last = users[users.length - 1];
            t.truthy(last, "a USER instruction");
            t.is(last!.getArgumentsContent()?.split(":")[0], "1000");
            const froms = parsed().getFROMs();
            t.true(last!.getRange().start.line > froms[froms.length - 1]!.getRange().start.line, "USER 1000 is in the final stage");
        });

        test(`${dir}/${name}: no FROM is a moving tag: parents and the OS come from args, never :latest`, (t) => {
            const stages = new Set<string>();
            for (const from of parsed().getFROMs()) {
                const image = from.getImageName() ?? "";
                const ok = stages.has(image) || /^\$\{?[A-Z_]+\}?$/.test(image) || image === "scratch";
                t.true(ok, `FROM ${image} is neither an earlier stage nor an ARG`);
                const stage = from.getBuildStage();
                if (stage) stages.add(stage);
            }
            t.notRegex(text(), /:latest\b/);
        });

        test(`${dir}/${name}: its final stage labels every parent it is built from, for promotion to read`, (t) => {
            const labels = parsed().getInstructions().filter((i) => i.getKeyword() === "LABEL").map((i) => i.getArgumentsContent() ?? "").join(" ");
            const recorded = labels.match(/org\.underworldcode\.images\.parents="([^"]*)"/)?.[1] ?? "";
            t.deepEqual(recorded.split(" ").filter((w) => w !== "").sort(),
                Object.keys(plan[name].parentArgs).map((arg) => `${arg}=\${${arg}}`).sort());
        });

        test(`${dir}/${name}: a .dockerignore keeps the context small`, (t) => {
            const ignore = path.join(PROJECT_DIR, dir, name, ".dockerignore");
            t.true(fs.existsSync(ignore));
            t.regex(fs.readFileSync(ignore, "utf8"), /^\*$/m, "ignores everything by default");
        });
    }
}

/** The images built with the toolchain (dockerfiles/toolchain): every real image but the toolchain itself. */
const TOOLCHAIN_USERS = ["lavavu", "petsc", "base", "underworld2"];
const dockerfileText = (name: string) => fs.readFileSync(path.join(PROJECT_DIR, "dockerfiles", name, "Dockerfile"), "utf8");

test("every real image takes the build machine's toolchain by digest and its compilers over its build stage's", (t) => {
    for (const name of TOOLCHAIN_USERS) {
        const text = dockerfileText(name);
        t.regex(text, /^FROM --platform=\$BUILDPLATFORM \$\{TOOLCHAIN_IMAGE\} AS toolchain$/m, `${name} takes the build platform's toolchain`);
        t.regex(text, /^COPY --from=toolchain \/toolchain\/cross\/\$\{TARGETARCH\}\/ \/$/m, `${name} copies the compilers for its platform`);
    }
});

test("petsc's build stage takes the shell and MPI wrappers natively after the compilers, and checks them against the target's", (t) => {
    t.regex(dockerfileText("petsc"), new RegExp([
        "^COPY --from=toolchain /toolchain/cross/\\$\\{TARGETARCH\\}/ /",
        "COPY --from=toolchain /toolchain/launchers/\\$\\{TARGETARCH\\}-\\$\\{MPI_FLAVOUR\\}/ /",
        "RUN --mount=type=bind,from=toolchain,source=/toolchain,target=/toolchain /toolchain/bin/check-launchers$",
    ].join("\n"), "m"));
});

test("every apt install of the images goes through the toolchain's apt-install, mounted, and none copies the toolchain's tools into a layer", (t) => {
    for (const name of TOOLCHAIN_USERS) {
        const text = dockerfileText(name);
        const lines = text.split("\n");
        t.notRegex(text, /apt-get (install|update)/, `${name} runs no apt-get of its own`);
        t.notRegex(text, /^COPY --from=toolchain \/toolchain\/(bin|native|apt-lists)/m, `${name} copies no tool into a layer`);
        let installs = 0;
        for (const instruction of DockerfileParser.parse(text).getInstructions()) {
            const { start, end } = instruction.getRange();
            const content = lines.slice(start.line, end.line + 1).join("\n");
            if (instruction.getKeyword() !== "RUN" || !content.includes("/toolchain/bin/apt-install")) continue;
            installs++;
            t.true(content.startsWith("RUN --mount=type=bind,from=toolchain,source=/toolchain,target=/toolchain,rw "), `${name}:${start.line + 1} mounts the toolchain`);
        }
        t.true(installs >= 2, `${name} has apt steps to check`);
    }
});

test("no shared stage is pasted into a Dockerfile, and nothing syncs copies", (t) => {
    t.false(fs.existsSync(path.join(PROJECT_DIR, "scripts", "sync-stages.ts")));
    t.deepEqual(fs.readdirSync(path.join(PROJECT_DIR, "dockerfiles")).filter((f) => f.endsWith(".stage")), []);
    for (const name of TOOLCHAIN_USERS) t.notRegex(dockerfileText(name), /^# >>> /m, `${name} holds no pasted copy`);
});

test("the four images' Dockerfiles together stay within 700 lines, as upstream's owners could read them", (t) => {
    const lines = TOOLCHAIN_USERS.reduce((sum, name) => sum + dockerfileText(name).split("\n").length - 1, 0);
    t.true(lines <= 700, `${lines} lines`);
});

test("underworld2's image keeps upstream's usage-metrics default; only its build stage opts out", (t) => {
    const parsed = DockerfileParser.parse(fs.readFileSync(path.join(PROJECT_DIR, "dockerfiles", "underworld2", "Dockerfile"), "utf8"));
    const froms = parsed.getFROMs();
    const finalStage = froms[froms.length - 1]!.getRange().start.line;
    const envs = parsed.getInstructions().filter((i) => i.getKeyword() === "ENV" && /UW_NO_USAGE_METRICS/.test(i.getArgumentsContent() ?? ""));
    t.is(envs.length, 1, "set once, for the build");
    t.true(envs.every((i) => i.getRange().start.line < finalStage), "not in the final stage");
});
