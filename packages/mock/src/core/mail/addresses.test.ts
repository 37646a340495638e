import { describe, expect, it } from "vitest";
import { addressKey, parseRecipients, sameAddress, splitAddressList } from "./addresses.js";

const refused = (message: string) => ({ status: 422, errorCode: 300, message });

describe("splitAddressList", () => {
  it.each([
    ["a@example.com", ["a@example.com"]],
    ["a@example.com, b@example.com", ["a@example.com", "b@example.com"]],
    ['"Doe, Jane" <jane@example.org>, b@example.com', ['"Doe, Jane" <jane@example.org>', "b@example.com"]],
    ['"say \\"hi, there\\"" <q@example.org>', ['"say \\"hi, there\\"" <q@example.org>']],
    ["Ann (home, main) <ann@example.org>", ["Ann (home, main) <ann@example.org>"]],
    ["a@example.com,, ,b@example.com,", ["a@example.com", "b@example.com"]],
    ["  ", []],
  ])("splits %j", (value, items) => {
    expect(splitAddressList(value)).toEqual(items);
  });
});

describe("parseRecipients", () => {
  it.each([
    ["To", "jane@example.org", [{ email: "jane@example.org" }]],
    ["To", "Jane Doe <jane@example.org>", [{ name: "Jane Doe", email: "jane@example.org" }]],
    ["To", '"Doe, Jane" <jane@example.org>', [{ name: "Doe, Jane", email: "jane@example.org" }]],
    ["To", '"Joe Sender, jr" <sender@example.com>', [{ name: "Joe Sender, jr", email: "sender@example.com" }]],
    ["Cc", "<only@example.org>", [{ email: "only@example.org" }]],
    ["Bcc", "Zoë Ångström <zoe@example.org>", [{ name: "Zoë Ångström", email: "zoe@example.org" }]],
    [
      "To",
      "a@example.com, Bob <b@example.com>,c@sub.example.co.uk",
      [{ email: "a@example.com" }, { name: "Bob", email: "b@example.com" }, { email: "c@sub.example.co.uk" }],
    ],
    ["To", "First.Last+tag@Example.COM", [{ email: "First.Last+tag@Example.COM" }]],
    ["To", "", []],
    ["To", undefined, []],
  ] as const)("%s %j parses", (field, value, expected) => {
    expect(parseRecipients(field, value)).toEqual(expected);
  });

  it.each([
    // The recorded Postmark answer quoted in the postmark-gem test suite.
    ["To", "johne.xample.com", "Error parsing 'To': Illegal email address 'johne.xample.com'. It must contain the '@' symbol."],
    ["From", "]", "Error parsing 'From': Illegal email address ']'. It must contain the '@' symbol."],
    // Recorded answers in django-anymail's Postmark tests.
    ["Cc", "user@+", "Error parsing 'Cc': Illegal email domain '+' in address 'user@+'."],
    ["Reply-To", "invalid@+", "Error parsing 'Reply-To': Illegal email domain '+' in address 'invalid@+'."],
    ["To", "invalid@localhost", "Invalid 'To' address: 'invalid@localhost'."],
    ["From", "invalid@localhost", "Invalid 'From' address: 'invalid@localhost'."],
    // An unquoted comma in a display name splits the list; the first half has no '@'.
    ["From", "Joe Sender, jr <sender@example.com>", "Error parsing 'From': Illegal email address 'Joe Sender'. It must contain the '@' symbol."],
    ["To", "Joe Sender jr. <sender@example.com>", "Invalid 'To' address: 'Joe Sender jr. <sender@example.com>'."],
    ["To", "ok@example.com, broken", "Error parsing 'To': Illegal email address 'broken'. It must contain the '@' symbol."],
    ["Bcc", "a@@example.com", "Invalid 'Bcc' address: 'a@@example.com'."],
    ["To", "a b@example.com", "Invalid 'To' address: 'a b@example.com'."],
    ["To", ".a@example.com", "Invalid 'To' address: '.a@example.com'."],
    ["To", '"a b"@example.com', "Error parsing 'To': Illegal email mailbox 'a b' in address 'a b@example.com'."],
    ["To", "group: a@example.com;", "Invalid 'To' address: 'group: a@example.com;'."],
    ["To", "a@example.com.", "Invalid 'To' address: 'a@example.com.'."],
    // Postmark's published patterns are ASCII: internationalised addresses are refused.
    ["To", "j@exämple.com", "Error parsing 'To': Illegal email domain 'exämple.com' in address 'j@exämple.com'."],
    ["To", "jö@example.com", "Error parsing 'To': Illegal email mailbox 'jö' in address 'jö@example.com'."],
  ] as const)("%s %j is refused", (field, value, message) => {
    expect(parseRecipients(field, value)).toEqual(refused(message));
  });
});

describe("address comparison", () => {
  it.each([
    ["Jane@Example.org", "jane@example.org", true],
    [" jane@example.org ", "JANE@EXAMPLE.ORG", true],
    ["jane@example.org", "jane@example.com", false],
  ])("%j vs %j", (a, b, same) => {
    expect(sameAddress(a, b)).toBe(same);
    expect(addressKey(a) === addressKey(b)).toBe(same);
  });
});
