// What the guide's shell recipes need to run here as in a user's project: a throwaway project
// whose `npx postmark-mock` is the mock package's built CLI and whose `npm test` sends one email to
// the Postmark it is pointed at, and the local addresses the recipes use swapped for free ports.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The built CLI the package publishes as its `bin` (declared under `publishConfig`, see the mock's README). */
export function builtCli(): string {
  const manifestFile = require.resolve("@postmark-openapi/mock/package.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { publishConfig?: { bin?: Record<string, string> } };
  const bin = manifest.publishConfig?.bin?.["postmark-mock"];
  if (!bin) throw new Error("@postmark-openapi/mock has no postmark-mock bin");
  return join(dirname(manifestFile), bin);
}

// The project's tests: one send to POSTMARK_API_URL with POSTMARK_SERVER_TOKEN, as an app's would.
const projectTest = `const response = await fetch(\`\${process.env.POSTMARK_API_URL}/email\`, {
  method: "POST",
  headers: { "Content-Type": "application/json", Accept: "application/json", "X-Postmark-Server-Token": process.env.POSTMARK_SERVER_TOKEN },
  body: JSON.stringify({ From: "ci@example.com", To: "jane@example.org", Subject: "From CI", TextBody: "Hi" }),
});
console.log(\`project test: \${response.status} \${await response.text()}\`);
process.exit(response.status === 200 ? 0 : 1);
`;

/**
 * A project folder as a user's would be after `npm install --save-dev @postmark-openapi/mock`, as
 * far as the recipes see it: `npx postmark-mock` finds the CLI in node_modules/.bin.
 */
export function makeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "docs-guide-project-"));
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "guide-project", private: true, type: "module", scripts: { test: "node project.test.js" } }, null, 2)}\n`);
  writeFileSync(join(dir, "project.test.js"), projectTest);
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
  // npm links a package's bin the same way.
  symlinkSync(builtCli(), join(dir, "node_modules", ".bin", "postmark-mock"));
  return dir;
}

/** The environment the recipes run in: npm never reaches the registry, and says nothing extra. */
export function projectEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_offline: "true", npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * The recipe with the mock's port (4010), its SMTP port (2525) and the webhook handler's (3000) swapped for others; a
 * mock it starts takes a free SMTP port, so that recipes running side by side never contend for 2525.
 */
export function withPorts(recipe: string, { mock, handler, smtp }: { mock: number; handler?: number; smtp?: number }): string {
  let result = recipe.replace(/127\.0\.0\.1:4010\b/g, `127.0.0.1:${mock}`).replace(/--port 4010\b/g, `--port ${mock} --smtp-port 0`);
  if (handler !== undefined) result = result.replace(/127\.0\.0\.1:3000\b/g, `127.0.0.1:${handler}`);
  if (smtp !== undefined) result = result.replace(/127\.0\.0\.1:2525\b/g, `127.0.0.1:${smtp}`);
  return result;
}
