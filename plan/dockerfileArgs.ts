// What a Dockerfile declares, read with a real Dockerfile parser, and the preflight's check (given the
// Dockerfile's text) that the plan passes only build args the Dockerfile declares (a typo in either would
// otherwise be silently ignored).

import { DockerfileParser } from "dockerfile-ast";
import type { PlanEntry } from "./plan.ts";

/** Args BuildKit sets by itself; a Dockerfile may declare them without the plan passing them. */
export const AUTOMATIC_ARGS = ["TARGETARCH", "TARGETOS", "TARGETPLATFORM", "TARGETVARIANT", "BUILDARCH", "BUILDOS", "BUILDPLATFORM", "BUILDVARIANT"];

/** Every ARG name the Dockerfile declares, in any stage or before the first FROM. */
export function declaredArgs(dockerfileText: string): Set<string> {
    const dockerfile = DockerfileParser.parse(dockerfileText);
    const names = dockerfile.getInstructions()
        .filter((i) => i.getKeyword() === "ARG")
        .map((i) => i.getArgumentsContent()?.split("=")[0]?.trim() ?? "")
        .filter((name) => name !== "");
    return new Set(names);
}

/**
 * Problems with an entry's Dockerfile, given its text (undefined: there is no such file): missing, or not
 * declaring an arg the plan passes. Empty when fine.
 */
export function dockerfileProblems(entry: PlanEntry<string>, dockerfileText: string | undefined): string[] {
    if (dockerfileText === undefined) {
        return [`${entry.name}: Dockerfile ${entry.dockerfile} does not exist (dockerfilesDir must hold one folder per image with a Dockerfile)`];
    }
    const declared = declaredArgs(dockerfileText);
    const passed = [...Object.keys(entry.args), ...Object.keys(entry.parentArgs)];
    return passed
        .filter((name) => !declared.has(name))
        .map((name) => `${entry.name}: the plan passes build arg ${name}, but ${entry.dockerfile} declares no ARG ${name}`);
}
