// Static checks of the Dockerfiles with a real parser (dockerfile-ast): the real images and the fixtures.

import * as fs from "node:fs";
import * as path from "node:path";
import test from "ava";
import { DockerfileParser } from "dockerfile-ast";
import { AUTOMATIC_ARGS, declaredArgs } from "../../plan/dockerfileArgs.ts";
import { buildPlan, IMAGE_NAMES } from "../../plan/plan.ts";
import { readSettings } from "../../config/settings.ts";
import { beginMarker, dockerfiles, synced } from "../../scripts/sync-stages.ts";
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

        test(`${dir}/${name}: the final stage runs as uid 1000`, (t) => {
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

        test(`${dir}/${name}: a .dockerignore keeps the context small`, (t) => {
            const ignore = path.join(PROJECT_DIR, dir, name, ".dockerignore");
            t.true(fs.existsSync(ignore));
            t.regex(fs.readFileSync(ignore, "utf8"), /^\*$/m, "ignores everything by default");
        });
    }
}

test("every real image's Dockerfile holds the cross-compilers stage and copies it into its build stage", (t) => {
    for (const name of IMAGE_NAMES) {
        const text = fs.readFileSync(path.join(PROJECT_DIR, "dockerfiles", name, "Dockerfile"), "utf8");
        t.true(text.includes(`${beginMarker("cross-compilers")}\n`), `${name} holds the stage`);
        t.regex(text, /^COPY --from=cross-compilers \/cross\/ \/$/m, `${name} copies the compilers over its build stage's`);
    }
});

test("petsc's build stage takes the shell and MPI wrappers natively after the compilers, and checks them against the target's", (t) => {
    const text = fs.readFileSync(path.join(PROJECT_DIR, "dockerfiles", "petsc", "Dockerfile"), "utf8");
    t.true(text.includes(`${beginMarker("compiler-launchers")}\n`), "petsc holds the stage");
    t.regex(text, /^COPY --from=cross-compilers \/cross\/ \/\nCOPY --from=compiler-launchers \/launchers\/ \/\n/m);
    const check = text.slice(text.indexOf("COPY --from=compiler-launchers"));
    t.regex(check, /dpkg-query -W -f '\$\{Version\}' openmpi-bin/, "the wrapper's Open MPI version is checked");
    t.regex(check, /diff <\("\$name\.openmpi" "\$query"\) <\(exec -a "\$name" \/usr\/bin\/opal_wrapper "\$query"\)/, "each name's flags are compared with the target's wrapper");
});

/** The images whose apt steps run the native tools. */
const NATIVE_TOOLS_IMAGES = ["lavavu", "petsc", "base", "underworld2"];

test("every apt install in a target-platform stage runs the native tools, bind-mounted; none is copied into a layer", (t) => {
    for (const name of NATIVE_TOOLS_IMAGES) {
        const text = fs.readFileSync(path.join(PROJECT_DIR, "dockerfiles", name, "Dockerfile"), "utf8");
        t.true(text.includes(`${beginMarker("native-tools")}\n`), `${name} holds the stage`);
        t.notRegex(text, /^COPY --from=native-/m, `${name} copies no native tool into a layer`);
        let buildPlatformStage = false;
        let installs = 0;
        for (const instruction of DockerfileParser.parse(text).getInstructions()) {
            const keyword = instruction.getKeyword();
            const content = instruction.getArgumentsContent() ?? "";
            const firstLine = text.split("\n")[instruction.getRange().start.line] ?? "";
            if (keyword === "FROM") buildPlatformStage = firstLine.includes("--platform=$BUILDPLATFORM");
            if (keyword !== "RUN" || buildPlatformStage || !/apt-get install/.test(content)) continue;
            installs++;
            const line = instruction.getRange().start.line + 1;
            t.true(firstLine.startsWith("RUN --mount=type=bind,from=native-tools,source=/native,target=/native "), `${name}:${line} mounts the tools`);
            t.true(content.includes('export PATH="/native/bin:$PATH" APT_CONFIG=/native/apt.conf;'), `${name}:${line} puts them on apt's and dpkg's PATH`);
        }
        t.true(installs >= 2, `${name} has apt steps to check`);
    }
});

test("every apt step on the natively fetched lists updates them itself when its install fails (lists older than the mirror)", (t) => {
    let steps = 0;
    for (const name of IMAGE_NAMES) {
        const text = fs.readFileSync(path.join(PROJECT_DIR, "dockerfiles", name, "Dockerfile"), "utf8");
        const lines = text.split("\n");
        for (const instruction of DockerfileParser.parse(text).getInstructions()) {
            const { start, end } = instruction.getRange();
            // The whole instruction: its arguments' content leaves out the --mount flags.
            const content = lines.slice(start.line, end.line + 1).join("\n");
            if (instruction.getKeyword() !== "RUN" || !content.includes("from=apt-lists,")) continue;
            steps++;
            const line = start.line + 1;
            t.regex(content, /\|\|\s*\{\s*apt-get update;\s*DEBIAN_FRONTEND=noninteractive apt-get install [^}]*\}/, `${name}:${line} falls back to apt-get update`);
            t.is(content.match(/apt-get update/g)?.length, 1, `${name}:${line} updates only in its fallback`);
        }
    }
    t.true(steps >= 2, "apt steps on the natively fetched lists to check");
});

for (const file of dockerfiles()) {
    test(`${file}: its copies of shared stages are the stage files' current text (npm run sync-stages)`, (t) => {
        const text = fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
        t.is(synced(text), text);
    });
}

test("underworld2's image keeps upstream's usage-metrics default; only its build stage opts out", (t) => {
    const parsed = DockerfileParser.parse(fs.readFileSync(path.join(PROJECT_DIR, "dockerfiles", "underworld2", "Dockerfile"), "utf8"));
    const froms = parsed.getFROMs();
    const finalStage = froms[froms.length - 1]!.getRange().start.line;
    const envs = parsed.getInstructions().filter((i) => i.getKeyword() === "ENV" && /UW_NO_USAGE_METRICS/.test(i.getArgumentsContent() ?? ""));
    t.is(envs.length, 1, "set once, for the build");
    t.true(envs.every((i) => i.getRange().start.line < finalStage), "not in the final stage");
});
