// `npm run rebuild-base -- [stack]` (default dev): the explicit start of a release cycle.
// Regenerates the base chain (config/images.ts: the toolchain, lavavu, petsc and base; a new epoch defeats every cache),
// builds underworld2 from them, writes the new pins into Pulumi.<stack>.yaml, and settles the stack on those
// pins.
// Commit Pulumi.<stack>.yaml afterwards: that is the record of the exact stack.

import { spawnSync } from "node:child_process";
import { IMAGE_GRAPH } from "../config/images.ts";

const stack = process.argv[2] ?? "dev";

function pulumi(args: string[], capture = false): string {
    console.error(`==> pulumi ${args.join(" ")}`);
    const result = spawnSync("pulumi", [...args, "--stack", stack, "--non-interactive"], {
        stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit",
        encoding: "utf8",
    });
    if (result.status !== 0) {
        console.error(`rebuild-base: \`pulumi ${args.join(" ")}\` failed (exit ${result.status}); Pulumi.${stack}.yaml keeps its previous pins. Fix the cause and run again.`);
        process.exit(1);
    }
    return result.stdout ?? "";
}

const epoch = new Date().toISOString();
pulumi(["config", "set", "baseChainEpoch", epoch]);
pulumi(["up", "--yes", "--skip-preview", "--config", "rebuildBase=true"]);
pulumi(["config", "set", "rebuildBase", "false"]);

const digests = JSON.parse(pulumi(["stack", "output", "digests", "--json"], true)) as Record<string, string>;
for (const image of IMAGE_GRAPH.baseChain) {
    const ref = digests[image];
    if (ref === undefined) {
        console.error(`rebuild-base: the stack has no digest for ${image}; nothing was pinned`);
        process.exit(1);
    }
    pulumi(["config", "set", "--path", `pins.${image}`, ref]);
}

// The chain is pinned now; this run only records that in the state (underworld2 is unchanged).
pulumi(["up", "--yes", "--skip-preview"]);
console.error(`rebuild-base: new pins (epoch ${epoch}) are in Pulumi.${stack}.yaml; commit that file.`);
for (const image of IMAGE_GRAPH.baseChain) console.log(`${image}: ${digests[image]}`);
