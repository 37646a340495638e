/**
 * Turns an offset in a template into the 1-based line and character Postmark reports. Lines end
 * at "\n" only (a "\r" before it counts as the last character of its line), and characters are
 * UTF-16 code units, as in .NET strings.
 */
export class SourceLocator {
  private lineStarts: number[] | undefined;

  constructor(private readonly source: string) {}

  locate(offset: number): { line: number; characterPosition: number } {
    const starts = (this.lineStarts ??= findLineStarts(this.source));
    // The last line start at or before the offset.
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, characterPosition: offset - (starts[low] ?? 0) + 1 };
  }
}

function findLineStarts(source: string): number[] {
  const starts = [0];
  for (let at = source.indexOf("\n"); at !== -1; at = source.indexOf("\n", at + 1)) {
    starts.push(at + 1);
  }
  return starts;
}
