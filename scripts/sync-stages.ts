// Build stages shared by several Dockerfiles are written once, in dockerfiles/<name>.stage, and copied into
// each Dockerfile between marker lines (build contexts are one folder per image, so a Dockerfile cannot
// include a file from elsewhere). `npm run sync-stages` rewrites the copies; the static tests fail on a stale one.
//
//   npm run sync-stages

import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_DIR } from "../config/projectConfig.ts";

/** The shared stages, by name: each is dockerfiles/<name>.stage. */
export const SHARED_STAGES = ["cross-compilers", "compiler-launchers", "native-tools", "petsc-sbom-record", "python-wheels", "runtime-packages", "apt-lists"] as const;
/** The folders whose subfolders may hold copies: the real images, the fixture images, other fixtures, the benchmarks. */
export const DOCKERFILE_DIRS = ["dockerfiles", "tests/fixtures/dockerfiles", "tests/fixtures", "bench"];

export function beginMarker(name: string): string {
    return `# >>> ${name}: copied from dockerfiles/${name}.stage by npm run sync-stages; edit it there`;
}

export function endMarker(name: string): string {
    return `# <<< ${name}`;
}

export function stageText(name: string): string {
    return fs.readFileSync(path.join(PROJECT_DIR, "dockerfiles", `${name}.stage`), "utf8");
}

/** The Dockerfile with its copy of the stage (if it has one) replaced by `stage`. */
export function withStage(dockerfile: string, name: string, stage: string): string {
    const begin = beginMarker(name);
    const end = endMarker(name);
    const from = dockerfile.indexOf(`${begin}\n`);
    if (from === -1) return dockerfile;
    const to = dockerfile.indexOf(`${end}\n`, from);
    if (to === -1) throw new Error(`'${begin}' has no '${end}' after it`);
    return `${dockerfile.slice(0, from)}${begin}\n${stage.endsWith("\n") ? stage : `${stage}\n`}${dockerfile.slice(to)}`;
}

export function dockerfiles(): string[] {
    return DOCKERFILE_DIRS.flatMap((dir) => fs.readdirSync(path.join(PROJECT_DIR, dir), { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(PROJECT_DIR, dir, entry.name, "Dockerfile")))
        .map((entry) => path.join(dir, entry.name, "Dockerfile")));
}

/** The Dockerfile with every shared stage it holds as the stage files have it now. */
export function synced(dockerfile: string): string {
    return SHARED_STAGES.reduce((text, name) => withStage(text, name, stageText(name)), dockerfile);
}

if (import.meta.url === `file://${process.argv[1]}`) {
    for (const file of dockerfiles()) {
        const text = fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
        if (synced(text) === text) continue;
        fs.writeFileSync(path.join(PROJECT_DIR, file), synced(text));
        console.log(`updated ${file}`);
    }
}
