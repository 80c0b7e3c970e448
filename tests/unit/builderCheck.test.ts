// What a maintainer is told when a builder cannot be reached, from the docker CLI's own words (samples
// taken from docker 28 reaching an engine over ssh).

import test from "ava";
import { builderFailure } from "../../components/preflight/builderCheck.ts";

const viaSsh = (stderr: string) => `error during connect: Get "http://docker.example.com/v1.50/version": command [ssh -o ConnectTimeout=30 -T -l root -p 2299 -- 127.0.0.1 docker system dial-stdio] has exited with exit status 255, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=${stderr}\n`;

// [case, docker's stderr, fragment of the explanation, ssh's message kept]
const cases: Array<[string, string, RegExp, string | undefined]> = [
    ["nothing listens", viaSsh("ssh: connect to host 127.0.0.1 port 2298: Connection refused"), /^cannot be reached/, "Connection refused"],
    ["unknown host name", viaSsh("ssh: Could not resolve hostname mac-mini: Name or service not known"), /^cannot be reached/, "Could not resolve hostname mac-mini"],
    ["key refused", viaSsh("root@127.0.0.1: Permission denied (publickey)."), /^refused this machine's ssh key.*authorized_keys/, "Permission denied (publickey)"],
    ["unknown host key", viaSsh("No ED25519 host key is known for [localhost]:2299 and you have requested strict checking.\nHost key verification failed."), /ssh host key .*known_hosts/, "Host key verification failed"],
    ["no docker there (bash)", viaSsh("bash: line 1: docker: command not found"), /^has no docker CLI on the PATH of a non-interactive ssh session/, "docker: command not found"],
    ["no docker there (zsh)", viaSsh("zsh:1: command not found: docker"), /^has no docker CLI/, "command not found: docker"],
    ["no engine there", "Cannot connect to the Docker daemon at http://docker.example.com. Is the docker daemon running?\n", /no Docker engine answers there/, undefined],
    ["not allowed on the socket", "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock\n", /no Docker engine answers there.*socket/, undefined],
    ["anything else", "something new\n", /^did not answer \(something new\)/, "something new"],
];
for (const [n, [name, stderr, explanation, kept]] of cases.entries()) {
    test(`[${n}] ${name}: the builder check says so`, (t) => {
        const said = builderFailure(stderr);
        t.regex(said, explanation);
        if (kept !== undefined) t.true(said.includes(kept), said);
        t.false(said.includes("\n"), "one line");
    });
}
