// Runs the minimal server by hand: `npx tsx test/support/minimal-server/serve.ts [port] [idle seconds]`.
import { startMinimalServer } from "./server.ts";

const port = Number(process.argv[2] ?? 0);
const idleTimeoutSeconds = Number(process.argv[3] ?? 300);
const server = await startMinimalServer({ port, idleTimeoutSeconds });
console.log(`minimal server on ${server.url} (idle timeout ${idleTimeoutSeconds} s); users:`);
for (const user of server.users)
  console.log(`  ${user.name}${user.updateSessionPrivilege ? "" : " (no UpdateSession privilege)"}`);
process.on("SIGINT", () => void server.close().then(() => process.exit(0)));
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
