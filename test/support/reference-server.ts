import type { Dispatcher } from "undici";
import { afterAll, beforeAll, expect } from "vitest";
import type { Dialect } from "../../spec/index.ts";
import {
  startReferenceServer,
  type ReferenceServerHandle,
  type ReferenceServerOptions,
} from "../../src/index.ts";
import { ExchangeLog, ReferenceClient, type KnownFinding } from "./reference-client.ts";
import { Wire } from "./update-session-wire.ts";

export const admin = { username: "administrator@vsphere.local", password: "VMware1!" };

export interface ReferenceServerFixture {
  readonly url: string;
  readonly log: ExchangeLog;
  /** A client without a session. */
  anonymous(): ReferenceClient;
  /** A logged-in client of the dialect (default: the administrator). */
  wire(dialect: Dialect, user?: { username: string; password: string }): Promise<Wire>;
}

/**
 * Starts a reference server for the test file and stops it afterwards. After the file's tests it validates
 * every recorded response against the spec and fails the file on any finding.
 */
export function useReferenceServer(
  options: ReferenceServerOptions = {},
  // knownFindings: places where the OpenAPI files disagree with the documents while the server follows the
  // documents; the log fails the file once a listed finding no longer occurs, so no stale excuse stays.
  settings: { knownFindings?: KnownFinding[]; dispatcher?: Dispatcher } = {},
): ReferenceServerFixture {
  const log = new ExchangeLog();
  let server: ReferenceServerHandle | undefined;
  const url = (): string => {
    if (server === undefined) throw new Error("the reference server is not running (used outside a test?)");
    return server.url;
  };
  beforeAll(async () => {
    server = await startReferenceServer(options);
  });
  afterAll(async () => {
    await server?.close();
    expect(log.unexplained(settings.knownFindings)).toEqual([]);
  });
  return {
    get url() {
      return url();
    },
    log,
    anonymous: () => new ReferenceClient(url(), log, settings.dispatcher),
    async wire(dialect, user = admin) {
      const client = new ReferenceClient(url(), log, settings.dispatcher);
      await client.login(dialect, user.username, user.password);
      return new Wire(dialect, client);
    },
  };
}
