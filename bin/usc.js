#!/usr/bin/env node
// The usc command: loads the TypeScript CLI through tsx so a fresh clone runs without a build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
