import { describe, expect, it } from "vitest";
import { parseRequestTarget } from "../server/request-target.ts";

// The server slices plain request targets instead of running the URL parser on every request; for every
// target the result must be what the URL parser gives, so routing never depends on which way was taken.

function viaUrlParser(target: string) {
  try {
    const url = new URL(target, "http://reference.invalid");
    return { pathname: url.pathname, query: [...url.searchParams] };
  } catch {
    return undefined;
  }
}

function viaServer(target: string) {
  const parsed = parseRequestTarget(target);
  return parsed && { pathname: parsed.pathname, query: [...parsed.searchParams] };
}

const targets = [
  "/",
  "/api/content/library/item/update-session/a%3Ab",
  "/rest/com/vmware/content/library/item/update-session/id:1:2?~action=get",
  "/api/content/library/item/update-session?action=list&library_item_id=x",
  "/api/session?a=1&a=2&b=%20c+d",
  "/api/x?q=a#fragment",
  "/api/../rest/com/vmware/cis/session",
  "/api/./session",
  "/api/%2e%2e/session",
  "/api/%2E/session",
  "/api/.hidden",
  "/api/a..b",
  "//evil.example/api/session",
  "/api\\session",
  "/api/caf\u00e9",
  "/api/x?q=caf\u00e9",
  "/api/x?q=\"<>'",
  "/api/%zz/%",
  "/usc-upload/a%3Ab/file%20name.vmdk",
  "*",
  "http://other.example:8080/api/session?x=1",
  "/api/x?",
  "/api/x??a=b",
  "",
];

describe("request target parsing", () => {
  it.each(targets)("splits %j as the URL parser does", (target) => {
    expect(viaServer(target)).toEqual(viaUrlParser(target));
  });

  it("agrees with the URL parser on random targets built from the characters that matter", () => {
    const alphabet = [..."/.%2eE?#&=+a:~\\'\" \t@;!*\u00e9"];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let count = 0; count < 20_000; count += 1) {
      const length = 1 + (next() % 12);
      let target = "/";
      for (let index = 0; index < length; index += 1) target += alphabet[next() % alphabet.length];
      expect(viaServer(target), target).toEqual(viaUrlParser(target));
    }
  });
});
