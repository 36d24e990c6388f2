import { ApiClient } from "../../src/client/api-client.ts";
import { FindingsLog } from "../../src/client/findings-log.ts";
import { createTransport, type Transport } from "../../src/http/transport.ts";

/** A client of the `api` dialect, logged in to `baseUrl`, with the transport to close after it. */
export async function loggedInClient(
  baseUrl: string,
  credentials: { username: string; password: string },
  timeoutMs = 5000,
): Promise<{ client: ApiClient; transport: Transport }> {
  const transport = createTransport({ insecure: false, timeoutMs });
  const client = new ApiClient({
    dialect: "api",
    baseUrl,
    ...credentials,
    transport,
    findings: new FindingsLog(),
  });
  await client.login();
  return { client, transport };
}
