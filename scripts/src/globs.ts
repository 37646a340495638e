// Path patterns for the pack check: `*` matches within one folder, `**/` any number of folders.

export function globToRegExp(glob: string): RegExp {
  let pattern = "";
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (glob.startsWith("**/", index)) {
      pattern += "(?:.*/)?";
      index += 2;
    } else if (glob.startsWith("**", index)) {
      pattern += ".*";
      index += 1;
    } else if (char === "*") {
      pattern += "[^/]*";
    } else {
      pattern += char.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${pattern}$`);
}

/**
 * Compares a file list with the patterns that describe it, in both directions. A pattern starting
 * with `?` allows files without requiring one (a changelog exists only after the first release).
 */
export function compareWithPatterns(files: readonly string[], patterns: readonly string[]): { unexpected: string[]; unmatched: string[] } {
  const regexps = patterns.map((pattern) => {
    const optional = pattern.startsWith("?");
    const glob = optional ? pattern.slice(1) : pattern;
    return { pattern: glob, optional, regexp: globToRegExp(glob) };
  });
  return {
    unexpected: files.filter((file) => !regexps.some(({ regexp }) => regexp.test(file))),
    unmatched: regexps.filter(({ optional, regexp }) => !optional && !files.some((file) => regexp.test(file))).map(({ pattern }) => pattern),
  };
}
