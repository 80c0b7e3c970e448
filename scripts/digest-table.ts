// Prints the stack outputs (`pulumi stack output --json` on stdin) as a table: image, action, tags, digest.

import { readFileSync } from "node:fs";
import { textTable } from "./textTable.ts";

interface ImageOutput {
    action: string;
    tags: string[];
    ref: string | null;
}

const outputs = JSON.parse(readFileSync(0, "utf8")) as { images?: Record<string, ImageOutput> };
if (outputs.images === undefined) {
    // Seen once here: after a 40-minute build, the program stopped (its engine connection was dropped) and
    // `pulumi up` still exited 0, with some resources never registered and no stack outputs.
    console.error("The stack has no outputs: its last `pulumi up` stopped before it finished, though Pulumi reported no error.");
    console.error("Run the same command again: what was built is kept, and the run continues from there.");
    process.exit(1);
}
const rows = Object.entries(outputs.images).map(([name, image]) => [
    name,
    image.action,
    image.tags.map((t) => t.slice(t.lastIndexOf(":") + 1)).join(", ") || "-",
    image.ref ?? "-",
]);
for (const line of textTable([["image", "action", "tags", "list (pull by digest)"], ...rows])) console.log(line);
