import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signedOvf } from "../fixtures/ovf.ts";
import { runCertificate } from "../fixtures/signing-certificate.ts";
import { dialects } from "../spec/index.ts";
import { useReferenceServer } from "./support/reference-server.ts";
import type { Wire } from "./support/update-session-wire.ts";

// Signed OVF content: the preview shows the signing certificate and a SELF_SIGNED_CERTIFICATE warning;
// complete fails the session while the warning is not ignored and applies it once it is.
const server = useReferenceServer();

interface SignedPreview {
  state: string;
  certificate_info?: { issuer: string; subject: string; self_signed: boolean; x509: string };
  warnings?: Array<{ type: string; ignored: boolean; message: { id: string; default_message: string } }>;
  cert_chain?: string[];
}

async function uploadSigned(wire: Wire, itemId: string, tamper = false): Promise<string> {
  const id = await wire.createId(itemId);
  for (const file of signedOvf("pkg", await runCertificate()).files) {
    const text =
      tamper && file.name.endsWith(".mf") ? file.text.replace(/[0-9a-f]{8}\n$/, "00000000\n") : file.text;
    await wire.pushFile(id, file.name, text);
  }
  return id;
}

async function preview(wire: Wire, id: string): Promise<SignedPreview> {
  return (await wire.session(id)).preview_info as SignedPreview;
}

describe.each(dialects)("%s: preview of signed OVF content", (dialect) => {
  it("shows the certificate, its base64 chain and an un-ignored SELF_SIGNED_CERTIFICATE warning", async () => {
    const wire = await server.wire(dialect);
    const { certificate } = signedOvf("pkg", await runCertificate());
    const shown = await preview(wire, await uploadSigned(wire, await wire.provisionItem()));
    expect(shown.state).toBe("AVAILABLE");
    expect(shown.certificate_info).toEqual({
      issuer: certificate.name,
      subject: certificate.name,
      self_signed: true,
      x509: certificate.pem,
    });
    expect(shown.cert_chain).toEqual([certificate.der.toString("base64")]);
    expect(new X509Certificate(Buffer.from(shown.cert_chain?.[0] ?? "", "base64")).subject).toContain("CN=");
    expect(shown.warnings?.map(({ type, ignored }) => ({ type, ignored }))).toEqual([
      { type: "SELF_SIGNED_CERTIFICATE", ignored: false },
    ]);
    expect(shown.warnings?.[0]?.message.id).toBe("usc.reference.preview.self_signed_certificate");
  });

  it("fails the session on complete while the warning is not ignored; the item keeps its content", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const before = (await wire.item(itemId)).content_version;
    const id = await uploadSigned(wire, itemId);
    wire.must(await wire.complete(id), wire.voidStatus, "complete");
    const ended = await wire.session(id);
    expect(ended.state).toBe("ERROR");
    expect(ended.error_message?.default_message).toContain("SELF_SIGNED_CERTIFICATE");
    expect((await wire.item(itemId)).content_version).toBe(before);
  });

  it("completes once the warning is ignored through update, and shows it ignored", async () => {
    const wire = await server.wire(dialect);
    const itemId = await wire.provisionItem();
    const id = await uploadSigned(wire, itemId);
    const behavior = [{ type: "SELF_SIGNED_CERTIFICATE", ignored: true }];
    wire.must(await wire.update(id, { warning_behavior: behavior }), wire.voidStatus, "update");
    expect((await preview(wire, id)).warnings?.[0]?.ignored).toBe(true);
    wire.must(await wire.complete(id), wire.voidStatus, "complete");
    expect((await wire.session(id)).state).toBe("DONE");
    // The manifest and the certificate serve the import only (keep_in_storage false).
    expect(await wire.itemFileNames(itemId)).toEqual(["pkg.ovf"]);
  });

  it("fails the session when the manifest does not match its signature, even with warnings ignored", async () => {
    const wire = await server.wire(dialect);
    const id = await uploadSigned(wire, await wire.provisionItem(), true);
    const behavior = [{ type: "SELF_SIGNED_CERTIFICATE", ignored: true }];
    wire.must(await wire.update(id, { warning_behavior: behavior }), wire.voidStatus, "update");
    wire.must(await wire.complete(id), wire.voidStatus, "complete");
    const ended = await wire.session(id);
    expect(ended.state).toBe("ERROR");
    expect(ended.error_message?.id).toBe("usc.reference.update_session.signature_invalid");
  });

  it("treats a certificate file without a readable certificate as unsigned content", async () => {
    const wire = await server.wire(dialect);
    const id = await wire.createId(await wire.provisionItem());
    const [manifest, , descriptor] = signedOvf("pkg", await runCertificate()).files;
    await wire.pushFile(id, "pkg.mf", manifest?.text ?? "");
    await wire.pushFile(
      id,
      "pkg.cert",
      "SHA256(pkg.mf)= 00\n-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n",
    );
    await wire.pushFile(id, "pkg.ovf", descriptor?.text ?? "");
    expect(await preview(wire, id)).toEqual({ state: "AVAILABLE", warnings: [] });
    wire.must(await wire.complete(id), wire.voidStatus, "complete");
    expect((await wire.session(id)).state).toBe("DONE");
  });
});
