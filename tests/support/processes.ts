// Ending the servers the tests start (a second dockerd, sshd) by the id in their pid file: never by name,
// so nothing else on the machine is touched, and a run can end what a killed earlier run left.

import * as fs from "node:fs";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/**
 * Ends the process whose id `pidFile` holds, if it still runs: politely, then for good after `seconds` (the callers'
 * grace: long enough for the server to clean up after itself on a loaded machine; SIGKILL ends it regardless).
 */
export async function endProcessOf(pidFile: string, seconds: number): Promise<void> {
    const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, "utf8").trim()) : NaN;
    if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
    process.kill(pid, "SIGTERM");
    for (let i = 0; i < seconds * 10 && alive(pid); i++) await sleep(100);
    if (alive(pid)) process.kill(pid, "SIGKILL");
}
