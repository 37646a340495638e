// Unpacks the Chromium that @sparticuz/chromium ships (brotli-compressed, inside the npm package)
// into a directory of its own, once per version, safe against several test processes at once.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import sparticuz from "@sparticuz/chromium";

const require = createRequire(import.meta.url);

async function packageVersion(): Promise<string> {
  // The package exports no ./package.json: walk up from its entry to its manifest.
  for (let dir = dirname(require.resolve("@sparticuz/chromium")); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifestPath = join(dir, "package.json");
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { name?: unknown; version?: unknown };
    if (manifest.name !== "@sparticuz/chromium") continue;
    if (typeof manifest.version !== "string") throw new Error(`${manifestPath} has no version`);
    return manifest.version;
  }
  throw new Error("@sparticuz/chromium's package.json was not found above its entry");
}

/** Returns the path of the unpacked `chromium` binary, unpacking it first if needed. */
export async function unpackRegistryChromium(cacheRoot = tmpdir()): Promise<string> {
  const target = join(cacheRoot, `postmark-openapi-chromium-${await packageVersion()}`);
  const binary = join(target, "chromium");
  if (existsSync(binary)) return binary;

  // The package unpacks into os.tmpdir() (which reads TMPDIR) and would reuse whatever another
  // project left at /tmp/chromium. Point it at a fresh staging directory instead: it reads
  // TMPDIR only before its first await, so the override lasts for that synchronous call alone.
  const staging = await mkdtemp(join(cacheRoot, "postmark-openapi-chromium-staging-"));
  const previous = process.env["TMPDIR"];
  let unpacking: Promise<string>;
  try {
    process.env["TMPDIR"] = staging;
    unpacking = sparticuz.executablePath();
  } finally {
    if (previous === undefined) delete process.env["TMPDIR"];
    else process.env["TMPDIR"] = previous;
  }
  await unpacking;

  // Publish the finished directory in one step; if another process got there first, use its copy.
  try {
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(binary)) throw error;
  }
  return binary;
}
