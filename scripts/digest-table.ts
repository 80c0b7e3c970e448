// Prints the stack outputs (`pulumi stack output --json` on stdin) as a table: image, action, tags, digest.

import { readFileSync } from "node:fs";
import { textTable } from "./textTable.ts";

interface ImageOutput {
    action: string;
    tags: string[];
    ref: string | null;
}

const outputs = JSON.parse(readFileSync(0, "utf8")) as { images: Record<string, ImageOutput> };
const rows = Object.entries(outputs.images).map(([name, image]) => [
    name,
    image.action,
    image.tags.map((t) => t.slice(t.lastIndexOf(":") + 1)).join(", ") || "-",
    image.ref ?? "-",
]);
for (const line of textTable([["image", "action", "tags", "list (pull by digest)"], ...rows])) console.log(line);
