import { randomBytes } from "node:crypto";
import type { CheckContext } from "../src/checks/check-context.ts";
import { defineSuite } from "../src/checks/suite.ts";
import type { ApiClient, ApiResponse, SessionChoice } from "../src/client/api-client.ts";
import type { OperationCall } from "../src/dialects/wire-request.ts";
import { authCatalogue, protectedOperations } from "../src/catalogue/auth.checks.ts";
import { addPushFile, createSession, produced, producedId, sessionParams, step } from "./support/steps.ts";
import { canonicalJson, withoutMembers } from "./support/compare.ts";
import { judgeEach } from "./support/variants.ts";
import { createSpec } from "../fixtures/create-specs.ts";
import type { OperationId } from "../spec/index.ts";
import { wellFormedCall } from "../fixtures/well-formed-calls.ts";

type ProtectedOperation = (typeof protectedOperations)[number]["operation"];

/** What the unauthenticated calls address: a real item, an ACTIVE session on it, a file in that session. */
interface Target {
  itemId: string;
  sessionId: string;
  fileName: string;
  /** The token of a login session that has since been logged out. */
  staleToken: string;
}

function createRequest(itemId: string): OperationCall {
  return { body: createSpec(itemId), params: { client_token: crypto.randomUUID() } };
}

/** Each operation as a well-formed request on real resources, so only the missing credential is wrong. */
function wellFormedOn(
  operationId: ProtectedOperation,
  { itemId, sessionId, fileName }: Target,
): OperationCall {
  return wellFormedCall(operationId, {
    sessionId,
    libraryItemId: itemId,
    clientToken: crypto.randomUUID(),
    fileName,
    newFileName: "unauthenticated.txt",
  });
}

/** Why the privilege checks skip when the run knows no user lacking ContentLibrary.UpdateSession. */
const noLimitedUser =
  "the run knows no user without ContentLibrary.UpdateSession on the scratch items (--limited-username/--limited-password), so unauthorized cannot be provoked";

export const authSuite = defineSuite(authCatalogue, ({ check, env }) => {
  let target: Target | undefined;

  /** A logged-in client of the run's limited user, whose exchanges go to the check's transcript. */
  async function limitedCaller(t: CheckContext): Promise<{
    username: string;
    call: (operationId: OperationId, call: OperationCall) => Promise<ApiResponse>;
  }> {
    const limitedUser = env.run.limitedUser;
    if (limitedUser === undefined) t.skip(noLimitedUser);
    const limited: ApiClient = env.newClient(limitedUser.username, limitedUser.password);
    const login = await limited.login();
    if (!login.success) t.block(`login as ${limitedUser.username} failed with status ${login.status}`);
    return {
      username: limitedUser.username,
      call: async (operationId, call) => {
        const response = await limited.call(operationId, call);
        t.transcript.push(response.exchange);
        t.focus = response.exchange;
        return response;
      },
    };
  }

  /**
   * What a refused call must leave as it was: the session (every member but expiration_time, which
   * moves with any activity) and the names of its files, or the status that answered instead. It is
   * kept alive first (its answer does not matter here).
   */
  async function snapshot(t: CheckContext, shared: Target): Promise<unknown> {
    // Refused calls are no activity: without this a short idle timeout could end the session in between.
    await t.call("updateSession.keepAlive", sessionParams(shared.sessionId));
    const session = await t.call("updateSession.get", sessionParams(shared.sessionId));
    const files = await t.call("updateSession.file.list", sessionParams(shared.sessionId));
    const names = produced(files);
    return {
      session: session.success
        ? canonicalJson(withoutMembers(produced(session), ["expiration_time"]))
        : session.status,
      files: Array.isArray(names)
        ? names.map((file) => String((file as { name?: unknown } | null)?.name)).sort()
        : files.status,
    };
  }

  /** Whether the shared session is still ACTIVE and still holds its file, read with the suite's own login. */
  async function stillUsable(t: CheckContext, shared: Target): Promise<boolean> {
    const session = produced(await t.call("updateSession.get", sessionParams(shared.sessionId)));
    if ((session as { state?: unknown } | undefined)?.state !== "ACTIVE") return false;
    const file = await t.call("updateSession.file.get", {
      params: { update_session_id: shared.sessionId, file_name: shared.fileName },
    });
    return file.status !== undefined && file.status >= 200 && file.status < 300;
  }

  /**
   * The resources every check addresses, made on first use and verified before each check: a target that
   * wrongly carried out an unauthenticated complete, delete or file remove gets a new session and file, so
   * the next check still asks only about the credential. A set-up failure blocks and the next check retries.
   */
  async function prepare(t: CheckContext): Promise<Target> {
    if (target !== undefined && (await stillUsable(t, target))) return target;
    const itemId = await env.newItem(t, "auth");
    const sessionId = await createSession(t, env, itemId);
    const fileName = "auth.txt";
    await addPushFile(t, sessionId, fileName, { size: 8 });
    if (target !== undefined) {
      target = { ...target, itemId, sessionId, fileName };
      return target;
    }
    // A second login of the same user, logged out again: its token must be worthless afterwards.
    const second = env.newClient(env.run.username, env.run.password);
    const login = await second.login();
    // The token as the client read it (wrapped or bare): its shape is the schema check's finding.
    const staleToken = second.token;
    if (staleToken === undefined) {
      t.block(`a second login as ${env.run.username} failed with status ${login.status}`);
    }
    const logout = await second.logout();
    if (logout?.success !== true)
      t.block(`logging the second login out failed with status ${logout?.status}`);
    target = { itemId, sessionId, fileName, staleToken };
    return target;
  }

  /**
   * create without valid credentials, on an item of its own: refused, and no session made. The main user's
   * list shows only its own sessions, so the proof is a create as the main user on the same item, which
   * an item with an ACTIVE session would answer resource_busy.
   */
  async function judgeRefusedCreate(t: CheckContext, how: string, session: SessionChoice): Promise<void> {
    const itemId = await env.newItem(t, "auth-create");
    const refused = await t.call("updateSession.create", createRequest(itemId), session);
    const made = producedId(refused);
    if (made !== undefined) env.recordSession(made, itemId);
    t.expectError(refused, "unauthenticated", `create ${how}`);
    const mine = await t.call("updateSession.create", createRequest(itemId));
    const mineId = producedId(mine);
    if (mineId !== undefined) env.recordSession(mineId, itemId);
    t.expectSuccess(
      mine,
      `create as ${env.run.username} on the item after the create ${how} was refused (an item with an ACTIVE session answers resource_busy, so the refused create must have made none)`,
    );
  }

  for (const { key, label, operation: operationId } of protectedOperations) {
    check(`auth.unauthenticated.${key}`, async (t) => {
      const resources = await prepare(t);
      const cases: Array<[string, SessionChoice]> = [
        ["without a session header", { kind: "none" }],
        ["with a token no login issued", { kind: "token", token: randomBytes(16).toString("hex") }],
        ["with the token of a logged-out session", { kind: "token", token: resources.staleToken }],
      ];
      // Every credential is tried even when one is wrongly accepted: the verdict lists each outcome.
      await judgeEach(
        t,
        `${label} without valid credentials`,
        cases.map(([how, session]) => ({
          label: how,
          judge: async () => {
            if (key === "create") return judgeRefusedCreate(t, how, session);
            // A refused call changes nothing: the session and its files, read with the suite's own login.
            const before = await snapshot(t, resources);
            const keptAliveAt = Date.now();
            const response = await t.call(operationId, wellFormedOn(operationId, resources), session);
            t.expectError(response, "unauthenticated", `${label} ${how}`);
            const after = await snapshot(t, resources);
            const idleMs = (env.run.idleTimeoutSeconds ?? Number.POSITIVE_INFINITY) * 1000;
            const elapsed = Date.now() - keptAliveAt;
            if (JSON.stringify(after) !== JSON.stringify(before) && elapsed >= idleMs / 2)
              t.block(
                `the session may have expired on its own (${elapsed} ms without activity, idle timeout ${idleMs / 1000} s), so a change cannot be blamed on the refused call`,
              );
            t.expectEqual(after, before, `the session and its files after ${label} ${how} was refused`);
          },
        })),
      );
    });
  }

  check("auth.list.caller-scope", async (t: CheckContext) => {
    const otherUser = env.run.otherUser;
    if (otherUser === undefined)
      t.skip("the run knows no second user of the target, so list isolation cannot be shown");
    const mine = await createSession(t, env, await env.newItem(t, "list-mine"));
    const theirItem = await env.newItem(t, "list-theirs");
    const other: ApiClient = env.newClient(otherUser.username, otherUser.password);
    const asOther = async (operationId: OperationId, call: OperationCall): Promise<ApiResponse> => {
      const response = await other.call(operationId, call);
      t.transcript.push(response.exchange);
      t.focus = response.exchange;
      return response;
    };
    const login = await other.login();
    if (!login.success) t.block(`login as ${otherUser.username} failed with status ${login.status}`);
    const created = step(
      t,
      await asOther("updateSession.create", {
        body: createSpec(theirItem),
        params: { client_token: crypto.randomUUID() },
      }),
      `creating a session as ${otherUser.username}`,
    );
    const theirs = producedId(created);
    if (theirs === undefined)
      t.block(`create as ${otherUser.username} answered ${created.status} without a session identifier`);
    env.recordSession(theirs, theirItem);

    const myList = t.expectSuccess(await t.call("updateSession.list"), `list as ${env.run.username}`);
    const myIds = Array.isArray(myList.value) ? myList.value.map(String) : [];
    t.expectThat(
      myIds.includes(mine),
      `list as ${env.run.username}`,
      `a list containing its own ${mine}`,
      JSON.stringify(myIds),
    );
    t.expectThat(
      !myIds.includes(theirs),
      `list as ${env.run.username}`,
      `no ${theirs} (created by ${otherUser.username})`,
      JSON.stringify(myIds),
    );
    const theirList = t.expectSuccess(
      await asOther("updateSession.list", {}),
      `list as ${otherUser.username}`,
    );
    const theirIds = Array.isArray(theirList.value) ? theirList.value.map(String) : [];
    t.expectThat(
      theirIds.includes(theirs),
      `list as ${otherUser.username}`,
      `a list containing its own ${theirs}`,
      JSON.stringify(theirIds),
    );
    t.expectThat(
      !theirIds.includes(mine),
      `list as ${otherUser.username}`,
      `no ${mine} (created by ${env.run.username})`,
      JSON.stringify(theirIds),
    );
  });

  check("auth.privilege.create-unauthorized", async (t: CheckContext) => {
    const limited = await limitedCaller(t);
    const itemId = await env.newItem(t, "privilege-create");
    const created = await limited.call("updateSession.create", {
      body: createSpec(itemId),
      params: { client_token: crypto.randomUUID() },
    });
    const madeAnyway = producedId(created);
    if (madeAnyway !== undefined) env.recordSession(madeAnyway, itemId);
    t.expectError(created, "unauthorized", `create as ${limited.username} on ${itemId}`);
    // The main user's list shows only its own sessions, so it cannot see one the limited user made; a create
    // as the main user can: an item that already has an ACTIVE session answers resource_busy.
    const mine = await t.call("updateSession.create", {
      body: createSpec(itemId),
      params: { client_token: crypto.randomUUID() },
    });
    const mineId = producedId(mine);
    if (mineId !== undefined) env.recordSession(mineId, itemId);
    t.expectSuccess(
      mine,
      `create as ${env.run.username} on ${itemId} after the refused create (an item with an ACTIVE session answers resource_busy, so the refused create must have made none)`,
    );
  });

  check("auth.privilege.list-unauthorized", async (t: CheckContext) => {
    const limited = await limitedCaller(t);
    const itemId = await env.newItem(t, "privilege-list");
    t.expectError(
      await limited.call("updateSession.list", { params: { library_item_id: itemId } }),
      "unauthorized",
      `list as ${limited.username} filtered by ${itemId}`,
    );
  });

  check("auth.privilege.pull-storage-unauthorized", async (t: CheckContext) => {
    // The limited user is a read-only one, so it holds ContentLibrary.ReadStorage no more than UpdateSession.
    // File add needs only System.Anonymous (auth.session-operations-anonymous): it adds to the main user's
    // session, and only the ds source can make it unauthorized.
    const limited = await limitedCaller(t);
    const sessionId = await createSession(t, env, await env.newItem(t, "privilege-pull-storage"));
    const name = "usc-storage-pull.txt";
    const uri = `ds:///vmfs/volumes/usc-conformance/${name}`;
    const added = await limited.call("updateSession.file.add", {
      params: { update_session_id: sessionId },
      body: { name, source_type: "PULL", source_endpoint: { uri } },
    });
    // A target that pulls from no datastore may refuse the scheme before any privilege test (E39, E53).
    if (added.errorType === "invalid_argument" || added.errorType === "unsupported")
      t.skip(
        `file add of a PULL from ${uri} was answered ${added.status} ${added.errorType}: the target refuses the ds scheme, so the privilege it needs cannot be reached`,
      );
    t.expectError(added, "unauthorized", `PULL from ${uri} added as ${limited.username}`);
  });
});
