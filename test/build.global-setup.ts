/**
 * Vitest global set-up: builds dist/ (`npm run build`) before any test runs, because the tests
 * that spawn the real bin run the built JavaScript, and a build older than the sources would test
 * yesterday's code.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: "inherit" });
}
