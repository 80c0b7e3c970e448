// An image's tests as a command resource runs them (multiArchImage.ts) and scripts do: the image-tests
// program's command line, and the resource's inputs, which are exactly what the suites read
// (image-tests/suiteInputs.ts): a change of a suite's script, its helpers or the image's locked wheels reruns
// the tests of each image that suite runs on, and an expectation reaches only the images whose suites read it.

import { shellQuote } from "./shellQuote.ts";
import { suiteInputs, type SuiteInputs } from "../image-tests/suiteInputs.ts";

export const IMAGE_TESTS_PROGRAM = "node --import tsx image-tests/run.ts";

/**
 * The image-tests command line: the `suites` (the image's own and its parents', as the plan lists them) on
 * each platform's image, each platform on the engine that built it (`builders`: platform -> Docker host;
 * others on the default engine), given the `expectations` (only those the suites read: `imageTestsInputs`).
 * It prints what passed (read with `testedDigests`, image-tests/imageTestRecord.ts).
 */
export function imageTestsCommand(
    dockerfilesDir: string, image: string, suites: readonly string[], refs: Readonly<Record<string, string>>,
    expectations: Readonly<Record<string, string>>, builders: Readonly<Record<string, string>> = {},
): string {
    return [
        IMAGE_TESTS_PROGRAM, `--dockerfiles ${shellQuote(dockerfilesDir)}`, `--image ${shellQuote(image)}`,
        ...suites.map((suite) => `--suite ${shellQuote(suite)}`),
        ...Object.entries(refs).map(([platform, ref]) => `--ref ${shellQuote(`${platform}=${ref}`)}`),
        ...Object.entries(expectations).map(([key, value]) => `--expect ${shellQuote(`${key}=${value}`)}`),
        ...Object.entries(builders).map(([platform, host]) => `--builder ${shellQuote(`${platform}=${host}`)}`),
        "--print-tested",
    ].join(" ");
}

/**
 * What an image's tests command takes: the expectations its suites read (on its command line), and the
 * content of the files they read (its `triggers`: a change reruns the tests, and the list is remade of the
 * same images, so nothing is rebuilt).
 */
export function imageTestsInputs(
    dockerfilesDir: string, image: string, suites: readonly string[], expectations: Readonly<Record<string, string>>, platforms: readonly string[],
): { expectations: SuiteInputs["expectations"]; triggers: [SuiteInputs["files"], SuiteInputs["lockedWheels"]] } {
    const read = suiteInputs(dockerfilesDir, image, suites, expectations, platforms);
    return { expectations: read.expectations, triggers: [read.files, read.lockedWheels] };
}
