// The login the manifest-list program uses: the stack's, from its environment, else Docker's.

import test from "ava";
import { loginFromEnvironment, withLogin } from "../../manifest-list/login.ts";
import { speaksPlainHttp } from "../../manifest-list/oras.ts";

test("the stack's login comes from the environment, and only when both halves are there", (t) => {
    t.deepEqual(loginFromEnvironment({ REGISTRY_USERNAME: "u", REGISTRY_PASSWORD: "p" }), { username: "u", password: "p" });
    t.is(loginFromEnvironment({ REGISTRY_USERNAME: "u" }), undefined);
    t.is(loginFromEnvironment({}), undefined);
});

test("a process is given exactly the login meant for it: none means none, whatever its parent had", (t) => {
    const parent = { PATH: "/bin", REGISTRY_USERNAME: "old", REGISTRY_PASSWORD: "old-pw" };
    t.deepEqual(withLogin(parent, undefined), { PATH: "/bin" });
    t.deepEqual(withLogin(parent, { username: "u", password: "p" }), { PATH: "/bin", REGISTRY_USERNAME: "u", REGISTRY_PASSWORD: "p" });
});

test("loopback registries are plain HTTP, as the Docker engine treats them; others HTTPS", (t) => {
    for (const host of ["127.0.0.1:5000", "localhost:5000", "localhost", "[::1]:5000"]) t.true(speaksPlainHttp(host), host);
    for (const host of ["docker.io", "ghcr.io", "registry.example.org:5000"]) t.false(speaksPlainHttp(host), host);
});
