// Records handed out by a store are shared and must not change in place. A change is made on a
// copy, which is then put back: `const edited = changed(record, (draft) => { draft.Name = name; })`.

/** A deep copy of the record with the change applied. */
export function changed<T>(record: T, change: (draft: T) => void): T {
  const draft = structuredClone(record);
  change(draft);
  return draft;
}
