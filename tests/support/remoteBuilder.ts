// A remote builder on this machine: a second Docker engine reached over ssh, as `builders` reaches a
// maintainer's Mac mini or a cloud arm64 machine. Started and stopped by the tests that use it.

import * as fs from "node:fs";
import { SecondEngine } from "./secondEngine.ts";
import { SshAccess } from "./sshAccess.ts";

export class RemoteBuilder {
    readonly engine: SecondEngine;
    readonly ssh: SshAccess;
    private readonly sshDir: string;

    /**
     * `name`: a few letters, unique among the builders the tests start; `port`: its sshd's, on 127.0.0.1;
     * `bridgeAddress`: its engine's bridge, a range no other engine uses (e.g. "10.213.1.1/24").
     */
    constructor(name: string, port: number, bridgeAddress: string) {
        this.engine = new SecondEngine(name, { bridgeAddress });
        this.sshDir = `${this.engine.dir}-ssh`;
        this.ssh = new SshAccess(this.sshDir, port, this.engine.host);
    }

    /** The value of `builders.<platform>`. */
    get url(): string {
        return this.ssh.url;
    }

    /** Idempotent, like its parts. */
    async start(): Promise<void> {
        await this.engine.start();
        await this.ssh.start();
    }

    /** Leaves nothing running and nothing behind. */
    async stop(): Promise<void> {
        await this.ssh.stop();
        await this.engine.stop();
        fs.rmSync(this.sshDir, { recursive: true, force: true });
    }
}
