// Client size: each program bundled and minified by esbuild the way a browser or edge app would
// ship it, measured raw and gzipped (level 9).
import { build, type Metafile } from "esbuild";
import { gzipSync } from "node:zlib";
import { benchDir } from "./paths.js";
import { sizePrograms } from "./size-programs.js";

export interface Bundle {
  program: string;
  kind: string;
  label: string;
  rawBytes: number;
  gzipBytes: number;
  inputFiles: number;
  largestInputs: { path: string; bytesInOutput: number }[];
}

export async function measureSize({ log }: { log: (line: string) => void }): Promise<{ operationCount: number; bundles: Bundle[] }> {
  const { programs, operationCount } = sizePrograms();
  const bundles: Bundle[] = [];
  for (const { program, kind, label, entry } of programs) {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
      absWorkingDir: benchDir,
      metafile: true,
    });
    const code = result.outputFiles[0]?.contents;
    if (!code) throw new Error(`esbuild wrote nothing for ${entry}`);
    bundles.push({ program, kind, label, rawBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, ...composition(result.metafile) });
    log(`size: ${program} / ${kind}: ${code.length} B`);
  }
  return { operationCount, bundles };
}

/** How many source files went in, and the ones that take the most room in the output. */
function composition(metafile: Metafile): Pick<Bundle, "inputFiles" | "largestInputs"> {
  const [output] = Object.values(metafile.outputs);
  if (!output) return { inputFiles: 0, largestInputs: [] };
  const largestInputs = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({ path: path.replace(/^.*node_modules\//, ""), bytesInOutput }))
    .sort((a, b) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, 6);
  return { inputFiles: Object.keys(output.inputs).length, largestInputs };
}
