import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**"],
    // The bin runs dist/: build it first so tests through the bin see the current sources.
    globalSetup: ["test/build.global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
