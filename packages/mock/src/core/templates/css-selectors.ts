// CSS selectors for inlining: compiled once, matched against the elements of one HTML document.
// What email CSS uses is supported: type, `*`, `#id`, `.class`, attribute selectors, the four
// combinators, the structural pseudo-classes and `:not()`. A selector with anything else (`:hover`,
// `::before`, …) is not compiled, and its rule stays in the <style> block as written.
//
// Matching runs right to left and remembers, per selector, what it found for each element, so
// one selector costs at most a few steps per element whatever the nesting depth; every step
// counts against a budget that bounds the work of one document.

/** An element as the matcher sees it. */
export interface MatchElement {
  /** position in document order, from 0 */
  index: number;
  /** lower case */
  name: string;
  /** lower-case names; the first value given for each */
  attributes: Readonly<Record<string, string>>;
  classes: readonly string[];
  parent: MatchElement | undefined;
  previous: MatchElement | undefined;
  /** 1-based among the element children of its parent, and of those with its name */
  position: number;
  typePosition: number;
  /** element children of its parent, all and of its name (known once the parent closes) */
  siblings: number;
  typeSiblings: number;
  /** no element children and no text */
  empty: boolean;
}

/** Work done, and how much a document may take. */
export interface Budget {
  steps: number;
  readonly max: number;
}

export class BudgetExceeded extends Error {
  constructor() {
    super("The style rules need more work than one document may take.");
  }
}

export interface CompiledSelector {
  /** ids, then classes, attributes and pseudo-classes, then types, packed into one number */
  specificity: number;
  /** what the element itself must have: its index bucket */
  key: { kind: "id" | "class" | "type"; value: string } | { kind: "any" };
  matches(element: MatchElement, budget: Budget): boolean;
}

type Test = (element: MatchElement) => boolean;

interface Compound {
  tests: Test[];
  id?: string;
  className?: string;
  type?: string;
}

type Combinator = " " | ">" | "+" | "~";

/** At most this many compounds per selector; longer selectors stay in the <style> block. */
const maxCompounds = 32;

/** Compiles one selector (no commas), or returns undefined when it cannot be inlined. */
export function compileSelector(text: string): CompiledSelector | undefined {
  const parsed = parseComplex(text.trim());
  if (!parsed || parsed.compounds.length > maxCompounds) return undefined;
  const { compounds, combinators, specificity } = parsed;
  const last = compounds[compounds.length - 1]!;
  const key: CompiledSelector["key"] = last.id
    ? { kind: "id", value: last.id }
    : last.className
      ? { kind: "class", value: last.className }
      : last.type
        ? { kind: "type", value: last.type }
        : { kind: "any" };
  // Per compound (but the last): whether it matches an element at that place in the chain, and
  // whether some ancestor or earlier sibling does; remembered by element index.
  const matchedAt = compounds.map(() => new Map<number, boolean>());
  const ancestorMatched = compounds.map(() => new Map<number, boolean>());
  const earlierMatched = compounds.map(() => new Map<number, boolean>());

  const compoundMatches = (element: MatchElement, at: number, budget: Budget): boolean => {
    if (++budget.steps > budget.max) throw new BudgetExceeded();
    for (const test of compounds[at]!.tests) if (!test(element)) return false;
    return true;
  };

  const lastAt = compounds.length - 1;

  /** Whether the chain up to compound `at` matches with `element` in its place. */
  function matchesAt(element: MatchElement, at: number, budget: Budget): boolean {
    // The last compound is asked once per element: only the others are worth remembering.
    const remembered = at === lastAt ? undefined : matchedAt[at]!.get(element.index);
    if (remembered !== undefined) return remembered;
    let result = compoundMatches(element, at, budget);
    if (result && at > 0) {
      const combinator = combinators[at - 1]!;
      if (combinator === ">") result = element.parent !== undefined && matchesAt(element.parent, at - 1, budget);
      else if (combinator === "+") result = element.previous !== undefined && matchesAt(element.previous, at - 1, budget);
      else if (combinator === " ") result = someAncestor(element.parent, at - 1, budget);
      else result = someEarlier(element.previous, at - 1, budget);
    }
    if (at !== lastAt) matchedAt[at]!.set(element.index, result);
    return result;
  }

  /** Whether `start` or one of its ancestors matches the chain up to `at` (walked up, then remembered on the way). */
  function someAncestor(start: MatchElement | undefined, at: number, budget: Budget): boolean {
    return walk(start, (element) => element.parent, ancestorMatched[at]!, (element) => matchesAt(element, at, budget), budget);
  }

  function someEarlier(start: MatchElement | undefined, at: number, budget: Budget): boolean {
    return walk(start, (element) => element.previous, earlierMatched[at]!, (element) => matchesAt(element, at, budget), budget);
  }

  return {
    specificity,
    key,
    matches: (element, budget) => matchesAt(element, lastAt, budget),
  };
}

/** Walks a chain (ancestors, or earlier siblings) until a match or a remembered answer; remembers the answer for every element passed. */
function walk(start: MatchElement | undefined, next: (element: MatchElement) => MatchElement | undefined, memo: Map<number, boolean>, test: (element: MatchElement) => boolean, budget: Budget): boolean {
  const passed: number[] = [];
  let result = false;
  for (let element = start; element !== undefined; element = next(element)) {
    if (++budget.steps > budget.max) throw new BudgetExceeded();
    const remembered = memo.get(element.index);
    if (remembered !== undefined) {
      result = remembered;
      break;
    }
    passed.push(element.index);
    if (test(element)) {
      result = true;
      break;
    }
  }
  for (const index of passed) memo.set(index, result);
  return result;
}

/** An attribute's value, or undefined; only the element's own attributes count. */
export function attribute(element: MatchElement, name: string): string | undefined {
  return Object.hasOwn(element.attributes, name) ? element.attributes[name] : undefined;
}

// ---- Parsing ---------------------------------------------------------------------------------

interface Complex {
  compounds: Compound[];
  combinators: Combinator[];
  specificity: number;
}

const identifier = /^-?(?:[_a-zA-Z\u00a0-\uffff]|\\.)(?:[-_a-zA-Z0-9\u00a0-\uffff]|\\.)*/;

class SelectorReader {
  at = 0;
  ids = 0;
  classes = 0;
  types = 0;
  constructor(readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }
  peek(): string {
    return this.text[this.at] ?? "";
  }
  skipSpace(): boolean {
    const start = this.at;
    while (/\s/.test(this.peek())) this.at++;
    return this.at > start;
  }
  readIdentifier(): string | undefined {
    const match = identifier.exec(this.text.slice(this.at));
    if (!match) return undefined;
    this.at += match[0].length;
    return match[0].replace(/\\(.)/g, "$1");
  }
}

function parseComplex(text: string): Complex | undefined {
  const reader = new SelectorReader(text);
  const compounds: Compound[] = [];
  const combinators: Combinator[] = [];
  reader.skipSpace();
  for (;;) {
    const compound = parseCompound(reader);
    if (!compound) return undefined;
    compounds.push(compound);
    const spaced = reader.skipSpace();
    if (reader.done()) break;
    const char = reader.peek();
    if (char === ">" || char === "+" || char === "~") {
      reader.at++;
      reader.skipSpace();
      combinators.push(char);
    } else if (spaced) {
      combinators.push(" ");
    } else {
      return undefined;
    }
  }
  return { compounds, combinators, specificity: pack(reader.ids, reader.classes, reader.types) };
}

function parseCompound(reader: SelectorReader): Compound | undefined {
  const compound: Compound = { tests: [] };
  if (reader.peek() === "*") {
    reader.at++;
  } else {
    const type = reader.readIdentifier();
    if (type !== undefined) {
      compound.type = type.toLowerCase();
      const name = compound.type;
      compound.tests.push((element) => element.name === name);
      reader.types++;
    }
  }
  for (;;) {
    const char = reader.peek();
    if (char === "#") {
      reader.at++;
      const id = reader.readIdentifier();
      if (id === undefined) return undefined;
      compound.id ??= id;
      compound.tests.push((element) => attribute(element, "id") === id);
      reader.ids++;
    } else if (char === ".") {
      reader.at++;
      const name = reader.readIdentifier();
      if (name === undefined) return undefined;
      compound.className ??= name;
      compound.tests.push((element) => element.classes.includes(name));
      reader.classes++;
    } else if (char === "[") {
      const test = parseAttribute(reader);
      if (!test) return undefined;
      compound.tests.push(test);
      reader.classes++;
    } else if (char === ":") {
      const test = parsePseudo(reader);
      if (!test) return undefined;
      compound.tests.push(test);
    } else {
      break;
    }
  }
  return compound.tests.length > 0 || reader.text[reader.at - 1] === "*" ? compound : undefined;
}

function parseAttribute(reader: SelectorReader): Test | undefined {
  const close = reader.text.indexOf("]", reader.at);
  if (close < 0) return undefined;
  const inside = reader.text.slice(reader.at + 1, close).trim();
  reader.at = close + 1;
  const match = /^([-_a-zA-Z0-9:]+)\s*(?:([~|^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))\s*([iIsS])?)?$/.exec(inside);
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  const operator = match[2];
  const insensitive = match[6]?.toLowerCase() === "i";
  const wanted = (match[3] ?? match[4] ?? match[5] ?? "").replace(/\\(.)/g, "$1");
  const expected = insensitive ? wanted.toLowerCase() : wanted;
  const value = (element: MatchElement) => {
    const found = attribute(element, name);
    return found === undefined ? undefined : insensitive ? found.toLowerCase() : found;
  };
  switch (operator) {
    case undefined:
      return (element) => attribute(element, name) !== undefined;
    case "=":
      return (element) => value(element) === expected;
    case "~=":
      return (element) => expected !== "" && (value(element) ?? "").split(/\s+/).includes(expected);
    case "|=":
      return (element) => {
        const found = value(element);
        return found === expected || (found ?? "").startsWith(`${expected}-`);
      };
    case "^=":
      return (element) => expected !== "" && (value(element) ?? "").startsWith(expected);
    case "$=":
      return (element) => expected !== "" && (value(element) ?? "").endsWith(expected);
    case "*=":
      return (element) => expected !== "" && (value(element) ?? "").includes(expected);
    default:
      return undefined;
  }
}

function parsePseudo(reader: SelectorReader): Test | undefined {
  reader.at++;
  // Pseudo-elements (::before, …) cannot be inlined.
  if (reader.peek() === ":") return undefined;
  const name = reader.readIdentifier()?.toLowerCase();
  if (name === undefined) return undefined;
  let argument: string | undefined;
  if (reader.peek() === "(") {
    const close = reader.text.indexOf(")", reader.at);
    if (close < 0) return undefined;
    argument = reader.text.slice(reader.at + 1, close).trim();
    reader.at = close + 1;
  }
  reader.classes++;
  if (argument === undefined) {
    switch (name) {
      case "first-child":
        return (element) => element.position === 1;
      case "last-child":
        return (element) => element.position === element.siblings;
      case "only-child":
        return (element) => element.siblings === 1;
      case "first-of-type":
        return (element) => element.typePosition === 1;
      case "last-of-type":
        return (element) => element.typePosition === element.typeSiblings;
      case "only-of-type":
        return (element) => element.typeSiblings === 1;
      case "empty":
        return (element) => element.empty;
      case "root":
        return (element) => element.parent === undefined;
      default:
        // :hover, :link, ::before written with one colon, and the rest: not inlined.
        return undefined;
    }
  }
  if (name === "not") {
    // Simple selectors and compounds inside; its specificity is theirs.
    reader.classes--;
    const inner = new SelectorReader(argument);
    const compound = parseCompound(inner);
    if (!compound || !inner.done()) return undefined;
    reader.ids += inner.ids;
    reader.classes += inner.classes;
    reader.types += inner.types;
    const tests = compound.tests;
    return (element) => !tests.every((test) => test(element));
  }
  const nth = parseNth(argument);
  if (!nth) return undefined;
  const [a, b] = nth;
  const fits = (position: number) => (a === 0 ? position === b : (position - b) / a >= 0 && (position - b) % a === 0);
  switch (name) {
    case "nth-child":
      return (element) => fits(element.position);
    case "nth-last-child":
      return (element) => fits(element.siblings - element.position + 1);
    case "nth-of-type":
      return (element) => fits(element.typePosition);
    case "nth-last-of-type":
      return (element) => fits(element.typeSiblings - element.typePosition + 1);
    default:
      return undefined;
  }
}

/** `an+b`, `odd`, `even` or a number, as [a, b]. */
function parseNth(text: string): [number, number] | undefined {
  const compact = text.replace(/\s+/g, "").toLowerCase();
  if (compact === "odd") return [2, 1];
  if (compact === "even") return [2, 0];
  const match = /^(?:([+-]?\d*)n)?([+-]?\d+)?$/.exec(compact);
  if (!match || compact === "") return undefined;
  const aText = match[1];
  const a = aText === undefined ? 0 : aText === "" || aText === "+" ? 1 : aText === "-" ? -1 : Number(aText);
  const b = match[2] === undefined ? 0 : Number(match[2]);
  return [a, b];
}

function pack(ids: number, classes: number, types: number): number {
  return Math.min(ids, 255) * 65_536 + Math.min(classes, 255) * 256 + Math.min(types, 255);
}
