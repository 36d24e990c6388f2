import fc from "fast-check";
import { fileNames, warningTypes, type FuzzCommand } from "./command.ts";
import {
  FileAddCommand,
  FileGetCommand,
  FileListCommand,
  FileRemoveCommand,
  UploadCommand,
  ValidateCommand,
} from "./file-commands.ts";
import { ItemFileListCommand, ItemGetCommand } from "./item-commands.ts";
import {
  CancelCommand,
  CompleteCommand,
  CreateCommand,
  DeleteCommand,
  FailCommand,
  GetCommand,
  KeepAliveCommand,
  ListCommand,
  UpdateCommand,
} from "./session-commands.ts";

/** Items each sequence creates: two, so one-per-item rules and filters meet a neighbour. */
export const itemsPerSequence = 2;
/** Client token slots: few, so the same token comes back often (on the same item and on another). */
const tokenSlots = 3;
/** Session picks are taken modulo the sessions the sequence has; small numbers shrink towards the first. */
const pick = fc.nat({ max: 7 });
const item = fc.nat({ max: itemsPerSequence - 1 });
const fileName = fc.constantFrom(...fileNames);

/** Every command the fuzz draws from, each with the arguments it varies. */
export function commandArbitraries(): Array<fc.Arbitrary<FuzzCommand>> {
  const create = fc
    .tuple(item, fc.option(fc.nat({ max: tokenSlots - 1 }), { nil: undefined }))
    .map(([i, t]) => new CreateCommand(i, t));
  const get = pick.map((p) => new GetCommand(p));
  const keepAlive = fc
    .tuple(
      pick,
      // Mostly valid progress values (rising and falling), now and then one above the maximum of 100.
      fc.option(
        fc.oneof(
          { arbitrary: fc.integer({ min: 0, max: 100 }), weight: 9 },
          { arbitrary: fc.constant(101), weight: 1 },
        ),
        { nil: undefined, freq: 4 },
      ),
    )
    .map(([p, progress]) => new KeepAliveCommand(p, progress));
  const upload = pick.map((p) => new UploadCommand(p));
  // fast-check draws each entry equally often: the commands most sequences need (create, and the reads and
  // steps that expose a wrong state) are listed twice.
  return [
    create,
    create,
    get,
    get,
    keepAlive,
    keepAlive,
    upload,
    upload,
    fc.option(item, { nil: undefined }).map((i) => new ListCommand(i)),
    fc
      .tuple(pick, fc.constantFrom(...warningTypes), fc.boolean())
      .map(([p, t, ig]) => new UpdateCommand(p, t, ig)),
    fc.tuple(pick, fileName).map(([p, n]) => new FileAddCommand(p, n)),
    fc.tuple(pick, fileName).map(([p, n]) => new FileGetCommand(p, n)),
    pick.map((p) => new FileListCommand(p)),
    fc.tuple(pick, fileName).map(([p, n]) => new FileRemoveCommand(p, n)),
    pick.map((p) => new ValidateCommand(p)),
    pick.map((p) => new CompleteCommand(p)),
    pick.map((p) => new CancelCommand(p)),
    pick.map((p) => new FailCommand(p)),
    pick.map((p) => new DeleteCommand(p)),
    item.map((i) => new ItemGetCommand(i)),
    item.map((i) => new ItemFileListCommand(i)),
  ];
}

/** The sequences: fast-check's commands arbitrary (its shrinker drops commands and replays by path). */
export function sequenceArbitrary(maxSteps: number, replayPath: string | undefined) {
  return fc.commands(commandArbitraries(), {
    maxCommands: maxSteps,
    size: "max",
    ...(replayPath === undefined ? {} : { replayPath }),
  });
}
