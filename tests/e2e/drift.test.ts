// A tag moved by hand, seen by the real Pulumi engine: `pulumi preview` and `pulumi refresh` report it, and
// the next `pulumi up` puts it back on the list the stack recorded. The stack is a release that promotes a
// tested list (nothing to build), so the test is about the list's tags alone.

import test from "ava";
import { LABELS } from "../../plan/promotion.ts";
import { mustManifestList, pushTinyImages, registry, registryManifest, run, uniqueNamespace } from "../support/infra.ts";
import { PulumiProject, skipReason } from "../support/pulumiProject.ts";

const reason = skipReason();
const serial = reason === "" ? test.serial : test.serial.skip;

let project: PulumiProject;
let tested: string;
let amd64: string;

/** Tiny images of both platforms labelled as the Dockerfiles label theirs, joined in a list tagged dev: `repo@list digest`. */
async function tinyList(image: string, labels: Record<string, string>): Promise<{ ref: string; digests: Record<string, string> }> {
    const name = `${registry()}/${project.namespace}/${image}`;
    const digests = await pushTinyImages(name, "src", labels);
    const list = await mustManifestList(["create", "--target", `${name}:dev`, ...Object.entries(digests).flatMap(([p, d]) => ["--source", `${p}=${name}@${d}`])]);
    return { ref: `${name}@${list.stdout.trim()}`, digests };
}

test.before(async () => {
    if (reason !== "") return;
    project = new PulumiProject(uniqueNamespace("drift"));
    // The chain a promotion reads from the labels: lavavu and petsc, base FROM them, underworld2 FROM base.
    const lavavu = await tinyList("lavavu", { [LABELS.version]: "1.9.10" });
    const petsc = await tinyList("petsc", { [LABELS.version]: "3.22.2-ompi" });
    const base = await tinyList("base", { [LABELS.base]: petsc.ref, [LABELS.revision]: `lavavu=${lavavu.ref} petsc=${petsc.ref}` });
    const underworld2 = await tinyList("underworld2", { [LABELS.base]: base.ref, [LABELS.version]: "2.17.3", [LABELS.revision]: "2.17.3" });
    amd64 = underworld2.digests["linux/amd64"]!;
    tested = underworld2.ref.split("@")[1]!;
});
test.after.always(() => project?.remove());

const STACK = "release";
const tagDigest = async (tag: string) => (await registryManifest(`${project.namespace}/underworld2`, tag)).bodyDigest;

serial(`a release publishes the tested list under both tags; an unchanged stack previews no changes${reason}`, async (t) => {
    await project.init(STACK, project.fixtureConfig({ channel: "release", tag: "1.0.0", extraTags: ["latest"], promoteDigest: tested }));
    const up = await project.up(STACK);
    t.is(up.code, 0, up.stdout + up.stderr);
    t.is((await project.outputs(STACK)).images.underworld2.digest, tested);
    t.is(await tagDigest("1.0.0"), tested);
    t.is(await tagDigest("latest"), tested);
    const preview = await project.pulumi(["preview", "--expect-no-changes", "-s", STACK]);
    t.is(preview.code, 0, preview.stdout + preview.stderr);
});

serial(`a tag moved by hand is reported by preview and refresh, and put back by up${reason}`, async (t) => {
    // Someone points latest at the amd64 image alone.
    const byHand = await run("oras", ["tag", "--plain-http", `${registry()}/${project.namespace}/underworld2@${amd64}`, "latest"]);
    t.is(byHand.code, 0, byHand.stderr);
    const moved = new RegExp(`underworld2:latest \\(now ${amd64}\\): moved away from the list this stack published, ${tested}`);

    const preview = await project.pulumi(["preview", "-s", STACK]);
    t.is(preview.code, 0, preview.stdout + preview.stderr);
    t.regex(preview.stdout + preview.stderr, moved, "preview names the tag, where it is and the recorded list");
    t.regex(preview.stdout, /~\s+\S+\s+underworld2-promote\s+update/, "preview plans to update the list's tags");
    t.not((await project.pulumi(["preview", "--expect-no-changes", "-s", STACK])).code, 0, "--expect-no-changes fails on the moved tag");

    const refresh = await project.pulumi(["refresh", "--yes", "--skip-preview", "-s", STACK]);
    t.is(refresh.code, 0, refresh.stdout + refresh.stderr);
    t.regex(refresh.stdout + refresh.stderr, moved, "refresh names the tag too");
    t.regex(refresh.stdout, /underworld2-promote\s+updated/, "refresh records where the tags point now");
    t.is(await tagDigest("latest"), amd64, "neither preview nor refresh moves anything");

    const up = await project.up(STACK);
    t.is(up.code, 0, up.stdout + up.stderr);
    t.is(await tagDigest("latest"), tested, "up put latest back on the recorded list");
    t.is(await tagDigest("1.0.0"), tested, "and left 1.0.0 where it was");
    t.is((await project.outputs(STACK)).images.underworld2.digest, tested);
    const after = await project.pulumi(["preview", "--expect-no-changes", "-s", STACK]);
    t.is(after.code, 0, after.stdout + after.stderr);
});
