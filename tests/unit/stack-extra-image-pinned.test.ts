// The program under Pulumi mocks on the graph with `extra` (tests/support/extraImage.ts), with extra pinned:
// the pin is accepted (it names an image of the graph that may be pinned, and exists in the registry) and
// used: extra is not built, and the outputs record the pinned list, while the four are built as ever.

import test from "ava";
import { dockerfilesWithExtra, GRAPH_WITH_EXTRA } from "../support/extraImage.ts";
import { FakeRegistry } from "../support/fakeRegistry.ts";
import { loadProgram, RecordingMocks, valueOf } from "../support/mocks.ts";
import { configWith } from "../support/projectConfig.ts";

const registry = new FakeRegistry();
const mocks = new RecordingMocks();
let pin: string;
let program: Record<string, any>;

test.before(async () => {
    await registry.start();
    pin = registry.putImageList("uw/extra", ["linux/amd64", "linux/arm64"], {});
    program = await loadProgram(configWith({
        registry: registry.host, namespace: "uw", dockerfilesDir: dockerfilesWithExtra(), pins: JSON.stringify({ extra: pin }),
    }), mocks, new Map(), GRAPH_WITH_EXTRA);
    await valueOf(program.digests);
});
test.after.always(() => registry.stop());

test("a pin for extra is accepted and used: extra is not built, its pinned list stands in for it", async (t) => {
    t.is(program.images.extra.action, "pin");
    t.is(program.images.extra.reason, "pinned in config (pins.extra)");
    t.deepEqual(mocks.ofType("underworld:images:MultiArchImage").map((r) => r.name), ["toolchain", "lavavu", "petsc", "base", "underworld2"]);
    t.false(mocks.ofType("docker:index/image:Image").some((r) => r.name.startsWith("extra-")));
    t.is(await valueOf(program.images.extra.ref), pin);
    t.is((await valueOf(program.digests) as Record<string, string>).extra, pin);
});
