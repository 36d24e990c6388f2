import { FuzzCommand } from "./command.ts";
import { asRecord, expectEqual, expectSuccess } from "./expect.ts";
import type { FuzzTarget } from "./fuzz-target.ts";
import type { FuzzModel } from "./model.ts";

/** Reads of a library item: what the item shows changes only when a session completes. */
export class ItemGetCommand extends FuzzCommand {
  constructor(readonly item: number) {
    super();
  }

  label(): string {
    return `library item get of item ${this.item + 1}`;
  }

  check(): boolean {
    return true;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const item = model.items[this.item];
    if (item === undefined) return;
    const response = await target.call("library.item.get", { params: { library_item_id: item.id } });
    expectSuccess(response, "visibility.hidden-until-complete", this.label());
    expectEqual(
      String(asRecord(response.value).content_version),
      item.version,
      item.filesBecause === "file.remove.effective-at-completion"
        ? "visibility.content-version-increases"
        : item.filesBecause,
      "content_version (changes only at complete)",
      response,
    );
  }
}

export class ItemFileListCommand extends FuzzCommand {
  constructor(readonly item: number) {
    super();
  }

  label(): string {
    return `library item file list of item ${this.item + 1}`;
  }

  check(): boolean {
    return true;
  }

  protected async execute(model: FuzzModel, target: FuzzTarget): Promise<void> {
    const item = model.items[this.item];
    if (item === undefined) return;
    const response = await target.call("library.item.file.list", { params: { library_item_id: item.id } });
    expectSuccess(response, "visibility.hidden-until-complete", this.label());
    const names = Array.isArray(response.value)
      ? response.value.map((file) => String(asRecord(file).name)).sort()
      : [];
    expectEqual(names, [...item.files].sort(), item.filesBecause, "the item's files", response);
  }
}
