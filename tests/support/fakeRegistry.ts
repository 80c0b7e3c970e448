// A registry in the test's own process, serving what a test puts in it (images with labels, lists of
// them) through the distribution API's read side (GET and HEAD, as oras asks), so unit tests can read lists
// and labels as the program does, with no Docker engine or registry server.

import { createHash } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";

const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
const DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

const digestOf = (bytes: Buffer) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

export class FakeRegistry {
    private readonly manifests = new Map<string, { mediaType: string; bytes: Buffer }>();
    private readonly blobs = new Map<string, Buffer>();
    private server?: http.Server;
    host = "";

    async start(): Promise<void> {
        this.server = http.createServer((request, response) => this.answer(request, response));
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        this.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        await new Promise((resolve) => this.server?.close(resolve));
    }

    /** An image of `platform` with `labels` in `repository`; returns its manifest digest. */
    putImage(repository: string, platform: string, labels: Record<string, string>): string {
        const [os, architecture] = platform.split("/");
        const config = Buffer.from(JSON.stringify({ architecture, os, config: { Labels: labels } }));
        this.blobs.set(`${repository}@${digestOf(config)}`, config);
        const manifest = { schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: { mediaType: "application/vnd.docker.container.image.v1+json", size: config.length, digest: digestOf(config) }, layers: [] };
        return this.putManifest(repository, DOCKER_MANIFEST, Buffer.from(JSON.stringify(manifest)));
    }

    /** A list of `repository`'s images (platform -> digest); returns the list digest. */
    putList(repository: string, images: Record<string, string>): string {
        const manifests = Object.entries(images).map(([platform, digest]) => {
            const [os, architecture] = platform.split("/");
            return { mediaType: DOCKER_MANIFEST, digest, size: this.manifests.get(`${repository}@${digest}`)!.bytes.length, platform: { architecture, os } };
        });
        return this.putManifest(repository, DOCKER_LIST, Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_LIST, manifests })));
    }

    /** An image per platform with the same labels, joined in a list; returns `<host>/<repository>@<list digest>`. */
    putImageList(repository: string, platforms: readonly string[], labels: Record<string, string>): string {
        const images = Object.fromEntries(platforms.map((p) => [p, this.putImage(repository, p, labels)]));
        return `${this.host}/${repository}@${this.putList(repository, images)}`;
    }

    private putManifest(repository: string, mediaType: string, bytes: Buffer): string {
        this.manifests.set(`${repository}@${digestOf(bytes)}`, { mediaType, bytes });
        return digestOf(bytes);
    }

    private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
        const headers = { "Docker-Distribution-API-Version": "registry/2.0" };
        if (request.url === "/v2/") {
            response.writeHead(200, { ...headers, "Content-Type": "application/json" }).end("{}");
            return;
        }
        const match = /^\/v2\/(.+)\/(manifests|blobs)\/(sha256:[0-9a-f]{64})$/.exec(request.url ?? "");
        const manifest = match?.[2] === "manifests" ? this.manifests.get(`${match[1]}@${match[3]}`) : undefined;
        const blob = match?.[2] === "blobs" ? this.blobs.get(`${match[1]}@${match[3]}`) : undefined;
        if (!["GET", "HEAD"].includes(request.method ?? "") || (manifest === undefined && blob === undefined)) {
            response.writeHead(404, { ...headers, "Content-Type": "application/json" }).end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
            return;
        }
        const bytes = manifest?.bytes ?? blob!;
        response.writeHead(200, { ...headers, "Content-Type": manifest?.mediaType ?? "application/octet-stream", "Content-Length": bytes.length, "Docker-Content-Digest": digestOf(bytes) })
            .end(request.method === "HEAD" ? undefined : bytes);
    }
}
