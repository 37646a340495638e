// Compile-time checks: `tsc --noEmit` fails the test run if a line marked @ts-expect-error compiles.
import { describe, expectTypeOf, it } from "vitest";
import {
  createPostmarkClient,
  createPostmarkCore,
  getBounce,
  getCurrentServer,
  paginate,
  sendEmail,
  type components,
  type OperationResult,
  type PageItem,
  type WebhookPayload,
  type webhooks,
} from "./index.js";

const client = createPostmarkClient({ serverToken: "t", accountToken: "a", fetch: async () => new Response("{}") });
const core = createPostmarkCore({ serverToken: "t", fetch: async () => new Response("{}") });
type Schemas = components["schemas"];

describe("types", () => {
  it("types named methods from the spec", () => {
    expectTypeOf(client.sendEmail).returns.resolves.toEqualTypeOf<OperationResult<"sendEmail">>();
    // openapi-fetch maps response types through Readable<>, so compare both ways rather than by identity.
    expectTypeOf<OperationResult<"getBounce">>().toExtend<Schemas["Bounce"]>();
    expectTypeOf<Schemas["Bounce"]>().toExtend<OperationResult<"getBounce">>();
    expectTypeOf<PageItem<"listBounces">>().toExtend<Schemas["Bounce"]>();
    expectTypeOf<Schemas["Bounce"]>().toExtend<PageItem<"listBounces">>();
    expectTypeOf<OperationResult<"getBounce">>().not.toBeAny();
    expectTypeOf<keyof webhooks>().toEqualTypeOf<"Bounce" | "Delivery" | "Open" | "Click" | "SpamComplaint" | "SubscriptionChange" | "Inbound">();
    expectTypeOf<WebhookPayload["RecordType"]>().toEqualTypeOf<"Bounce" | "Delivery" | "Open" | "Click" | "SpamComplaint" | "SubscriptionChange" | "Inbound">();
  });

  it("rejects wrong bodies and missing required fields at compile time", () => {
    const typeOnly = () => {
      // @ts-expect-error From is required
      void client.sendEmail({ body: { To: "a@example.org", TextBody: "x" } });
      // @ts-expect-error TrackLinks has a fixed set of values
      void client.sendEmail({ body: { From: "a@example.com", To: "b@example.org", TextBody: "x", TrackLinks: "Always" } });
      // @ts-expect-error unknown fields are not part of the body
      void client.sendEmail({ body: { From: "a@example.com", To: "b@example.org", TextBody: "x", Colour: "red" } });
      // @ts-expect-error /email/batch takes an array, not an object
      void client.sendEmailBatch({ body: { Messages: [] } });
      // @ts-expect-error getBounce needs its path parameter
      void client.getBounce({});
      // @ts-expect-error bounceid is a number
      void client.getBounce({ params: { path: { bounceid: "abc" } } });
      // @ts-expect-error count is required when searching sent messages
      void client.listOutboundMessages({ params: { query: { offset: 0 } } });
      // @ts-expect-error the path-typed methods know the paths too
      void client.GET("/bouncez");
      // @ts-expect-error paginate only takes count/offset list operations
      void paginate(client, "sendEmail");
    };
    expectTypeOf(typeOnly).toBeFunction();
  });

  it("lets operations without required input be called bare", () => {
    expectTypeOf(client.getCurrentServer).toBeCallableWith();
    expectTypeOf(client.getDeliveryStats).toBeCallableWith();
    expectTypeOf(getCurrentServer).toBeCallableWith(core);
  });

  it("types the operation functions as the methods, for either kind of client", () => {
    expectTypeOf(sendEmail(core, { body: { From: "a@example.com", To: "b@example.org", TextBody: "x" } })).toEqualTypeOf(client.sendEmail({ body: { From: "a@example.com", To: "b@example.org", TextBody: "x" } }));
    expectTypeOf(getBounce).toBeCallableWith(client, { params: { path: { bounceid: 1 } } });
    const typeOnly = () => {
      // @ts-expect-error the function takes the client first
      void sendEmail({ body: { From: "a@example.com", To: "b@example.org", TextBody: "x" } });
      // @ts-expect-error From is required, as for the method
      void sendEmail(core, { body: { To: "a@example.org", TextBody: "x" } });
      // @ts-expect-error getBounce needs its path parameter
      void getBounce(core);
      // @ts-expect-error a core client has no methods
      void core.sendEmail;
      // @ts-expect-error paginate on a core client still takes only count/offset list operations
      void paginate(core, "sendEmail");
    };
    expectTypeOf(typeOnly).toBeFunction();
  });
});
