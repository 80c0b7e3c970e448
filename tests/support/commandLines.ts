// Every command line on the machine while something runs: what `ps` shows any user. A secret must be on none.

import * as fs from "node:fs";

/** The command line of every process now (arguments joined by spaces). */
function commandLinesNow(): string[] {
    const lines: string[] = [];
    for (const pid of fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
        try {
            lines.push(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim());
        } catch { /* the process ended meanwhile */ }
    }
    return lines;
}

/** Samples every process's command line every few milliseconds until `stop()`, which returns each distinct one seen. */
export function watchCommandLines(everyMs = 5): { stop(): string[] } {
    const seen = new Set<string>();
    const timer = setInterval(() => { for (const line of commandLinesNow()) seen.add(line); }, everyMs);
    return {
        stop() {
            clearInterval(timer);
            for (const line of commandLinesNow()) seen.add(line);
            return [...seen];
        },
    };
}
