#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so `npx send-findings` works after `npm ci` with no build step.
import { register } from "tsx/esm/api";

register();
await import("../scripts/cli/bin.ts");
