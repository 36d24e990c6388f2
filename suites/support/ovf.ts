import { createHash } from "node:crypto";
import type { CheckContext } from "../../src/checks/check-context.ts";
import type { SuiteEnvironment } from "../../src/checks/suite-environment.ts";

/**
 * OVF content for the checks that need metadata files: an unsigned descriptor of an empty virtual system
 * (no disks; references only where a check names files, which an OVF type adapter then requires) and a
 * manifest naming its SHA256, as `ovftool` writes one.
 */
export function ovfDescriptor(systemId: string, references: readonly string[] = []): string {
  const files = references.map((name, index) => `    <File ovf:href="${name}" ovf:id="file${index + 1}"/>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1">',
    ...(files.length === 0 ? ["  <References/>"] : ["  <References>", ...files, "  </References>"]),
    `  <VirtualSystem ovf:id="${systemId}">`,
    "    <Info>update session conformance: an empty virtual system</Info>",
    "  </VirtualSystem>",
    "</Envelope>",
    "",
  ].join("\n");
}

/** A manifest (.mf) line per file: `SHA256(<name>)= <hex>`. */
export function ovfManifest(files: Record<string, string>): string {
  return Object.entries(files)
    .map(([name, text]) => `SHA256(${name})= ${createHash("sha256").update(text).digest("hex")}\n`)
    .join("");
}

/** A scratch library item of type `ovf` (the documents speak of metadata order "in a session on an OVF item"). */
export function newOvfItem(t: CheckContext, env: SuiteEnvironment, purpose: string): Promise<string> {
  return env.newItem(t, purpose, "ovf");
}
