import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveChromium, type ChromiumSource } from "./resolve.js";

const dir = mkdtempSync(join(tmpdir(), "browser-testing-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const present = join(dir, "present-chromium");
writeFileSync(present, "");
const absent = join(dir, "absent-chromium");
const unpacked = join(dir, "unpacked-chromium");

describe("resolveChromium", () => {
  const cases: { name: string; override?: string; systemPath: string; source: ChromiumSource; executablePath: string }[] = [
    { name: "CHROMIUM_PATH wins over a system Chromium", override: present, systemPath: present, source: "CHROMIUM_PATH", executablePath: present },
    { name: "the system's Chromium when there is one", systemPath: present, source: "system", executablePath: present },
    { name: "the registry's Chromium when the system has none", systemPath: absent, source: "npm", executablePath: unpacked },
    { name: "an empty CHROMIUM_PATH counts as unset", override: "", systemPath: absent, source: "npm", executablePath: unpacked },
  ];
  it.each(cases)("picks $name", async ({ override, systemPath, source, executablePath }) => {
    let unpackCalls = 0;
    const choice = await resolveChromium({
      env: override === undefined ? {} : { CHROMIUM_PATH: override },
      systemPath,
      unpack: async () => {
        unpackCalls++;
        return unpacked;
      },
    });
    expect(choice.source).toBe(source);
    expect(choice.executablePath).toBe(executablePath);
    expect(choice.description).toContain(executablePath);
    // The registry's copy is only unpacked when nothing else will do.
    expect(unpackCalls).toBe(source === "npm" ? 1 : 0);
  });

  it("refuses a CHROMIUM_PATH that points nowhere", async () => {
    await expect(resolveChromium({ env: { CHROMIUM_PATH: absent }, systemPath: present })).rejects.toThrow(/CHROMIUM_PATH.*does not exist/);
  });
});
