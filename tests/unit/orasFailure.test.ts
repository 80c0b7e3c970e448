// oras's failures in the project's words: each names the registry, the login offered and what to do.

import test from "ava";
import { isNotFound, orasFailure } from "../../manifest-list/orasFailure.ts";

const HOST = "registry.example.org";
const LOGIN = { username: "uw-maintainer", password: "never-shown" };
const UNAUTHORIZED = "Error response from registry: unauthorized: authentication required: [map[Action:pull Class: Name:a/b Type:repository]]\n";

test("a refused stack login names the registry, the user and the config keys, never the password", (t) => {
    const message = orasFailure(HOST, "read registry.example.org/a/b:c", UNAUTHORIZED, LOGIN).message;
    t.regex(message, /^registry\.example\.org refused the stack's login \(registryUsername "uw-maintainer"/);
    t.regex(message, /while trying to read registry\.example\.org\/a\/b:c/);
    t.regex(message, /pulumi config set --secret registryPassword/);
    t.false(message.includes(LOGIN.password));
});

test("a refused or missing Docker login says to run docker login for that registry", (t) => {
    for (const stderr of [UNAUTHORIZED, 'Error: failed to fetch the content of "x": basic credential not found\nPlease check ...\n']) {
        const message = orasFailure(HOST, "read x", stderr, undefined).message;
        t.regex(message, /refused Docker's login \(.*config\.json and its credential helpers\)/);
        t.regex(message, /run `docker login registry\.example\.org`/);
    }
});

test("a denied push, an unreachable registry and anything else are told apart", (t) => {
    t.regex(orasFailure(HOST, "push x", "Error response from registry: denied: requested access to the resource is denied\n", LOGIN).message,
        /^registry\.example\.org denied the request to push x \(with the stack's login/);
    t.regex(orasFailure(HOST, "read x", 'Error: Head "http://h/v2/": dial tcp 127.0.0.1:1: connect: connection refused\n', undefined).message,
        /^cannot reach the registry registry\.example\.org \(while trying to read x\)/);
    t.is(orasFailure(HOST, "push x", "Error response from registry: unsupported: The operation is unsupported.\n", undefined).message,
        "registry.example.org: cannot push x: unsupported: The operation is unsupported.");
});

test("not found is oras's answer for a missing tag or digest, and only that", (t) => {
    t.true(isNotFound('Error response from registry: failed to fetch the content of "h/a:b": h/a:b: not found\n'));
    t.false(isNotFound(UNAUTHORIZED));
});
