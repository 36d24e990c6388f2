#!/usr/bin/env node
// The usc command. The published package has no TypeScript sources and runs the compiled dist/bin/usc.js.
// A clone of the repository has them: it runs a compiled copy kept current in node_modules/.cache
// (bin/compiled-clone.js), or the sources themselves through tsx (a development dependency) when no copy can
// be made or USC_FROM_SOURCE=1 asks for it. Either way `npm start` and `npx usc` need no build step and never
// run a stale dist/.
import { existsSync } from "node:fs";

const source = new URL("./usc.ts", import.meta.url);
if (existsSync(source)) {
  const { compiledEntry } = await import("./compiled-clone.js");
  const compiled = await compiledEntry();
  if (compiled !== undefined) {
    await import(compiled.href);
  } else {
    const { register } = await import("tsx/esm/api");
    register();
    await import(source.href);
  }
} else {
  await import("../dist/bin/usc.js");
}
