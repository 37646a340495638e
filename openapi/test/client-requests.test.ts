// Request bodies shaped as the official clients serialise them (nulls for unset fields, other
// spellings of field names, fields Postmark ignores, empty bodies) pass the spec's request schemas
// once their field names are folded to the spec's spelling; the same bodies with a real error fail.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { foldFieldNames } from "../lib/fold-names.js";
import { listOperations, resolveRef, type OpenApiDocument } from "../lib/spec-tools.js";
import { loadBundledSpec, specDir, type JsonObject } from "./load-spec.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const spec = loadBundledSpec();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec as object, "spec");

interface Fixture {
  file: string;
  client: string;
  source: string;
  operationId: string;
  expected: "accepted";
  /** the body, for operations that take one */
  body?: JsonObject;
  /** the query string's parameters, as the client writes them */
  query?: Record<string, string | number>;
}

const fixtureDir = join(specDir, "test", "fixtures", "client-requests");
const fixtures: Fixture[] = readdirSync(fixtureDir)
  .filter((file) => file.endsWith(".json"))
  .map((file) => ({ file, ...(JSON.parse(readFileSync(join(fixtureDir, file), "utf8")) as Omit<Fixture, "file">) }));

function bodySchemaOf(operationId: string): JsonObject {
  const entry = listOperations(spec as unknown as OpenApiDocument).find((candidate) => candidate.operation.operationId === operationId);
  if (!entry) throw new Error(`No operation ${operationId}`);
  const body = resolveRef(spec, entry.operation.requestBody) as JsonObject;
  return ((body.content as JsonObject)["application/json"] as JsonObject).schema as JsonObject;
}

function check(operationId: string, body: unknown) {
  const schema = bodySchemaOf(operationId);
  const { value, ignored } = foldFieldNames(spec, schema, body);
  const validate = ajv.compile(typeof schema.$ref === "string" ? { $ref: `spec${schema.$ref}` } : schema);
  const valid = validate(value);
  return { valid, ignored, errors: valid ? [] : ajv.errorsText(validate.errors, { separator: "\n" }).split("\n") };
}

/** Checks a query as the client writes it: names in any case, values as the text they travel as. */
function checkQuery(operationId: string, query: Record<string, string | number>) {
  const entry = listOperations(spec as unknown as OpenApiDocument).find((candidate) => candidate.operation.operationId === operationId)!;
  const errors: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    const parameter = entry.parameters.find((candidate) => candidate.in === "query" && candidate.name.toLowerCase() === name.toLowerCase());
    if (!parameter) {
      errors.push(`${name}: not a query parameter of ${operationId}`);
      continue;
    }
    const schema = resolveRef(spec, parameter.schema) as JsonObject;
    const validate = ajv.compile(schema);
    const typed = schema.type === "integer" ? Number(value) : String(value);
    if (!validate(typed)) errors.push(`${name}=${value}: ${ajv.errorsText(validate.errors)}`);
  }
  return errors;
}

describe("request bodies as the official clients send them", () => {
  it("cover the .NET, PHP, JS and Python clients", () => {
    const clients = new Set(fixtures.map((fixture) => fixture.file.split("-")[0]));
    expect([...clients].sort()).toEqual(["dotnet", "js", "php", "python"]);
    for (const fixture of fixtures) expect(fixture.source.length).toBeGreaterThan(10);
  });

  it.each(fixtures.map((fixture) => [fixture.file, fixture] as const))("%s passes after field names are folded", (_file, fixture) => {
    expect(fixture.expected).toBe("accepted");
    expect(fixture.body ?? fixture.query, "a fixture holds a body or a query").toBeDefined();
    if (fixture.body) expect(check(fixture.operationId, fixture.body).errors).toEqual([]);
    if (fixture.query) expect(checkQuery(fixture.operationId, fixture.query)).toEqual([]);
  });

  it("fold ContentId and ContentID to one field, and list the fields Postmark ignores", () => {
    const js = fixtures.find((fixture) => fixture.file === "js-send-email.json")!;
    const php = fixtures.find((fixture) => fixture.file === "php-send-email.json")!;
    if (!js.body || !php.body) throw new Error("the send fixtures hold bodies");
    expect(check(js.operationId, js.body).ignored).toEqual(["Attachments[0].ContentLength"]);
    const folded = foldFieldNames(spec, bodySchemaOf("sendEmail"), php.body).value as { Attachments: JsonObject[] };
    expect(folded.Attachments[0]).toHaveProperty("ContentID", "cid:logo.png");
    expect(folded.Attachments[0]).not.toHaveProperty("ContentId");
  });

  // Real errors, made from the accepted bodies: each must still fail.
  type Breakage = [name: string, applies: (fixture: Fixture) => boolean, breakBody: (body: JsonObject) => JsonObject];
  const sends = (fixture: Fixture) => fixture.operationId.startsWith("sendEmail");
  const templated = (fixture: Fixture) => fixture.operationId === "sendEmailWithTemplate";
  const breakages: Breakage[] = [
    ["without From", sends, ({ From: _from, ...rest }) => rest],
    ["with From null", sends, (body) => ({ ...body, From: null })],
    ["with TrackOpens of the wrong type", sends, (body) => ({ ...body, TrackOpens: "yes" })],
    ["with To as a number", sends, (body) => ({ ...body, To: 42 })],
    ["with both TemplateId and TemplateAlias", templated, (body) => ({ ...body, TemplateId: 1234567, TemplateAlias: "welcome" })],
    ["with neither template id", templated, (body) => ({ ...body, TemplateId: null, TemplateAlias: null })],
    // 2^64: a double-based validator reads 2^63 itself as the bound, so the test goes well past it.
    ["with a TemplateId beyond 64 bits", templated, (body) => ({ ...body, TemplateId: 18446744073709551616, TemplateAlias: null })],
    ["with no body part at all", (fixture) => fixture.operationId === "sendEmail", (body) => ({ ...body, HtmlBody: null, TextBody: null })],
    ["with an array instead of an object", (fixture) => fixture.body !== undefined && !sends(fixture), () => [] as unknown as JsonObject],
  ];
  const broken = breakages.flatMap(([name, applies, breakBody]) =>
    fixtures.filter(applies).map((fixture) => [`${fixture.file} ${name}`, fixture, breakBody] as const),
  );

  // A date the calendar does not have fails in whichever form the client writes dates.
  const dated = fixtures.filter((fixture) => fixture.query && Object.keys(fixture.query).some((name) => name.toLowerCase() === "fromdate"));

  it("have a broken twin for every fixture", () => {
    for (const fixture of fixtures) expect(broken.some(([, twin]) => twin === fixture) || dated.includes(fixture), fixture.file).toBe(true);
  });

  it.each(broken)("%s fails", (_name, fixture, breakBody) => {
    expect(check(fixture.operationId, breakBody(structuredClone(fixture.body!))).valid).toBe(false);
  });

  it.each(dated.map((fixture) => [fixture.file, fixture] as const))("%s with a fromdate that does not exist fails", (_file, fixture) => {
    const name = Object.keys(fixture.query!).find((key) => key.toLowerCase() === "fromdate")!;
    expect(checkQuery(fixture.operationId, { ...fixture.query, [name]: "2026-2-30" })).toHaveLength(1);
  });
});
