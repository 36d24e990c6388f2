#!/usr/bin/env node
// The usc command from source: loads the TypeScript entry through tsx so a clone runs without a build step.
// The published package runs the compiled dist/bin/usc.js instead.
import { register } from "tsx/esm/api";

register();
await import("./usc.ts");
