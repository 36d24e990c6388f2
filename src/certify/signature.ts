import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { sha256 } from "./hash.ts";

/**
 * The detached signature of a bundle: `manifest.json.sig` holds the base64 of the 64-byte Ed25519
 * signature of manifest.json's exact bytes, and a newline. Nothing else: any Ed25519 tool can check it
 * (`openssl pkeyutl -verify -rawin`, after base64-decoding), without usc.
 */
export const signatureFile = "manifest.json.sig";

export type KeyRead = { ok: true; key: KeyObject } | { ok: false; error: string };

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
}

/** Reads an Ed25519 key from a PEM file; a missing file, another key type or a malformed PEM is an error. */
function readKey(path: string, kind: "private" | "public"): KeyRead {
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (error) {
    return { ok: false, error: `cannot read ${path}: ${describe(error)}` };
  }
  let key: KeyObject;
  try {
    // A private key file also yields its public key, so a signer can check with the file it signed with.
    key = kind === "private" ? createPrivateKey(text) : createPublicKey(text);
  } catch (error) {
    return { ok: false, error: `${path} is not a PEM ${kind} key: ${describe(error)}` };
  }
  if (key.asymmetricKeyType !== "ed25519")
    return {
      ok: false,
      error: `${path} holds a key of type ${key.asymmetricKeyType ?? "secret"}, not Ed25519`,
    };
  return { ok: true, key };
}

export function readPrivateKey(path: string): KeyRead {
  return readKey(path, "private");
}

export function readPublicKey(path: string): KeyRead {
  return readKey(path, "public");
}

/** Names the key in the manifest: SHA-256 of its public half's SubjectPublicKeyInfo (DER). */
export function publicKeyFingerprint(key: KeyObject): string {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return sha256(publicKey.export({ type: "spki", format: "der" }));
}

/** The signature file's text for the manifest's bytes. */
export function signManifest(manifest: Uint8Array, privateKey: KeyObject): string {
  return `${sign(null, manifest, privateKey).toString("base64")}\n`;
}

/** Whether the signature file's text is a valid signature of the manifest's bytes by the key. */
export function signatureMatches(manifest: Uint8Array, signatureText: string, publicKey: KeyObject): boolean {
  const trimmed = signatureText.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return false;
  const signature = Buffer.from(trimmed, "base64");
  if (signature.length !== 64) return false;
  return verify(null, manifest, publicKey, signature);
}
