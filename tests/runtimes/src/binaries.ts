// Where the npm packages `bun`, `deno` and `workerd` keep their executables. Each ships the binary
// in a per-platform optional dependency; their install scripts, which would link it into place,
// stay disabled in this workspace, so the binary is taken from that dependency directly.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

const platformPackages: Record<string, Record<string, [pkg: string, file: string]>> = {
  bun: {
    "linux x64": ["@oven/bun-linux-x64", "bin/bun"],
    "linux arm64": ["@oven/bun-linux-aarch64", "bin/bun"],
    "darwin x64": ["@oven/bun-darwin-x64", "bin/bun"],
    "darwin arm64": ["@oven/bun-darwin-aarch64", "bin/bun"],
  },
  deno: {
    "linux x64": ["@deno/linux-x64-glibc", "deno"],
    "linux arm64": ["@deno/linux-arm64-glibc", "deno"],
    "darwin x64": ["@deno/darwin-x64", "deno"],
    "darwin arm64": ["@deno/darwin-arm64", "deno"],
  },
  workerd: {
    "linux x64": ["@cloudflare/workerd-linux-64", "bin/workerd"],
    "linux arm64": ["@cloudflare/workerd-linux-arm64", "bin/workerd"],
    "darwin x64": ["@cloudflare/workerd-darwin-64", "bin/workerd"],
    "darwin arm64": ["@cloudflare/workerd-darwin-arm64", "bin/workerd"],
  },
};

export function binaryPath(name: "bun" | "deno" | "workerd"): string {
  const platform = `${process.platform} ${process.arch}`;
  const entry = platformPackages[name]?.[platform];
  if (!entry) throw new Error(`no ${name} binary for ${platform}`);
  const [pkg, file] = entry;
  // The platform package is a dependency of the wrapper package, so resolve it from there.
  const fromWrapper = createRequire(require.resolve(`${name}/package.json`));
  const path = join(dirname(fromWrapper.resolve(`${pkg}/package.json`)), file);
  if (!existsSync(path)) throw new Error(`${name}: ${path} is missing`);
  return path;
}
