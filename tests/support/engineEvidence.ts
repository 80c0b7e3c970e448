// What an engine holds and what it ran: the evidence that each platform's images were built, pushed and
// tested on the engine `builders` routes the platform to, and on no other.

import { spawn } from "node:child_process";
import type { ExecutionContext } from "ava";
import { IMAGE_NAMES } from "../../plan/plan.ts";
import { listEntries, registry, registryManifest, run } from "./infra.ts";

/** `-H <host>`, or nothing for the default engine (the environment's). */
const hostArgs = (host: string | undefined) => (host === undefined ? [] : ["-H", host]);

/** The id (config digest) of the image an engine holds under `reference` (a name or an id), or undefined. */
export async function imageId(host: string | undefined, reference: string): Promise<string | undefined> {
    const result = await run("docker", [...hostArgs(host), "image", "inspect", "--format", "{{.Id}}", reference]);
    if (result.code === 0) return result.stdout.trim();
    // Only "no such image" means the engine lacks it; any other failure (an engine that does not answer) is not evidence.
    if (/no such (image|object)/i.test(result.stderr)) return undefined;
    throw new Error(`docker ${hostArgs(host).join(" ")} image inspect ${reference} exited with ${result.code}:\n${result.stderr}`);
}

/** Records the image of every container an engine starts, from now until `stop()`. */
export function watchContainerStarts(host: string | undefined): { stop(): Promise<string[]> } {
    // --since replays what happened between now and the subscription, so no start is missed.
    const since = (Date.now() / 1000).toFixed(3);
    const child = spawn("docker", [
        ...hostArgs(host), "events", "--since", since, "--filter", "type=container", "--filter", "event=start", "--format", "{{.Actor.Attributes.image}}",
    ], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (chunk) => { out += chunk; });
    return {
        async stop() {
            // docker events delivers a start a moment after it happened; 3 s lets the last ones arrive on a loaded machine.
            await new Promise((resolve) => setTimeout(resolve, 3000));
            const exited = new Promise((resolve) => child.once("exit", resolve));
            child.kill();
            await exited;
            return out.split("\n").filter((line) => line !== "");
        },
    };
}

export interface Routing {
    readonly namespace: string;
    /** The list tag; each platform's image is `<tag>-<arch>`. */
    readonly tag: string;
    /** The platform `builders` routes to the builder; the other one stays on the default engine. */
    readonly routed: "linux/arm64" | "linux/amd64";
    /** The builder's engine, reached directly (not through ssh) to read its store. */
    readonly builderHost: string;
    /** Images of the containers each engine started while the images were built and tested. */
    readonly started: { readonly builder: readonly string[]; readonly default: readonly string[] };
}

/**
 * Every image's list joins the routed platform's image, which the builder holds and the default engine
 * never did, and the other platform's, the other way round; each image was tested where it was built.
 */
export async function assertRouted(t: ExecutionContext, routing: Routing): Promise<void> {
    const builder = { host: routing.builderHost, label: "the builder", started: routing.started.builder };
    const defaultEngine = { host: undefined, label: "the default engine", started: routing.started.default };
    for (const name of IMAGE_NAMES) {
        const repository = `${routing.namespace}/${name}`;
        const entries = listEntries((await registryManifest(repository, routing.tag)).json);
        t.deepEqual(Object.keys(entries).sort(), ["linux/amd64", "linux/arm64"], `${name}:${routing.tag} joins both platforms`);
        for (const [platform, digest] of Object.entries(entries)) {
            const [here, there] = platform === routing.routed ? [builder, defaultEngine] : [defaultEngine, builder];
            const config = ((await registryManifest(repository, digest)).json as unknown as { config: { digest: string } }).config.digest;
            const tagged = `${registry()}/${repository}:${routing.tag}-${platform.split("/")[1]}`;
            const ref = `${registry()}/${repository}@${digest}`;
            t.is(await imageId(here.host, tagged), config, `${name} ${platform}: ${here.label} holds ${tagged}, the image the list joins`);
            t.is(await imageId(there.host, tagged), undefined, `${name} ${platform}: ${there.label} has no ${tagged}`);
            t.is(await imageId(there.host, config), undefined, `${name} ${platform}: ${there.label} never held that image`);
            // Each suite of the image and its parents ran there, as the image's user and as another uid.
            t.true(here.started.filter((image) => image === ref).length >= 2, `${name} ${platform}: tested on ${here.label}`);
            t.false(there.started.includes(ref), `${name} ${platform}: not tested on ${there.label}`);
        }
    }
}
