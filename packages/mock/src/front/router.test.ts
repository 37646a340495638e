import { describe, expect, it } from "vitest";
import { createRouter } from "./router.js";
import { operationsOf } from "./operations.js";
import { loadSpec } from "../spec.js";

const route = createRouter(operationsOf(loadSpec()));

describe("routing like Postmark", () => {
  it.each([
    ["GET", "/deliverystats", "getDeliveryStats", "/deliverystats"],
    ["GET", "/deliveryStats", "getDeliveryStats", "/deliverystats"],
    ["GET", "/DeliveryStats/", "getDeliveryStats", "/deliverystats"],
    ["POST", "/templates/", "createTemplate", "/templates"],
    ["GET", "/triggers/inboundRules", "listInboundRules", "/triggers/inboundrules"],
    ["PUT", "/domains/42/verifyDKIM", "verifyDomainDkim", "/domains/42/verifyDkim"],
    ["POST", "/domains/42/rotateDKIM", "rotateDomainDkim", "/domains/42/rotatedkim"],
    ["POST", "/senders/7/requestNewDkim", "requestSenderSignatureDkim", "/senders/7/requestnewdkim"],
    ["GET", "/stats/outbound/opens/emailClients", "getOpenEmailClients", "/stats/outbound/opens/emailclients"],
    ["GET", "/messages/outbound/clicks/abc", "listClicksForMessage", "/messages/outbound/clicks/abc"],
    ["GET", "/messages/outbound/abc/dump", "getOutboundMessageDump", "/messages/outbound/abc/dump"],
    ["GET", "/templates/Welcome-Email", "getTemplate", "/templates/Welcome-Email"],
    ["PUT", "/templates/push", "pushTemplates", "/templates/push"],
  ])("%s %s → %s at %s", (method, path, operationId, canonical) => {
    const match = route(method, path);
    expect(match).toMatchObject({ operation: { operationId }, path: canonical });
  });

  it("keeps path parameter values as sent", () => {
    expect(route("GET", "/message-streams/My-Stream")).toMatchObject({ path: "/message-streams/My-Stream" });
  });

  it("knows the methods of a path it has", () => {
    expect(route("PATCH", "/server")).toEqual({ allowed: ["GET", "PUT"] });
  });

  it.each(["/", "/bouncez", "/bounces/1/2/3", "/email/batch/extra"])("finds nothing at %s", (path) => {
    expect(route("GET", path)).toBeUndefined();
  });
});
