// A registry in front of the shared one that refuses to move some tags, as a registry with immutable tags
// (or a token without rights on one tag) does part-way through publishing a list under several tags.
// Everything else passes through to the same storage.

import * as http from "node:http";

export class TagRefusingProxy {
    readonly host: string;
    /** Tags whose manifest PUT is refused (403 DENIED); change it between runs. */
    refused: ReadonlySet<string>;
    private readonly upstream: { hostname: string; port: number };
    private readonly server: http.Server;

    constructor(port: number, upstream: string, refused: readonly string[]) {
        this.host = `127.0.0.1:${port}`;
        this.refused = new Set(refused);
        const [hostname, upstreamPort] = upstream.split(":");
        this.upstream = { hostname: hostname!, port: Number(upstreamPort) };
        this.server = http.createServer((request, response) => this.handle(request, response));
    }

    private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
        const tag = /\/manifests\/([^/]+)$/.exec(request.url ?? "")?.[1];
        if (request.method === "PUT" && tag !== undefined && this.refused.has(tag)) {
            request.resume();
            response.writeHead(403, { "Content-Type": "application/json" });
            response.end(JSON.stringify({ errors: [{ code: "DENIED", message: `the tag ${tag} is frozen (test proxy)` }] }));
            return;
        }
        const forward = http.request({
            ...this.upstream, method: request.method, path: request.url,
            headers: { ...request.headers, host: `${this.upstream.hostname}:${this.upstream.port}` },
        }, (answer) => {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
        });
        forward.once("error", (error) => { response.writeHead(502); response.end(String(error)); });
        request.pipe(forward);
    }

    start(): Promise<void> {
        return new Promise((resolve) => this.server.listen(Number(this.host.split(":")[1]), "127.0.0.1", resolve));
    }

    stop(): Promise<void> {
        this.server.closeAllConnections();
        return new Promise((resolve) => this.server.close(() => resolve()));
    }
}
