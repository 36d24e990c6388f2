import { describe, expect, it } from "vitest";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";

// The reference server's one type adapter: a received OVF descriptor's References name files the item
// needs, and validate lists one the session never had in missing_files until it arrives.
const server = useReferenceServer();

const descriptor = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1">',
  '  <References><File ovf:href="disk-1.vmdk" ovf:id="file1"/></References>',
  '  <VirtualSystem ovf:id="vm"><Info>test</Info></VirtualSystem>',
  "</Envelope>",
].join("\n");

describe.each(dialects)("%s: validate and an OVF descriptor's references", (dialect) => {
  it("lists a referenced file never added as missing, and not once it is uploaded", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    await wire.pushFile(id, "vm.ovf", descriptor);
    const before = wire.value<{ has_errors: boolean; missing_files: string[] }>(
      wire.must(await wire.validate(id), 200, "validate"),
    );
    expect(before).toMatchObject({ has_errors: true, missing_files: ["disk-1.vmdk"] });
    await wire.pushFile(id, "disk-1.vmdk", "disk bytes");
    const after = wire.value<{ has_errors: boolean; missing_files: string[] }>(
      wire.must(await wire.validate(id), 200, "validate"),
    );
    expect(after).toMatchObject({ has_errors: false, missing_files: [] });
  });

  it("a descriptor without references requires nothing", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    await wire.pushFile(id, "vm.ovf", descriptor.replace(/<References>.*<\/References>/, "<References/>"));
    const result = wire.value<{ has_errors: boolean }>(wire.must(await wire.validate(id), 200, "validate"));
    expect(result.has_errors).toBe(false);
  });
});
