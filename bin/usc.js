#!/usr/bin/env node
// The usc command. The published package has no TypeScript sources and runs the compiled dist/bin/usc.js.
// A clone of the repository has them and runs them through tsx (a development dependency), so `npm start`
// and `npx usc` need no build step and never run a stale dist/.
import { existsSync } from "node:fs";

const source = new URL("./usc.ts", import.meta.url);
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source.href);
} else {
  await import("../dist/bin/usc.js");
}
