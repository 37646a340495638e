// Splits the shell commands our curl samples use into argv, the way a POSIX shell would:
// `#` comment lines, backslash-newline continuations, backslash escapes (as in '\''), '…'
// literal words and "…" words with $NAME expanded from `env`. Anything else is rejected, so a
// sample that a real shell would read differently fails the test instead of passing by accident.
export function shellWords(script: string, env: Record<string, string | undefined> = {}): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let i = 0;
  const push = (): void => {
    if (word !== null) words.push(word);
    word = null;
  };
  while (i < script.length) {
    const char = script[i]!;
    if (char === "#" && word === null) {
      while (i < script.length && script[i] !== "\n") i++;
    } else if (char === "\\" && script[i + 1] === "\n") {
      push();
      i += 2;
    } else if (char === "\\" && i + 1 < script.length) {
      word = (word ?? "") + script[i + 1];
      i += 2;
    } else if (char === " " || char === "\t" || char === "\n") {
      push();
      i++;
    } else if (char === "'") {
      const end = script.indexOf("'", i + 1);
      if (end === -1) throw new Error("Unterminated single quote");
      word = (word ?? "") + script.slice(i + 1, end);
      i = end + 1;
    } else if (char === '"') {
      const end = script.indexOf('"', i + 1);
      if (end === -1) throw new Error("Unterminated double quote");
      const inner = script.slice(i + 1, end);
      if (/[`\\]|\$[({]/.test(inner)) throw new Error(`Unsupported shell syntax in "${inner}"`);
      word = (word ?? "") + inner.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => env[name] ?? "");
      i = end + 1;
    } else if (/[A-Za-z0-9_\-./:=@%+,]/.test(char)) {
      word = (word ?? "") + char;
      i++;
    } else {
      throw new Error(`Unsupported shell character ${JSON.stringify(char)} at ${i}`);
    }
  }
  push();
  return words;
}
