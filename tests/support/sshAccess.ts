// ssh access to a Docker engine, the way a maintainer reaches a remote builder (`ssh://user@host`):
// Debian's sshd on 127.0.0.1 with a config of its own, a key pair made here, and a client configuration
// that trusts this sshd's host key without asking.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { mustRun } from "./infra.ts";
import { endProcessOf, sleep } from "./processes.ts";

/** Does an ssh server answer on 127.0.0.1:port (its banner)? */
function answers(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
        socket.once("data", (data) => done(data.toString().startsWith("SSH-")));
        socket.once("error", () => done(false));
        // sshd sends its banner at once; 5 s covers a loaded machine, and a silent port is no sshd.
        socket.setTimeout(5000, () => done(false));
    });
}

export class SshAccess {
    /** The builder URL to configure: `ssh://<this user>@127.0.0.1:<port>`. */
    readonly url: string;
    private readonly dir: string;
    private readonly port: number;
    private readonly dockerHost: string;

    /** sshd on 127.0.0.1:`port` whose sessions use the engine at `dockerHost`. Its files live in `dir`. */
    constructor(dir: string, port: number, dockerHost: string) {
        this.dir = dir;
        this.port = port;
        this.dockerHost = dockerHost;
        this.url = `ssh://${os.userInfo().username}@127.0.0.1:${port}`;
    }

    private file(name: string): string {
        return path.join(this.dir, name);
    }

    /**
     * What the docker CLI, buildx and the docker provider must run with to use this access. Each of them
     * reaches an ssh:// host by running plain `ssh` from PATH, with no way to add options; and ssh reads the
     * user config of the account's home directory, never $HOME. So an `ssh` first on PATH that adds this
     * client configuration is the one place all of them (and their children) pick it up.
     */
    environment(): NodeJS.ProcessEnv {
        return { PATH: `${this.file("bin")}:${process.env.PATH}` };
    }

    /** Starts sshd; does nothing when it already answers. Ends what an earlier, killed run left. */
    async start(): Promise<void> {
        if (fs.existsSync(this.file("sshd_config")) && (await answers(this.port))) return;
        await this.stop();
        fs.mkdirSync(path.join(this.dir, "bin"), { recursive: true });
        for (const key of ["host_key", "client_key", "other_key"]) {
            if (fs.existsSync(this.file(key))) continue;
            await mustRun("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `uw-${key}`, "-f", this.file(key)]);
        }
        this.acceptKey();
        fs.writeFileSync(this.file("sshd_config"), [
            `ListenAddress 127.0.0.1:${this.port}`,
            `HostKey ${this.file("host_key")}`,
            `PidFile ${this.file("sshd.pid")}`,
            `AuthorizedKeysFile ${this.file("authorized_keys")}`,
            "PermitRootLogin prohibit-password", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no",
            // The key files live in a directory of the tests, not in a home directory that StrictModes would check.
            "StrictModes no",
            // Docker's ssh transport runs `docker system dial-stdio` in the session, which talks to DOCKER_HOST
            // (else the default socket). Set for every session by the server, so the builder URL stays a plain
            // ssh://user@host, as for a machine whose engine is on its default socket. (~/.ssh/environment would
            // need PermitUserEnvironment and this account's real home; AcceptEnv needs the client to send the
            // variable, which docker's transport does not; a command= key would forbid every other command.)
            `SetEnv DOCKER_HOST=${this.dockerHost}`,
            "",
        ].join("\n"));
        const hostKey = fs.readFileSync(this.file("host_key.pub"), "utf8").trim();
        fs.writeFileSync(this.file("known_hosts"), `[127.0.0.1]:${this.port} ${hostKey}\n`);
        fs.writeFileSync(this.file("ssh_config"), [
            "Host 127.0.0.1",
            `  IdentityFile ${this.file("client_key")}`,
            "  IdentitiesOnly yes",
            `  UserKnownHostsFile ${this.file("known_hosts")}`,
            "  GlobalKnownHostsFile /dev/null",
            "  StrictHostKeyChecking yes",
            // Never prompt: a refused key must fail, as it does for a maintainer's unattended run.
            "  BatchMode yes",
            "",
        ].join("\n"));
        const realSsh = (await mustRun("sh", ["-c", "command -v ssh"])).stdout.trim();
        fs.writeFileSync(this.file("bin/ssh"), `#!/bin/sh\nexec ${realSsh} -F ${this.file("ssh_config")} "$@"\n`, { mode: 0o755 });

        // sshd refuses to start without its privilege separation directory (made by the package's service).
        fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
        const log = fs.openSync(this.file("sshd.log"), "w");
        const child = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", this.file("sshd_config")], { detached: true, stdio: ["ignore", log, log] });
        child.unref();
        fs.closeSync(log);
        // Up to 30 s: sshd starts in well under a second, slower when both cores are busy.
        for (let i = 0; i < 150; i++) {
            if (await answers(this.port)) return;
            if (child.exitCode !== null) break;
            await sleep(200);
        }
        throw new Error(`sshd on 127.0.0.1:${this.port} did not start:\n${fs.readFileSync(this.file("sshd.log"), "utf8")}`);
    }

    /** Stops sshd (by the id in its pid file); the builder is then unreachable. */
    async stop(): Promise<void> {
        await endProcessOf(this.file("sshd.pid"), 5);
        fs.rmSync(this.file("sshd.pid"), { force: true });
    }

    /** Only another key is authorised: this machine's key is refused (Permission denied (publickey)). */
    refuseKey(): void {
        fs.copyFileSync(this.file("other_key.pub"), this.file("authorized_keys"));
    }

    /** This machine's key is authorised again. */
    acceptKey(): void {
        fs.copyFileSync(this.file("client_key.pub"), this.file("authorized_keys"));
    }
}
