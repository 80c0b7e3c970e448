// Moved to components/preflight/checks.ts (issue 33: plan/ is pure). Only a forward, for tests/real/registry-logins.test.ts, which
// another developer is editing: once it imports from components/preflight/, delete this file (tests/static/layers.test.ts
// allows it as a forward and nothing else).

export { preflightProblems } from "../components/preflight/checks.ts";
