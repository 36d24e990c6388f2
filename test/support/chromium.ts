import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { Readable, Writable } from "node:stream";

/**
 * Debian's headless Chromium, for tests of what a browser shows. `.ci/run` installs it and sets
 * USC_REQUIRE_BROWSER=1, so CI fails when it is missing; elsewhere (a fresh clone without the package) the
 * browser tests are skipped with the reason instead of failing `npm test`.
 */
export function findChromium(): string | undefined {
  const override = process.env.USC_CHROMIUM;
  if (override !== undefined && override !== "") return override;
  for (const dir of (process.env.PATH ?? "").split(delimiter))
    for (const name of ["chromium", "chromium-browser", "google-chrome"])
      if (dir !== "" && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

export const browserRequired = process.env.USC_REQUIRE_BROWSER === "1";

const baseFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/** One headless Chromium that loads page after page: a browser start costs about 0.8 CPU-seconds. */
export interface Browser {
  /** The DOM after the page's scripts ran, as `chromium --dump-dom` prints it (the document element's markup). */
  dumpDom(url: string): Promise<string>;
  close(): Promise<void>;
}

interface DevToolsMessage {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/**
 * Starts Chromium with the DevTools protocol on a pipe (fds 3 and 4, messages ended by a NUL byte): each
 * page is a new tab, read once its load event fired (the report's script runs while the page loads),
 * then closed. Every call is bounded by `timeoutMs`, and a browser that exits fails the calls waiting.
 */
export function startBrowser(binary: string, timeoutMs = 60_000): Browser {
  const child = spawn(binary, [...baseFlags, "--remote-debugging-pipe", "about:blank"], {
    stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"],
  });
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const waiting = new Map<number, (message: DevToolsMessage) => void>();
  const listeners = new Set<(message: DevToolsMessage) => void>();
  let exited: Error | undefined;
  let nextId = 1;
  let buffer = "";

  const receive = (message: DevToolsMessage) => {
    if (message.id !== undefined) waiting.get(message.id)?.(message);
    else for (const listener of listeners) listener(message);
  };
  fromBrowser.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf("\0"); end !== -1; end = buffer.indexOf("\0")) {
      receive(JSON.parse(buffer.slice(0, end)) as DevToolsMessage);
      buffer = buffer.slice(end + 1);
    }
  });
  const ended = new Promise<void>((resolve) =>
    child.on("close", (code, signal) => {
      exited = new Error(`chromium exited (${signal ?? code})`);
      for (const reply of waiting.values()) reply({ error: { message: exited.message } });
      resolve();
    }),
  );
  child.on("error", (error) => (exited = error));
  toBrowser.on("error", () => undefined);

  /** A promise of what `body` resolves to, or a rejection naming `what` once `timeoutMs` passed. */
  const bounded = <T>(what: string, body: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`chromium: ${what} took over ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([body, late]).finally(() => clearTimeout(timer));
  };

  const send = (method: string, params: object = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      if (exited !== undefined) return reject(exited);
      const id = nextId++;
      waiting.set(id, (reply) => {
        waiting.delete(id);
        if (reply.error !== undefined) reject(new Error(`chromium: ${method}: ${reply.error.message}`));
        else resolve(reply.result ?? {});
      });
      toBrowser.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });

  const event = (method: string, sessionId: string) =>
    new Promise<void>((resolve) => {
      const listener = (message: DevToolsMessage) => {
        if (message.method !== method || message.sessionId !== sessionId) return;
        listeners.delete(listener);
        resolve();
      };
      listeners.add(listener);
    });

  return {
    dumpDom: (url) =>
      bounded(
        `loading ${url}`,
        (async () => {
          const { targetId } = (await send("Target.createTarget", { url: "about:blank" })) as {
            targetId: string;
          };
          const { sessionId } = (await send("Target.attachToTarget", { targetId, flatten: true })) as {
            sessionId: string;
          };
          try {
            await send("Page.enable", {}, sessionId);
            const loaded = event("Page.loadEventFired", sessionId);
            await send("Page.navigate", { url }, sessionId);
            await loaded;
            const { result } = (await send(
              "Runtime.evaluate",
              { expression: "document.documentElement.outerHTML", returnByValue: true },
              sessionId,
            )) as { result: { value: string } };
            return result.value;
          } finally {
            await send("Target.closeTarget", { targetId });
          }
        })(),
      ),
    close: async () => {
      if (exited === undefined) {
        void send("Browser.close").catch(() => undefined);
        const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await ended;
        clearTimeout(kill);
      }
    },
  };
}
