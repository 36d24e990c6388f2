// A second, minimal implementation of the update session API in both dialects, written from the documents
// (not from server/), so `usc run` can be shown to find no failure in an implementation the suite was not
// written beside. node:http only; the state is in store.ts, the wire forms in routes.ts.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { routes, type Call, type Dialect, type Route } from "./routes.ts";
import { plainChoices, Store, type Choices, type User } from "./store.ts";
import { VapiError } from "./vapi-error.ts";

export interface MinimalServerOptions {
  port?: number;
  /** Idle timeout of update sessions (the documents' default is five minutes). */
  idleTimeoutSeconds?: number;
  users?: User[];
  /**
   * Give the other documented answer wherever the documents allow two (spec/errata.yaml): every Choices
   * member, and uploads by PUT only.
   */
  alternatives?: boolean;
  /** Serve no 2014 action form in rest (they are optional, errata E23). */
  without2014Forms?: boolean;
}

/**
 * Every documented choice the other way, except the date-time layout: an offset without milliseconds is valid
 * RFC 3339 but breaks a SHOULD (wire.date-time-layout), which expiry.expiration.layout rightly warns about.
 */
const alternativeChoices = {
  ...(Object.fromEntries(Object.keys(plainChoices).map((k) => [k, true])) as unknown as Choices),
  offsetDateTimes: false,
};

export interface MinimalServer {
  url: string;
  users: User[];
  close(): Promise<void>;
}

const defaultUsers: User[] = [
  {
    name: "admin@minimal.test",
    password: "minimal-admin-pw",
    updateSessionPrivilege: true,
    readStoragePrivilege: true,
  },
  {
    name: "other@minimal.test",
    password: "minimal-other-pw",
    updateSessionPrivilege: true,
    readStoragePrivilege: true,
  },
  {
    name: "reader@minimal.test",
    password: "minimal-reader-pw",
    updateSessionPrivilege: false,
    readStoragePrivilege: false,
  },
];

interface Login {
  user: User;
  created: string;
  lastAccessed: string;
}

const maxBody = 16 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) reject(new VapiError("invalid_request", "request body too large"));
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status, { "content-length": "0" }).end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

function sendError(response: ServerResponse, dialect: Dialect, error: VapiError): void {
  send(response, error.status(dialect), error.body(dialect));
}

/** The result in the dialect's encoding: rest wraps every result in {"value"}; api is bare with 201/204. */
function sendResult(response: ServerResponse, dialect: Dialect, kind: Route["kind"], result: unknown): void {
  if (dialect === "rest") send(response, 200, kind === "void" ? undefined : { value: result });
  else if (kind === "void") send(response, 204);
  else send(response, kind === "created" ? 201 : 200, result);
}

function basicCredentials(header: string | undefined): { name: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function startMinimalServer(options: MinimalServerOptions = {}): Promise<MinimalServer> {
  const idleMs = (options.idleTimeoutSeconds ?? 300) * 1000;
  const alternatives = options.alternatives ?? false;
  const store = new Store(idleMs, alternatives ? alternativeChoices : plainChoices);
  const users = options.users ?? defaultUsers;
  const logins = new Map<string, Login>();

  function loggedIn(request: IncomingMessage): Login {
    const token = request.headers["vmware-api-session-id"];
    const login = typeof token === "string" ? logins.get(token) : undefined;
    if (login === undefined) throw new VapiError("unauthenticated", "Authentication required.");
    login.lastAccessed = new Date().toISOString();
    return login;
  }

  /** Login, session info and logout (fact sheet section 4). */
  function session(dialect: Dialect, method: string, action: string | undefined, request: IncomingMessage) {
    if (method === "POST" && action === undefined) {
      const credentials = basicCredentials(request.headers.authorization);
      const user = users.find((u) => u.name === credentials?.name && u.password === credentials?.password);
      if (user === undefined)
        throw new VapiError("unauthenticated", "The user name or password is not correct.");
      const token = randomUUID().replace(/-/g, "");
      const at = new Date().toISOString();
      logins.set(token, { user, created: at, lastAccessed: at });
      return { kind: "created" as const, result: token };
    }
    const login = loggedIn(request);
    if (
      method === (dialect === "rest" ? "POST" : "GET") &&
      action === (dialect === "rest" ? "get" : undefined)
    ) {
      const info = {
        user: login.user.name,
        created_time: login.created,
        last_accessed_time: login.lastAccessed,
      };
      return { kind: "value" as const, result: info };
    }
    if (method === "DELETE" && action === undefined) {
      logins.delete(request.headers["vmware-api-session-id"] as string);
      return { kind: "void" as const, result: undefined };
    }
    throw new VapiError("operation_not_found", `${method} is not an operation of the session service`);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://placeholder");
    const method = request.method ?? "GET";
    const baseUrl = `http://${request.headers.host ?? "127.0.0.1"}`;
    const upload = /^\/minimal-upload\/([\w-]+)$/.exec(url.pathname);
    if (upload !== null && (method === "PUT" || (method === "POST" && !alternatives))) {
      const content = await readBody(request);
      try {
        store.upload(upload[1]!, content);
        send(response, 200);
      } catch (error) {
        if (!(error instanceof VapiError)) throw error;
        send(response, error.status("api"), error.body("api"));
      }
      return;
    }
    const dialect: Dialect | undefined = url.pathname.startsWith("/rest/")
      ? "rest"
      : url.pathname.startsWith("/api/")
        ? "api"
        : undefined;
    if (dialect === undefined) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const action = url.searchParams.get(dialect === "rest" ? "~action" : "action") ?? undefined;
    try {
      const raw = await readBody(request);
      let body: unknown;
      try {
        body = raw.length === 0 ? undefined : JSON.parse(raw.toString("utf8"));
      } catch {
        throw new VapiError("invalid_request", "the request body is not JSON");
      }
      if (url.pathname === (dialect === "rest" ? "/rest/com/vmware/cis/session" : "/api/session")) {
        const { kind, result } = session(dialect, method, action, request);
        sendResult(response, dialect, kind, result);
        return;
      }
      let route: Route | undefined;
      let match: RegExpExecArray | null = null;
      for (const candidate of routes) {
        if (candidate.dialect !== dialect || candidate.method !== method || candidate.action !== action)
          continue;
        if (candidate.legacy && options.without2014Forms === true) continue;
        match = candidate.pattern.exec(url.pathname);
        if (match !== null) {
          route = candidate;
          break;
        }
      }
      if (route === undefined || match === null) {
        throw new VapiError("operation_not_found", `no operation ${method} ${url.pathname}${url.search}`);
      }
      const login = loggedIn(request);
      const path = Object.fromEntries(
        route.params.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]),
      );
      const call: Call = {
        store,
        user: login.user,
        baseUrl,
        body,
        arg: (name) => {
          if (name in path) return path[name];
          if (dialect === "rest" && typeof body === "object" && body !== null && name in body) {
            return (body as Record<string, unknown>)[name];
          }
          return url.searchParams.get(name) ?? undefined;
        },
      };
      sendResult(response, dialect, route.kind, await route.run(call));
    } catch (error) {
      if (!(error instanceof VapiError)) throw error;
      sendError(response, dialect, error);
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const text = error instanceof Error ? error.message : String(error);
      if (!response.headersSent)
        send(response, 500, {
          error_type: "INTERNAL_SERVER_ERROR",
          messages: [{ id: "internal", default_message: text, args: [] }],
        });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    users,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
