// Options passed on from one layer to the next: a field left undefined must keep the receiver's
// default, and spreading `{ x: undefined }` would override it.

/** The fields of `fields` that have a value. */
export function definedFields<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
