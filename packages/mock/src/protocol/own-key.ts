// Keys a client chose (Metadata, TemplateModel, query names) are data. `object[key] = value` with
// the key "__proto__" would change the object's prototype instead of adding the key, so such keys
// are defined as own properties: stored, searched and answered like any other key.

/** Adds `key` to `target` as an ordinary own property, whatever its name. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
