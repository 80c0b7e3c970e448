// The provider behind PublishedList, a Pulumi dynamic provider. Publishing runs the manifest-list program
// (create/update); reading asks the registry, through the same program, where each tag points now, so that
// `pulumi preview` (diff) and `pulumi refresh` (read) see a tag moved by hand and the next `up` puts it back.
//
// Pulumi serializes these functions, with what they capture, into the state and runs them in its provider
// host, another Node process. So they capture only plain data and pure functions: node:child_process is
// imported where it runs (a captured module would drag its native code along, which cannot be serialized).

import type * as pulumi from "@pulumi/pulumi";
import { withLogin } from "../manifest-list/login.ts";
import { MANIFEST_LIST_NODE_ARGS } from "./manifestListCommand.ts";

/** A published list's inputs, and what the provider records. */
export interface PublishedListInputs {
    /** The manifest-list program's arguments: `create …` or `promote …`. */
    readonly programArgs: readonly string[];
    /** Every tag the list is published under, `registry/repository:tag`. */
    readonly tags: readonly string[];
    /** The stack's login (registryUsername, the secret registryPassword); without it Docker's login is used. */
    readonly registryUsername?: string;
    readonly registryPassword?: string;
}

export interface PublishedListOutputs extends PublishedListInputs {
    /** The list's digest. */
    readonly digest: string;
    /** Where each tag pointed when last published or refreshed (null: no such tag). */
    readonly tagDigests: Readonly<Record<string, string | null>>;
}

/** Runs the manifest-list program with the stack's login in its environment; resolves to its stdout's last line. */
async function runProgram(args: readonly string[], props: PublishedListInputs): Promise<string> {
    const { spawn } = await import("node:child_process");
    const login = props.registryUsername && props.registryPassword ? { username: props.registryUsername, password: props.registryPassword } : undefined;
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [...MANIFEST_LIST_NODE_ARGS, ...args], { env: withLogin(process.env, login), stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => { stdout += chunk; });
        child.stderr.on("data", (chunk) => { stderr += chunk; });
        child.once("error", reject);
        child.once("close", (code) => {
            if (code === 0) resolve(stdout.trim().split("\n").pop() ?? "");
            else reject(new Error(stderr.trim() || `the manifest-list program exited with ${code}`));
        });
    });
}

/** Publishes the list and records where its tags point: at it. */
async function publish(inputs: PublishedListInputs): Promise<PublishedListOutputs> {
    const digest = await runProgram(inputs.programArgs, inputs);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`the manifest-list program printed ${JSON.stringify(digest)}, not a list digest`);
    return { ...inputs, digest, tagDigests: Object.fromEntries(inputs.tags.map((tag) => [tag, digest])) };
}

/** Where each tag points now; undefined (after saying why) when the registry cannot be read. */
async function tagDigestsNow(props: PublishedListInputs): Promise<Record<string, string | null> | undefined> {
    try {
        return JSON.parse(await runProgram(["tags", ...props.tags.flatMap((tag) => ["--target", tag])], props)) as Record<string, string | null>;
    } catch (error) {
        console.error(`warning: cannot check where ${props.tags.join(", ")} point: ${(error as Error).message}`);
        return undefined;
    }
}

/** The tags that no longer point at `digest`, each with where it points instead. */
export function movedTags(digest: string, now: Readonly<Record<string, string | null>>): string[] {
    return Object.entries(now).filter(([, at]) => at !== digest).map(([tag, at]) => `${tag} (now ${at ?? "absent"})`);
}

/** Says which tags moved away from `digest` on stderr, which Pulumi shows; returns how many did. */
function reportMoved(digest: string, now: Readonly<Record<string, string | null>> | undefined): number {
    const moved = now === undefined ? [] : movedTags(digest, now);
    for (const tag of moved) console.error(`${tag}: moved away from the list this stack published, ${digest}; \`pulumi up\` puts it back`);
    return moved.length;
}

/** The inputs that decide what is published; a change of any of them publishes again. */
function publishedInputs(props: PublishedListInputs): string {
    return JSON.stringify([props.programArgs, props.tags, props.registryUsername ?? "", props.registryPassword ?? ""]);
}

export const publishedListProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: PublishedListInputs) {
        return { id: inputs.tags[0]!, outs: await publish(inputs) };
    },

    async update(_id: string, _olds: PublishedListOutputs, news: PublishedListInputs) {
        return { outs: await publish(news) };
    },

    /** Changed inputs, or a tag that no longer points at the recorded list (asked of the registry on every preview and up). */
    async diff(_id: string, olds: PublishedListOutputs, news: PublishedListInputs) {
        if (publishedInputs(olds) !== publishedInputs(news)) return { changes: true };
        return { changes: reportMoved(olds.digest, await tagDigestsNow(news)) > 0 };
    },

    /** `pulumi refresh`: records where each tag points now, so a tag moved by hand shows as a change. */
    async read(id: string, props: PublishedListOutputs) {
        const now = await tagDigestsNow(props);
        reportMoved(props.digest, now);
        return { id, props: now === undefined ? props : { ...props, tagDigests: now } };
    },

    /** Never removes anything from the registry: deleting a stack's resource leaves every tag and digest in place. */
    async delete() {
        return;
    },
};
