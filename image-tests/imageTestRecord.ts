// The record the image-tests program leaves of what passed: `tested <platform>=<ref>` lines on its stdout,
// printed only when every suite passed on every image. A list is made of the images it names, and the stack's
// outputs keep it (`images.<image>.testedDigests`), which is what promotion trusts.

import { requireRepoDigest } from "../manifest-list/references.ts";

/** The word starting each stdout line of the image-tests program that names an image whose suites all passed. */
export const TESTED_LINE = "tested";

/**
 * Platform -> digest of each image the image-tests program reported as passed (`tested <platform>=<ref>`).
 * Throws unless it reported exactly the images it was given: a list is made only of images that passed.
 */
export function testedDigests(stdout: string, refs: Readonly<Record<string, string>>, what: string): Record<string, string> {
    const reported = Object.fromEntries(stdout.split("\n").flatMap((line) => {
        const match = new RegExp(`^${TESTED_LINE} ([^=\\s]+)=(\\S+)$`).exec(line.trim());
        return match === null ? [] : [[match[1]!, match[2]!]];
    }));
    const expected = JSON.stringify(Object.entries(refs).sort());
    if (JSON.stringify(Object.entries(reported).sort()) !== expected) {
        throw new Error(`${what}: the image tests reported ${JSON.stringify(reported)} as passed, not every image given, ${JSON.stringify(refs)}`);
    }
    return Object.fromEntries(Object.entries(reported).map(([platform, ref]) => [platform, requireRepoDigest(ref, `${what} ${platform}`)]));
}
