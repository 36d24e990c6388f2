#!/usr/bin/env node
// The usc command. The build compiles this file to dist/bin/usc.js, which bin/usc.js runs in the package;
// bin/usc.js runs it from source in a clone.
import { main } from "../src/cli/main.ts";

process.exitCode = await main(process.argv.slice(2));
