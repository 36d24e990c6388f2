// Runs the minimal server by hand: `npx tsx test/support/minimal-server/serve.ts [port] [idle seconds] [--alternatives] [--without-2014-forms]`.
import { startMinimalServer } from "./server.ts";

const port = Number(process.argv[2] ?? 0);
const idleTimeoutSeconds = Number(process.argv[3] ?? 300);
const alternatives = process.argv.includes("--alternatives");
const without2014Forms = process.argv.includes("--without-2014-forms");
const server = await startMinimalServer({ port, idleTimeoutSeconds, alternatives, without2014Forms });
console.log(`minimal server on ${server.url} (idle timeout ${idleTimeoutSeconds} s); users:`);
for (const user of server.users)
  console.log(`  ${user.name}${user.updateSessionPrivilege ? "" : " (no UpdateSession privilege)"}`);
process.on("SIGINT", () => void server.close().then(() => process.exit(0)));
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
