/** The path of the `tsgo` script, to run with `node`. */
export declare const tsgoScript: string;

export interface TsgoDiagnostic {
  /** the absolute path of the file, or undefined for an error of the whole program */
  file: string | undefined;
  /** 1-based; 0 without a file */
  line: number;
  category: "error" | "warning" | "message";
  /** "TS2322" */
  code: string;
  /** the diagnostic as tsgo printed it, the lines of its chain included */
  text: string;
}

/** Runs tsgo with `args` (plus `--pretty false`) in `cwd`, and reads its diagnostics. Throws when tsgo fails without printing one. */
export declare function runTsgo(args: readonly string[], cwd: string): { status: number | null; output: string; diagnostics: TsgoDiagnostic[] };
