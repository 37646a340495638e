// A compiler host whose parsed files are shared by every program created in this process. The
// standard library, @types/node and the packages' declarations are most of a type-check's parsing,
// and they parse the same way for every configuration that extends the shared settings: one parse
// serves all the programs instead of one per tsc run.
import ts from "typescript";

/** Parsed files by language version, module format and path; one per process, as nothing changes during a check. */
const parsedFiles = new Map<string, ts.SourceFile | undefined>();

export function sharedHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  return {
    ...host,
    getSourceFile: (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
      const settings = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
      const key = `${settings.languageVersion} ${settings.impliedNodeFormat ?? ""} ${settings.jsDocParsingMode ?? ""} ${fileName}`;
      if (shouldCreateNewSourceFile || !parsedFiles.has(key)) parsedFiles.set(key, host.getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile));
      return parsedFiles.get(key);
    },
  };
}
