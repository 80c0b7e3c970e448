// A second Docker engine on this machine, standing in for a remote builder: its own socket, data root, exec
// root, config, bridge and containerd namespaces, so it shares no image, build cache or container with the
// default engine. It runs in a mount namespace of its own in which this machine's temporary files and the
// project are hidden, as they would be on another machine: what reaches it must come through the Docker
// API (build contexts, copied files), never a path that only this machine has.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { mustRun, run } from "./infra.ts";
import { endProcessOf, sleep } from "./processes.ts";
import { PROJECT_DIR } from "./projectConfig.ts";

export interface SecondEngineOptions {
    /** The bridge's address with its prefix (e.g. "10.213.1.1/24"): a range of its own, not the default engine's. */
    readonly bridgeAddress: string;
}

export class SecondEngine {
    /** Where its state lives: the same place for the same name, so a run can end what a killed run left. */
    readonly dir: string;
    /** Its Docker host: `unix://<dir>/docker.sock`. */
    readonly host: string;
    /** Its data root (what `docker info` reports as DockerRootDir). */
    readonly dataRoot: string;
    private readonly bridge: string;
    private readonly options: SecondEngineOptions;

    /** `name`: a few letters, unique among the engines the tests start (it names the bridge too). */
    constructor(name: string, options: SecondEngineOptions) {
        const cache = process.env.UW_CACHE;
        if (!cache) throw new Error("UW_CACHE is not set: run the tests through scripts/test.sh, which sets up the engine and the registry");
        // Outside the temporary directory, which the engine must not see.
        this.dir = path.join(cache, "engines", name);
        this.host = `unix://${path.join(this.dir, "docker.sock")}`;
        this.dataRoot = path.join(this.dir, "data");
        this.bridge = `uwb-${name}`.slice(0, 15);
        this.options = options;
    }

    /** `docker -H <this engine> …`. */
    docker(args: readonly string[]) {
        return run("docker", ["-H", this.host, ...args]);
    }

    /** Starts the engine; does nothing when it already answers. Ends what an earlier, killed run left. */
    async start(): Promise<void> {
        if ((await this.docker(["version"])).code === 0) return;
        await this.stop();
        fs.mkdirSync(this.dir, { recursive: true });
        const config = path.join(this.dir, "daemon.json");
        // Its own (empty) config: the default engine's /etc/docker/daemon.json may name hosts or a data root.
        fs.writeFileSync(config, "{}\n");
        await this.ip(["link", "add", this.bridge, "type", "bridge"]);
        await this.ip(["addr", "add", this.options.bridgeAddress, "dev", this.bridge]);
        await this.ip(["link", "set", this.bridge, "up"]);

        // Deepest first, so that hiding the temporary directory does not make a path inside it vanish first.
        const hidden = [...new Set([PROJECT_DIR, os.tmpdir()])].sort((a, b) => b.length - a.length);
        const hide = 'set -e; while [ "$1" != -- ]; do mount -t tmpfs uw-hidden "$1"; shift; done; shift; exec "$@"';
        const log = fs.openSync(path.join(this.dir, "dockerd.log"), "w");
        // unshare and sh exec into dockerd: the pid file it writes is this very process.
        const child = spawn("unshare", [
            "--mount", "--propagation", "private", "sh", "-c", hide, "sh", ...hidden, "--",
            "dockerd", "--config-file", config, "--host", this.host, "--data-root", this.dataRoot,
            "--exec-root", path.join(this.dir, "exec"), "--pidfile", path.join(this.dir, "docker.pid"), "--bridge", this.bridge,
            // The default engine owns the NAT and isolation rules; these tests need no traffic off the bridge.
            "--iptables=false",
            // Where a system containerd is shared, keep its containers and images apart from the default engine's.
            "--containerd-namespace", `uw-${this.bridge}`, "--containerd-plugins-namespace", `uw-${this.bridge}-plugins`,
        ], { detached: true, stdio: ["ignore", log, log] });
        child.unref();
        fs.closeSync(log);
        // Up to 60 s: dockerd starts in a few seconds, slower when both cores are busy; it stops waiting when dockerd exits.
        for (let i = 0; i < 120; i++) {
            if ((await this.docker(["version"])).code === 0) return;
            if (child.exitCode !== null) break;
            await sleep(500);
        }
        const tail = fs.readFileSync(path.join(this.dir, "dockerd.log"), "utf8").split("\n").slice(-20).join("\n");
        await this.stop();
        throw new Error(`the second Docker engine (${this.host}) did not start:\n${tail}`);
    }

    /** Stops the engine (and a containerd a killed engine left running), and removes its bridge and state. */
    async stop(): Promise<void> {
        await endProcessOf(path.join(this.dir, "docker.pid"), 30);
        await endProcessOf(path.join(this.dir, "exec", "containerd", "containerd.pid"), 10);
        await this.ip(["link", "delete", this.bridge]).catch(() => undefined);
        // Its mounts lived in its own namespace, which ended with it: the data root is plain files now.
        fs.rmSync(this.dir, { recursive: true, force: true });
    }

    private async ip(args: readonly string[]): Promise<void> {
        await mustRun("ip", args);
    }
}
