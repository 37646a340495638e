// The requests the clients send and the fixed answers the local server gives: Postmark-shaped, the
// same for every contender.

export const serverToken = "bench-server-token";

export const message = {
  From: "sender@example.com",
  To: "someone@example.org",
  Subject: "Your receipt",
  TextBody: "Thanks for your order.",
  HtmlBody: "<p>Thanks for your order.</p>",
  MessageStream: "outbound",
};

export const sendResponse = {
  To: "someone@example.org",
  SubmittedAt: "2026-11-24T14:05:31.1234567-05:00",
  MessageID: "0a129aee-e1cd-480d-b08d-4f48548ff48d",
  ErrorCode: 0,
  Message: "OK",
};

export const serverResponse = {
  ID: 4180392,
  Name: "Production",
  ApiTokens: ["bench-server-token"],
  Color: "Purple",
  SmtpApiActivated: true,
  RawEmailEnabled: false,
  DeliveryType: "Live",
  ServerLink: "https://account.postmarkapp.com/servers/4180392/streams",
  InboundAddress: "yourhash@inbound.postmarkapp.com",
  InboundHookUrl: "https://hooks.example.com/inbound",
  BounceHookUrl: "",
  OpenHookUrl: "",
  DeliveryHookUrl: "",
  PostFirstOpenOnly: false,
  InboundDomain: "",
  InboundHash: "yourhash",
  InboundSpamThreshold: 5,
  TrackOpens: true,
  TrackLinks: "HtmlAndText",
  IncludeBounceContentInHook: true,
  ClickHookUrl: "",
  EnableSmtpApiErrorHooks: false,
};
