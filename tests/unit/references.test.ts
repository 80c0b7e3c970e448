import test from "ava";
import { digestOf, isPinnedReference, parseReference, requireDigest, requireRepoDigest } from "../../manifest-list/references.ts";
import { DIGEST_A } from "../support/projectConfig.ts";

const cases: Array<[string, ReturnType<typeof parseReference>]> = [
    ["docker.io/underworldcode/base:dev", { registry: "docker.io", repository: "underworldcode/base", tag: "dev", digest: undefined }],
    [`127.0.0.1:5000/uw/base@${DIGEST_A}`, { registry: "127.0.0.1:5000", repository: "uw/base", tag: undefined, digest: DIGEST_A }],
    ["debian:bookworm-slim", { registry: "", repository: "debian", tag: "bookworm-slim", digest: undefined }],
    ["localhost/uw/base", { registry: "localhost", repository: "uw/base", tag: undefined, digest: undefined }],
    ["Docker.io/uw/base", undefined],
    ["docker.io/uw/base@sha256:abc", undefined],
    ["docker.io/uw/base:bad tag", undefined],
];
cases.forEach(([reference, expected], i) => {
    test(`[${i}] parseReference(${reference})`, (t) => t.deepEqual(parseReference(reference), expected));
});

test("only repo@digest counts as pinned", (t) => {
    t.true(isPinnedReference(`docker.io/uw/base@${DIGEST_A}`));
    t.false(isPinnedReference("docker.io/uw/base:dev"));
    t.false(isPinnedReference(`docker.io/uw/base:dev@${DIGEST_A}`));
    t.is(digestOf(`docker.io/uw/base@${DIGEST_A}`), DIGEST_A);
    t.throws(() => digestOf("docker.io/uw/base:dev"));
});

test("a malformed digest fails naming where it came from", (t) => {
    t.is(requireDigest(`${DIGEST_A}\n`, "x"), DIGEST_A);
    t.throws(() => requireDigest("sha256:123", "petsc linux/arm64: pushed image"), { message: /^petsc linux\/arm64: pushed image: expected a digest/ });
    t.throws(() => requireRepoDigest("<none>@<none>", "base linux/amd64"), { message: /base linux\/amd64.*"<none>@<none>"/ });
    t.throws(() => requireDigest(undefined, "u"), { message: /got null/ });
    t.is(requireRepoDigest(`127.0.0.1:5000/uw/base@${DIGEST_A}`, "x"), DIGEST_A);
});
