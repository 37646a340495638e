// Type-checks a folder of TypeScript files with its own tsconfig.json, the way the samples and the
// guide's recipes are checked: with the workspace's compiler (tsgo, TypeScript 7, from
// @postmark-openapi/typescript-config), its diagnostics grouped by file.
import { join } from "node:path";
import { runTsgo } from "@postmark-openapi/typescript-config/tsgo-run";

/** A tsconfig.json for a folder of samples: the repository's shared settings, Node's types. */
export function samplesTsconfig(): string {
  return `${JSON.stringify({ extends: "@postmark-openapi/typescript-config/base.json", compilerOptions: { noEmit: true, types: ["node"] }, include: ["*.ts"] }, null, 2)}\n`;
}

/** Each diagnostic as tsgo prints it (its chain included), by the absolute path of its file, or "(global)". */
export async function typeCheckFolder(dir: string): Promise<Map<string, string[]>> {
  const byFile = new Map<string, string[]>();
  for (const { file = "(global)", text } of (await runTsgo(["-p", join(dir, "tsconfig.json")], dir)).diagnostics) byFile.set(file, [...(byFile.get(file) ?? []), text]);
  return byFile;
}

/** The diagnostics of one file, as tsgo printed them, one after another. */
export function messagesOf(diagnostics: string[] | undefined): string {
  return (diagnostics ?? []).join("\n");
}
