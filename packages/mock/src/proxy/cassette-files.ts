// Cassettes on disk: one JSON file per exchange in the `--record` folder, read back by `--replay`.
// Node only.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OptionError } from "../http/guard.js";
import { cassetteFileName, isCassette, type Cassette } from "./cassettes.js";

/** The hash behind address placeholders: the same address gives the same placeholder on every machine. */
export function addressHash(address: string): string {
  return createHash("sha256").update(address).digest("hex").slice(0, 12);
}

/** A `--replay` folder that cannot be read: the CLI says so and stops. */
export class CassetteError extends OptionError {}

export function createCassetteWriter(dir: string): (cassette: Cassette) => string {
  mkdirSync(dir, { recursive: true });
  let sequence = 0;
  return (cassette) => {
    const file = join(dir, cassetteFileName(cassette, ++sequence));
    writeFileSync(file, `${JSON.stringify(cassette, null, 2)}\n`, { flag: "wx" });
    return file;
  };
}

/** The cassette files of a folder, in recording order; a CassetteError when it cannot be read. */
export function listCassetteFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith(".json")).sort();
  } catch (error) {
    throw new CassetteError(`Cannot read the cassettes in ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
}

export function readCassettes(dir: string): Cassette[] {
  return listCassetteFiles(dir).map((name) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(join(dir, name), "utf8"));
    } catch (error) {
      throw new CassetteError(`${join(dir, name)} is not valid JSON: ${(error as Error).message}`);
    }
    if (!isCassette(parsed)) throw new CassetteError(`${join(dir, name)} is not a cassette of version 1 (request, response, status).`);
    return parsed;
  });
}
