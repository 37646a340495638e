// CSS selectors for inlining: compiled once, matched against the elements of one HTML document.
// What email CSS uses is supported: type, `*`, `#id`, `.class`, attribute selectors, the four
// combinators, the structural pseudo-classes and `:not()`. A selector with anything else (`:hover`,
// `::before`, …) is not compiled, and its rule stays in the <style> block as written.
//
// Matching runs right to left and remembers, per selector, what it found for each element, so
// one selector costs at most a few steps per element whatever the nesting depth; every step
// counts against a budget that bounds the work of one document.

/**
 * The elements of one document, one array per property, indexed by the element's place in
 * document order: a few arrays rather than an object per element, so reading a large document
 * leaves little for the garbage collector.
 */
export class ElementTable {
  size = 0;
  /** lower case */
  readonly names: string[];
  /** lower-case names; the first value given for each */
  readonly attributes: Readonly<Record<string, string>>[];
  /** the class attribute as written ("" when none) */
  readonly classes: string[];
  /** -1 at the top */
  readonly parents: Int32Array;
  /** the previous element sibling, or -1 */
  readonly previous: Int32Array;
  /** 1-based among the element children of its parent */
  readonly positions: Int32Array;
  readonly childCounts: Int32Array;
  /** its last element child, or -1 */
  readonly lastChildren: Int32Array;
  /** 1 once it has an element child or text */
  readonly filled: Uint8Array;
  rootCount = 0;
  lastRoot = -1;

  /** `capacity`: at least the number of elements to come (a document has fewer than it has "<"). */
  constructor(readonly capacity: number) {
    this.names = new Array<string>(capacity);
    this.attributes = new Array<Readonly<Record<string, string>>>(capacity);
    this.classes = new Array<string>(capacity);
    this.parents = new Int32Array(capacity);
    this.previous = new Int32Array(capacity);
    this.positions = new Int32Array(capacity);
    this.childCounts = new Int32Array(capacity);
    this.lastChildren = new Int32Array(capacity).fill(-1);
    this.filled = new Uint8Array(capacity);
  }

  /** Adds an element as the last child of `parent` (-1 for the top); returns its index. */
  add(name: string, attributes: Readonly<Record<string, string>>, classes: string, parent: number): number {
    const index = this.size++;
    this.names[index] = name;
    this.attributes[index] = attributes;
    this.classes[index] = classes;
    this.parents[index] = parent;
    if (parent < 0) {
      this.previous[index] = this.lastRoot;
      this.positions[index] = ++this.rootCount;
      this.lastRoot = index;
    } else {
      this.previous[index] = this.lastChildren[parent]!;
      this.positions[index] = ++this.childCounts[parent]!;
      this.lastChildren[parent] = index;
      this.filled[parent] = 1;
    }
    return index;
  }

  siblingCount(index: number): number {
    const parent = this.parents[index]!;
    return parent < 0 ? this.rootCount : this.childCounts[parent]!;
  }

  /** Its place among the siblings of its name, counted on demand (the of-type selectors are rare). */
  typePosition(index: number, budget: Budget): number {
    let position = 1;
    for (let sibling = this.previous[index]!; sibling >= 0; sibling = this.previous[sibling]!) {
      if (++budget.steps > budget.max) throw new BudgetExceeded();
      if (this.names[sibling] === this.names[index]) position++;
    }
    return position;
  }

  typeSiblings(index: number, budget: Budget): number {
    const parent = this.parents[index]!;
    let count = 0;
    for (let sibling = parent < 0 ? this.lastRoot : this.lastChildren[parent]!; sibling >= 0; sibling = this.previous[sibling]!) {
      if (++budget.steps > budget.max) throw new BudgetExceeded();
      if (this.names[sibling] === this.names[index]) count++;
    }
    return count;
  }
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
  matches(table: ElementTable, element: number, budget: Budget): boolean;
}

type Test = (table: ElementTable, element: number, budget: Budget) => boolean;

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
  // whether some ancestor or earlier sibling does; remembered by element index (0 not yet known,
  // 1 no, 2 yes), in arrays made when first needed. Making one costs steps like reading it would.
  const matchedAt: (Uint8Array | undefined)[] = compounds.map(() => undefined);
  const ancestorMatched: (Uint8Array | undefined)[] = compounds.map(() => undefined);
  const earlierMatched: (Uint8Array | undefined)[] = compounds.map(() => undefined);
  const memo = (memos: (Uint8Array | undefined)[], at: number, table: ElementTable, budget: Budget): Uint8Array => {
    let array = memos[at];
    if (!array) {
      budget.steps += table.size >> 3;
      if (budget.steps > budget.max) throw new BudgetExceeded();
      memos[at] = array = new Uint8Array(table.size);
    }
    return array;
  };
  const lastAt = compounds.length - 1;

  /** Whether the chain up to compound `at` matches with `element` in its place. */
  function matchesAt(table: ElementTable, element: number, at: number, budget: Budget): boolean {
    // The last compound is asked once per element: only the others are worth remembering.
    const remembered = at === lastAt ? undefined : memo(matchedAt, at, table, budget);
    if (remembered && remembered[element] !== 0) return remembered[element] === 2;
    if (++budget.steps > budget.max) throw new BudgetExceeded();
    let result = true;
    for (const test of compounds[at]!.tests) {
      if (!test(table, element, budget)) {
        result = false;
        break;
      }
    }
    if (result && at > 0) {
      const combinator = combinators[at - 1]!;
      if (combinator === ">") {
        const parent = table.parents[element]!;
        result = parent >= 0 && matchesAt(table, parent, at - 1, budget);
      } else if (combinator === "+") {
        const previous = table.previous[element]!;
        result = previous >= 0 && matchesAt(table, previous, at - 1, budget);
      } else {
        const chain = combinator === " " ? table.parents : table.previous;
        result = walk(chain, chain[element]!, memo(combinator === " " ? ancestorMatched : earlierMatched, at - 1, table, budget), (candidate) => matchesAt(table, candidate, at - 1, budget), budget);
      }
    }
    if (remembered) remembered[element] = result ? 2 : 1;
    return result;
  }

  return {
    specificity,
    key,
    matches: (table, element, budget) => matchesAt(table, element, lastAt, budget),
  };
}

/**
 * Walks a chain (ancestors, or earlier siblings: `next` gives each one's next, -1 at the end)
 * until a match or a remembered answer, and remembers the answer for every element passed.
 */
function walk(next: Int32Array, start: number, memo: Uint8Array, test: (element: number) => boolean, budget: Budget): boolean {
  let result = false;
  let element = start;
  for (; element >= 0; element = next[element]!) {
    if (++budget.steps > budget.max) throw new BudgetExceeded();
    const remembered = memo[element]!;
    if (remembered !== 0) {
      result = remembered === 2;
      break;
    }
    if (test(element)) {
      result = true;
      break;
    }
  }
  const answer = result ? 2 : 1;
  for (let passed = start; passed >= 0 && passed !== element; passed = next[passed]!) memo[passed] = answer;
  if (element >= 0) memo[element] = answer;
  return result;
}

const isSpaceCode = (code: number): boolean => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;

/** Whether a class attribute lists `name` (split at whitespace), without splitting it. */
export function hasClass(list: string, name: string): boolean {
  if (list === name) return true;
  for (let at = list.indexOf(name); at >= 0; at = list.indexOf(name, at + 1)) {
    const end = at + name.length;
    if ((at === 0 || isSpaceCode(list.charCodeAt(at - 1))) && (end === list.length || isSpaceCode(list.charCodeAt(end)))) return true;
  }
  return false;
}

/** Calls `visit` with each class a class attribute lists (each once per repetition in the list). */
export function eachClass(list: string, visit: (name: string) => void): void {
  let start = -1;
  for (let i = 0; i <= list.length; i++) {
    const space = i === list.length || isSpaceCode(list.charCodeAt(i));
    if (space && start >= 0) {
      visit(start === 0 && i === list.length ? list : list.slice(start, i));
      start = -1;
    } else if (!space && start < 0) {
      start = i;
    }
  }
}

/** An attribute's value, or undefined; only the element's own attributes count. */
export function attribute(table: ElementTable, element: number, name: string): string | undefined {
  const attributes = table.attributes[element]!;
  return Object.hasOwn(attributes, name) ? attributes[name] : undefined;
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
      compound.tests.push((table, element) => table.names[element] === name);
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
      compound.tests.push((table, element) => attribute(table, element, "id") === id);
      reader.ids++;
    } else if (char === ".") {
      reader.at++;
      const name = reader.readIdentifier();
      if (name === undefined) return undefined;
      compound.className ??= name;
      compound.tests.push((table, element) => hasClass(table.classes[element]!, name));
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
  const value = (table: ElementTable, element: number) => {
    const found = attribute(table, element, name);
    return found === undefined ? undefined : insensitive ? found.toLowerCase() : found;
  };
  switch (operator) {
    case undefined:
      return (table, element) => attribute(table, element, name) !== undefined;
    case "=":
      return (table, element) => value(table, element) === expected;
    case "~=":
      return (table, element) => expected !== "" && (value(table, element) ?? "").split(/\s+/).includes(expected);
    case "|=":
      return (table, element) => {
        const found = value(table, element);
        return found === expected || (found ?? "").startsWith(`${expected}-`);
      };
    case "^=":
      return (table, element) => expected !== "" && (value(table, element) ?? "").startsWith(expected);
    case "$=":
      return (table, element) => expected !== "" && (value(table, element) ?? "").endsWith(expected);
    case "*=":
      return (table, element) => expected !== "" && (value(table, element) ?? "").includes(expected);
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
        return (table, element) => table.positions[element] === 1;
      case "last-child":
        return (table, element) => table.positions[element] === table.siblingCount(element);
      case "only-child":
        return (table, element) => table.siblingCount(element) === 1;
      case "first-of-type":
        return (table, element, budget) => table.typePosition(element, budget) === 1;
      case "last-of-type":
        return (table, element, budget) => table.typePosition(element, budget) === table.typeSiblings(element, budget);
      case "only-of-type":
        return (table, element, budget) => table.typeSiblings(element, budget) === 1;
      case "empty":
        return (table, element) => table.filled[element] === 0;
      case "root":
        return (table, element) => table.parents[element]! < 0;
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
    return (table, element, budget) => !tests.every((test) => test(table, element, budget));
  }
  const nth = parseNth(argument);
  if (!nth) return undefined;
  const [a, b] = nth;
  const fits = (position: number) => (a === 0 ? position === b : (position - b) / a >= 0 && (position - b) % a === 0);
  switch (name) {
    case "nth-child":
      return (table, element) => fits(table.positions[element]!);
    case "nth-last-child":
      return (table, element) => fits(table.siblingCount(element) - table.positions[element]! + 1);
    case "nth-of-type":
      return (table, element, budget) => fits(table.typePosition(element, budget));
    case "nth-last-of-type":
      return (table, element, budget) => fits(table.typeSiblings(element, budget) - table.typePosition(element, budget) + 1);
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
