// MultiArchImage under Pulumi mocks with a builder for linux/arm64: that platform's image is built by the
// builder's provider and tested on that engine; linux/amd64 stays on the default engine.

import * as pulumi from "@pulumi/pulumi";
import test from "ava";
import { RecordingMocks, valueOf } from "../support/mocks.ts";
import { configWith, DIGEST_A } from "../support/projectConfig.ts";

const BUILDER = "ssh://builder@mac-mini";
const mocks = new RecordingMocks();

test.before(async () => {
    await pulumi.runtime.setMocks(mocks, "underworld-images", "unit", false);
    const docker = await import("@pulumi/docker");
    const { MultiArchImage } = await import("../../components/multiArchImage.ts");
    const { buildPlan } = await import("../../plan/plan.ts");
    const { readSettings } = await import("../../config/settings.ts");
    const plan = buildPlan(readSettings(configWith({ registry: "127.0.0.1:5000", namespace: "uw", builders: JSON.stringify({ "linux/arm64": BUILDER }) })));
    const digest = await pulumi.runtime.runInPulumiStack(async () => {
        const arm = new docker.Provider("builder-linux-arm64", { host: BUILDER });
        const image = new MultiArchImage("lavavu", {
            entry: plan.lavavu, parentRefs: { TOOLCHAIN_IMAGE: pulumi.output(`127.0.0.1:5000/uw/toolchain@${DIGEST_A}`) }, providers: { "linux/arm64": arm },
            imageTests: { dockerfilesDir: "dockerfiles", expectations: { python: "3.11" } },
        });
        return { digest: image.digest };
    });
    await valueOf((digest as { digest: pulumi.Output<string> }).digest);
});

test("the routed platform's image is built by its builder's provider, the other by the default engine", (t) => {
    const images = mocks.ofType("docker:index/image:Image");
    t.is(images.length, 2);
    t.regex(images.find((r) => r.name === "lavavu-arm64")!.provider ?? "", /builder-linux-arm64::/);
    t.notRegex(images.find((r) => r.name === "lavavu-amd64")!.provider ?? "", /builder-linux-arm64/);
});

test("the image tests run each platform on the engine that built it", (t) => {
    const tests = mocks.ofType("command:local:Command").filter((r) => r.name === "lavavu-image-tests");
    t.is(tests.length, 1);
    const create = String(tests[0]!.inputs.create);
    t.deepEqual([...create.matchAll(/--builder '([^']+)'/g)].map((m) => m[1]), [`linux/arm64=${BUILDER}`]);
    t.is([...create.matchAll(/--ref '([^']+)'/g)].length, 2, "both platforms are still tested");
});
