import { defineConfig } from "vitest/config";

// Self-tests start real servers on 127.0.0.1; the forks pool keeps each file in its own process so
// native libraries (pact) and listening sockets never leak between files.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
