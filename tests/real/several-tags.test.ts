// One list under several tags, when the registry refuses one of them part-way (a proxy in front of the shared
// registry): the error says which tags point at the new list and which still point where they did, and a rerun
// after the registry accepts the tag finishes the job.

import test from "ava";
import { listEntries, manifestList, pushTinyImages, registry, registryManifest, uniqueNamespace } from "../support/infra.ts";
import { TagRefusingProxy } from "../support/tagRefusingProxy.ts";

const repository = `${uniqueNamespace("tags")}/image`;
const TAGS = ["1.0", "latest", "stable"];
let proxy: TagRefusingProxy;
let digests: Record<string, string>;

test.before(async () => {
    digests = await pushTinyImages(`${registry()}/${repository}`);
    proxy = new TagRefusingProxy(5015, registry(), ["latest"]);
    await proxy.start();
});
test.after.always(async () => { await proxy?.stop(); });

const targets = (host: string) => TAGS.flatMap((tag) => ["--target", `${host}/${repository}:${tag}`]);
const sources = (host: string, platforms: readonly string[]) => platforms.flatMap((platform) => ["--source", `${platform}=${host}/${repository}@${digests[platform]}`]);
const positions = async () => Object.fromEntries(await Promise.all(TAGS.map(async (tag) => [tag, (await registryManifest(repository, tag)).bodyDigest])));

test.serial("a refused tag part-way: the message says which tags moved and which did not; a rerun completes", async (t) => {
    const older = await manifestList(["create", ...targets(registry()), ...sources(registry(), ["linux/amd64"])]);
    t.is(older.code, 0, older.stderr);
    const olderDigest = older.stdout.trim();

    const refused = await manifestList(["create", ...targets(proxy.host), ...sources(proxy.host, ["linux/amd64", "linux/arm64"])]);
    t.not(refused.code, 0);
    const name = `${proxy.host}/${repository}`.replaceAll(".", "\\.");
    const list = new RegExp(`publishing ${name}@(sha256:[0-9a-f]{64}) stopped at the tag latest: 127\\.0\\.0\\.1:5015 denied the request to move ${name}:latest`).exec(refused.stderr);
    t.truthy(list, refused.stderr);
    const newDigest = list![1]!;
    t.regex(refused.stderr, new RegExp(`now pointing at it: ${name}:1\\.0\\n`));
    t.regex(refused.stderr, new RegExp(`not moved, still where they were: ${name}:latest \\(${olderDigest}\\), ${name}:stable \\(${olderDigest}\\)`));
    t.regex(refused.stderr, /Rerun to finish/);
    t.deepEqual(await positions(), { "1.0": newDigest, latest: olderDigest, stable: olderDigest }, "the registry agrees with the message");
    t.deepEqual(listEntries((await registryManifest(repository, newDigest)).json), digests, "the tag that moved points at the complete list");

    proxy.refused = new Set();
    const rerun = await manifestList(["create", ...targets(proxy.host), ...sources(proxy.host, ["linux/amd64", "linux/arm64"])]);
    t.is(rerun.code, 0, rerun.stderr);
    t.is(rerun.stdout.trim(), newDigest);
    t.regex(rerun.stderr, new RegExp(`${name}:1\\.0 already points at ${newDigest}`));
    t.deepEqual(await positions(), { "1.0": newDigest, latest: newDigest, stable: newDigest });
});
