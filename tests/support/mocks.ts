// Pulumi mocks for the program's unit tests: docker.Image reports a digest derived from its name, the
// manifest-list command and a published list one derived from the program's command line or arguments, so
// tests can trace every digest, the image-tests command reports every image it was given as passed, and a
// StackReference reads the outputs a test gives for that stack.

import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { TESTED_LINE } from "../../image-tests/imageTestRecord.ts";
import type { ImageGraph } from "../../config/imageGraph.ts";

export interface Recorded {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    /** The explicit provider's reference (`<urn>::<id>`), when the resource was given one. */
    readonly provider?: string;
}

/** The type token of a PublishedList (a dynamic resource of the project's own). */
export const PUBLISHED_LIST = "pulumi-nodejs:dynamic/images:PublishedList";

export const fakeDigest = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/**
 * What a command prints: the image-tests program the images it was given as passed, as it does when every
 * suite passes; the supply-chain program a record of signing what it was given; the manifest-list program
 * a digest derived from its command line.
 */
function commandStdout(create: string): string {
    if (create.includes("image-tests/run.ts")) {
        return [...create.matchAll(/--ref '([^']+)'/g)].map((m) => `${TESTED_LINE} ${m[1]}`).join("\n");
    }
    if (create.includes("supply-chain/cli.ts sign")) {
        const list = /--list '([^']+)'/.exec(create)![1]!;
        const platforms = Object.fromEntries([...create.matchAll(/--image '([^=]+)=([^']+)'/g)].map((m) => [m[1]!, {
            signature: fakeDigest(`signature of ${m[2]}`), sbom: { digest: fakeDigest(`sbom of ${m[2]}`), attestation: fakeDigest(`attestation of ${m[2]}`) },
        }]));
        return `supply-chain: progress\n${JSON.stringify({ list: { digest: list.split("@")[1], signature: fakeDigest(`signature of ${list}`) }, platforms })}`;
    }
    return `manifest-list: progress\n${fakeDigest(create)}`;
}

export class RecordingMocks implements pulumi.runtime.Mocks {
    readonly resources: Recorded[] = [];
    /** Other stacks' outputs, by stack name, as a StackReference reads them. */
    readonly stacks: Record<string, Record<string, unknown>> = {};

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        this.resources.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
        switch (args.type) {
            case "docker:index/image:Image": {
                const repo = String(args.inputs.imageName).replace(/:[^:/]+$/, "");
                return { id: args.name, state: { ...args.inputs, repoDigest: `${repo}@${fakeDigest(args.name)}` } };
            }
            case "command:local:Command":
                return { id: args.name, state: { ...args.inputs, stdout: commandStdout(String(args.inputs.create)), stderr: "" } };
            case PUBLISHED_LIST: {
                const digest = fakeDigest((args.inputs.programArgs as string[]).join(" "));
                const tagDigests = Object.fromEntries((args.inputs.tags as string[]).map((tag) => [tag, digest]));
                return { id: args.name, state: { ...args.inputs, digest, tagDigests } };
            }
            case "pulumi:pulumi:StackReference":
                return { id: args.name, state: { ...args.inputs, outputs: this.stacks[String(args.inputs.name)] ?? {}, secretOutputNames: [] } };
            default:
                return { id: args.name, state: args.inputs };
        }
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        throw new Error(`unexpected call ${args.token}`);
    }

    ofType(type: string): Recorded[] {
        return this.resources.filter((r) => r.type === type);
    }
}

/** An Output's value, for assertions. */
export function valueOf<T>(output: pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}

/**
 * Sets mocks and config, records each resource's dependsOn (mocks do not see it) and loads the program:
 * index.ts, or the same program on another image graph (`graph`). Returns the program's exports.
 */
export async function loadProgram(config: Record<string, string>, mocks: RecordingMocks, dependsOn: Map<string, string[]>, graph?: ImageGraph) {
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`underworld-images:${k}`, v])));
    await pulumi.runtime.setMocks(mocks, "underworld-images", "unit", false);
    return pulumi.runtime.runInPulumiStack(async () => {
        pulumi.runtime.registerStackTransformation((args) => {
            const deps = (args.opts.dependsOn ?? []) as pulumi.Resource[];
            dependsOn.set(args.name, deps.map((d) => (d as unknown as { __name?: string }).__name ?? "?"));
            return undefined;
        });
        if (graph === undefined) return { ...(await import("../../index.ts")) };
        const { imageStack } = await import("../../components/imageStack.ts");
        return { ...(await imageStack(graph)) };
    }) as Promise<Record<string, pulumi.Output<any>>>;
}
