import { X509Certificate, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  bitString,
  objectIdentifier,
  sequence,
  unsignedInteger,
  utf8String,
  validityTime,
} from "../fixtures/der.ts";
import { signedOvf } from "../fixtures/ovf.ts";
import {
  runCertificate,
  selfSignedCertificate,
  selfSignedCertificateAsync,
} from "../fixtures/signing-certificate.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("the DER encoder", () => {
  it("encodes object identifiers with the first two arcs in one octet and later arcs base 128", () => {
    expect(hex(objectIdentifier("1.2.840.113549.1.1.11"))).toBe("06092a864886f70d01010b");
    expect(hex(objectIdentifier("2.5.4.3"))).toBe("0603550403");
    expect(() => objectIdentifier("1")).toThrow(RangeError);
  });

  it("encodes integers minimally, with a leading zero where the high bit is set", () => {
    expect(hex(unsignedInteger(Uint8Array.from([0, 0, 5])))).toBe("020105");
    expect(hex(unsignedInteger(Uint8Array.from([0x80])))).toBe("02020080");
    expect(hex(unsignedInteger(new Uint8Array(0)))).toBe("020100");
  });

  it("uses the long length form from 128 bytes on", () => {
    expect(hex(utf8String("a".repeat(127))).slice(0, 4)).toBe("0c7f");
    expect(hex(utf8String("a".repeat(200))).slice(0, 6)).toBe("0c81c8");
    expect(hex(sequence(Buffer.alloc(300))).slice(0, 8)).toBe("3082012c");
    expect(hex(bitString(Uint8Array.from([0xff])))).toBe("030200ff");
  });

  it("writes UTCTime before 2050 and GeneralizedTime from 2050", () => {
    expect(validityTime(new Date("2026-12-03T07:05:09Z")).toString("latin1")).toBe("\x17\x0d261203070509Z");
    expect(validityTime(new Date("2051-01-02T03:04:05Z")).toString("latin1")).toBe("\x18\x0f20510102030405Z");
  });
});

describe("the self-signed signing certificate", () => {
  const certificate = selfSignedCertificate({ commonName: "usc test" });
  const parsed = new X509Certificate(certificate.pem);

  it("parses as X.509 with the same issuer and subject, and verifies with its own key", () => {
    expect(parsed.subject).toBe("C=US\nO=update session conformance\nCN=usc test");
    expect(parsed.issuer).toBe(parsed.subject);
    expect(parsed.verify(parsed.publicKey)).toBe(true);
    expect(parsed.raw.equals(certificate.der)).toBe(true);
    expect(certificate.name).toBe("/C=US/O=update session conformance/CN=usc test");
  });

  it("is valid now unless told otherwise", () => {
    expect(Date.parse(parsed.validFrom)).toBeLessThan(Date.now());
    expect(Date.parse(parsed.validTo)).toBeGreaterThan(Date.now());
    const expired = new X509Certificate(
      selfSignedCertificate({ notBefore: new Date("2020-01-01Z"), notAfter: new Date("2021-01-01Z") }).pem,
    );
    expect(Date.parse(expired.validTo)).toBe(Date.parse("2021-01-01Z"));
  });

  it("signs an OVF manifest as ovftool does: the .cert names the manifest, its signature verifies", () => {
    const { files } = signedOvf("pkg", certificate);
    expect(files.map((file) => file.name)).toEqual(["pkg.mf", "pkg.cert", "pkg.ovf"]);
    const [manifest, cert] = files;
    expect(manifest?.text).toMatch(/^SHA256\(pkg\.ovf\)= [0-9a-f]{64}\n$/);
    const line = /^SHA256\(pkg\.mf\)= ([0-9a-f]+)\n-----BEGIN CERTIFICATE-----\n/.exec(cert?.text ?? "");
    expect(line).not.toBeNull();
    const signature = Buffer.from(line?.[1] ?? "", "hex");
    expect(verify("sha256", Buffer.from(manifest?.text ?? ""), parsed.publicKey, signature)).toBe(true);
    expect(verify("sha256", Buffer.from(`${manifest?.text ?? ""} `), parsed.publicKey, signature)).toBe(
      false,
    );
  });

  it("is made off the main thread alike, and once per process for the run", async () => {
    const made = await selfSignedCertificateAsync({ commonName: "usc async" });
    const asParsed = new X509Certificate(made.pem);
    expect(asParsed.subject).toBe("C=US\nO=update session conformance\nCN=usc async");
    expect(asParsed.verify(asParsed.publicKey)).toBe(true);
    expect(asParsed.raw.equals(made.der)).toBe(true);
    expect(runCertificate()).toBe(runCertificate());
    expect((await runCertificate()).name).toBe(
      "/C=US/O=update session conformance/CN=usc conformance signing",
    );
  });
});
