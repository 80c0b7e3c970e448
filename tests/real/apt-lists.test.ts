// The toolchain's apt-install (dockerfiles/toolchain), in an apt step as every image's (tests/fixtures/apt-lists),
// over a base that turns apt's cache files off as Debian's official images do: on both platforms apt reuses the
// parse of Debian's lists made on the build machine, plans the same install as from the lists themselves, parses
// the lists itself once one of them has changed, fetches them afresh when an install fails on them, and leaves
// neither lists nor parse in the image.

import * as path from "node:path";
import test from "ava";
import { inImage } from "../support/imageChecks.ts";
import { baseOsImage, buildContext, registry, uniqueNamespace } from "../support/infra.ts";
import { PROJECT_DIR } from "../support/projectConfig.ts";
import { toolchainImage } from "../support/toolchain.ts";

const context = path.join(PROJECT_DIR, "tests", "fixtures", "apt-lists");
const repository = `${registry()}/${uniqueNamespace("apt-lists")}/image`;

for (const platform of ["linux/amd64", "linux/arm64"]) {
    test(`${platform}: apt reuses the parse of the lists made on the build machine, and plans the same install`, async (t) => {
        const digest = await buildContext(context, path.join(context, "Dockerfile"), platform, `${repository}:${platform.split("/")[1]}`, { BASE_OS_IMAGE: baseOsImage(), TOOLCHAIN_IMAGE: await toolchainImage() });
        const image = `${repository}@${digest}`;
        const read = (file: string) => inImage(image, platform, `cat /opt/apt-lists/${file}`);

        t.regex(await read("with-parse-debug.txt"), /srcpkgcache\.bin was valid - populate MMap with it/);
        const plan = await read("with-parse.txt");
        t.regex(plan, /^Inst python3 /m, "the plan installs python3");
        t.is(plan, await read("without-parse.txt"), "the same plan as from the lists themselves");

        t.regex(await read("after-change-debug.txt"), /srcpkgcache\.bin is NOT valid - rebuild/, "a changed list is parsed anew");
        t.is(await read("after-change.txt"), plan);

        t.regex(await read("fallback.txt"), /installing from the toolchain's lists failed; fetching them afresh/, "an install that fails on the lists updates them");
        t.is(await inImage(image, platform, "dpkg-query -W -f '${Status}' tini"), "install ok installed");
        t.is(await inImage(image, platform, "ls -A /var/lib/apt/lists /var/cache/apt | grep -v -e '^/' -e '^$' -e '^archives$' || true"), "",
            "no list, parse or config of the toolchain is left in the image");
    });
}
