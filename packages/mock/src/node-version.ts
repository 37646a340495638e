// The oldest Node the package runs on. Node 20 reached end of life in April 2026, and 22.13 is the
// first release where `node:sqlite` needs no flag. No Node imports here: the MSW handlers, which
// check it too, also run in browsers.
export const minimumNodeVersion = "22.13.0";

/** The message for a Node older than the minimum, or undefined (also outside Node, with no version). */
export function unsupportedNode(version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  if (major > 22 || (major === 22 && minor >= 13)) return undefined;
  return `@postmark-openapi/mock needs Node.js ${minimumNodeVersion} or newer; this is Node.js ${version.replace(/^v/, "")}. Node.js 24 LTS is recommended.`;
}
