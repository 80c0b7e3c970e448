// A small client for the registry HTTP API (distribution spec): just what manifest lists need.
// It talks to the registry directly, so no local Docker manifest store can leak stale entries into a list.

import { createHash } from "node:crypto";

export const MEDIA_TYPES = {
    dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
    dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
    ociManifest: "application/vnd.oci.image.manifest.v1+json",
    ociIndex: "application/vnd.oci.image.index.v1+json",
} as const;

const ACCEPT_ANY_MANIFEST = Object.values(MEDIA_TYPES).join(", ");
const REQUEST_TIMEOUT_MS = 60_000;
/** Every request here is idempotent (GET, or PUT of content-addressed bytes), so a 5xx is retried a few times. */
const RETRY_DELAYS_MS = [500, 2_000, 5_000];

export interface Credentials {
    readonly username: string;
    readonly password: string;
}

export interface FetchedManifest {
    readonly mediaType: string;
    readonly digest: string;
    readonly bytes: Buffer;
    readonly json: Record<string, unknown>;
}

export class RegistryError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RegistryError";
    }
}

export function sha256Digest(bytes: Buffer): string {
    return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** Loopback registries speak plain HTTP; everything else HTTPS. Docker Hub's API lives on registry-1.docker.io. */
export function registryBaseUrl(host: string): string {
    if (host === "docker.io" || host === "index.docker.io") return "https://registry-1.docker.io";
    const hostname = host.replace(/:\d+$/, "");
    const plain = hostname === "localhost" || hostname.startsWith("127.") || hostname === "[::1]";
    return `${plain ? "http" : "https"}://${host}`;
}

export class RegistryClient {
    readonly host: string;
    private readonly credentials?: Credentials;
    private readonly baseUrl: string;
    private readonly tokens = new Map<string, string>();

    constructor(host: string, credentials?: Credentials) {
        this.host = host;
        this.credentials = credentials;
        this.baseUrl = registryBaseUrl(host);
    }

    async getManifest(repository: string, reference: string): Promise<FetchedManifest | undefined> {
        const response = await this.request(repository, "GET", `/v2/${repository}/manifests/${reference}`, { Accept: ACCEPT_ANY_MANIFEST });
        if (response.status === 404) return undefined;
        await this.expectOk(response, `read manifest ${repository}:${reference}`);
        const bytes = Buffer.from(await response.arrayBuffer());
        const digest = sha256Digest(bytes);
        if (reference.startsWith("sha256:") && digest !== reference) {
            throw new RegistryError(`${this.host}/${repository}@${reference}: the registry served content whose digest is ${digest}`);
        }
        const json = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
        const mediaType = (json.mediaType as string | undefined) ?? response.headers.get("content-type") ?? "";
        return { mediaType, digest, bytes, json };
    }

    async getBlobJson(repository: string, digest: string): Promise<Record<string, unknown>> {
        const response = await this.request(repository, "GET", `/v2/${repository}/blobs/${digest}`, {});
        await this.expectOk(response, `read blob ${repository}@${digest}`);
        return (await response.json()) as Record<string, unknown>;
    }

    /** Uploads a manifest under a tag or its own digest and returns the digest the registry reports. */
    async putManifest(repository: string, reference: string, mediaType: string, bytes: Buffer): Promise<string> {
        const response = await this.request(repository, "PUT", `/v2/${repository}/manifests/${reference}`, { "Content-Type": mediaType }, bytes);
        await this.expectOk(response, `push manifest ${repository}:${reference}`);
        const expected = sha256Digest(bytes);
        const reported = response.headers.get("docker-content-digest") ?? expected;
        if (reported !== expected) {
            throw new RegistryError(`${this.host}/${repository}:${reference}: pushed ${expected} but the registry reports ${reported}`);
        }
        return reported;
    }

    private async request(repository: string, method: string, urlPath: string, headers: Record<string, string>, body?: Buffer): Promise<Response> {
        const send = async (): Promise<Response> => {
            const auth = this.tokens.get(repository);
            try {
                return await fetch(`${this.baseUrl}${urlPath}`, {
                    method,
                    headers: auth === undefined ? headers : { ...headers, Authorization: auth },
                    body,
                    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
                });
            } catch (error) {
                const cause = (error as { cause?: { code?: string; message?: string } }).cause;
                throw new RegistryError(`cannot reach the registry at ${this.baseUrl} (${method} ${urlPath}): ${cause?.code ?? cause?.message ?? String(error)}`);
            }
        };
        let response = await send();
        for (const delay of RETRY_DELAYS_MS) {
            if (response.status < 500) break;
            await response.arrayBuffer();
            await new Promise((resolve) => setTimeout(resolve, delay));
            response = await send();
        }
        if (response.status === 401 && (await this.authenticate(repository, response))) {
            response = await send();
        }
        return response;
    }

    /** Answers a 401 challenge: Basic with the credentials, or a Bearer token from the realm it names. */
    private async authenticate(repository: string, challenge: Response): Promise<boolean> {
        const header = challenge.headers.get("www-authenticate") ?? "";
        await challenge.arrayBuffer();
        const basic = this.credentials === undefined
            ? undefined
            : `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString("base64")}`;
        if (/^basic/i.test(header)) {
            if (basic === undefined) throw new RegistryError(`${this.host} requires credentials: set registryUsername and the secret registryPassword`);
            this.tokens.set(repository, basic);
            return true;
        }
        if (!/^bearer/i.test(header)) return false;
        const params = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
        if (params.realm === undefined) return false;
        const url = new URL(params.realm);
        if (params.service !== undefined) url.searchParams.set("service", params.service);
        url.searchParams.set("scope", `repository:${repository}:pull,push`);
        const response = await fetch(url, { headers: basic === undefined ? {} : { Authorization: basic }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        await this.expectOk(response, `get a token from ${url.origin}`);
        const body = (await response.json()) as { token?: string; access_token?: string };
        const token = body.token ?? body.access_token;
        if (token === undefined) return false;
        this.tokens.set(repository, `Bearer ${token}`);
        return true;
    }

    private async expectOk(response: Response, what: string): Promise<void> {
        if (response.ok) return;
        const text = (await response.text()).slice(0, 500);
        throw new RegistryError(`${this.host}: cannot ${what}: HTTP ${response.status} ${response.statusText} ${text}`.trim());
    }
}
