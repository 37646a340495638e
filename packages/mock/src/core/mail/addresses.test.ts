import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addressKey, commonMailbox, parseItemFully, parseRecipients, sameAddress, splitAddressList, type AddressField } from "./addresses.js";

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
    ["a@example.com) , b@example.com>", ["a@example.com)", "b@example.com>"]],
    ["Jane <jane@example.org>, Bob <bob@example.org>", ["Jane <jane@example.org>", "Bob <bob@example.org>"]],
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

describe("the common forms, read without the full parser", () => {
  // Addresses as senders and recipients write them, each in a form the short path reads.
  it.each([
    ["support@example.com", { email: "support@example.com" }],
    ["First.Last+tag@Mail.Example.CO.UK", { email: "First.Last+tag@Mail.Example.CO.UK" }],
    ["o'brien@example.ie", { email: "o'brien@example.ie" }],
    ["user%relay@example.org", { email: "user%relay@example.org" }],
    ["x@a-b.io", { email: "x@a-b.io" }],
    ["John Smith <john.smith@example.co.uk>", { name: "John Smith", email: "john.smith@example.co.uk" }],
    ["John   Smith  <john@example.com>", { name: "John Smith", email: "john@example.com" }],
    ["Who? <one@y.test>", { name: "Who?", email: "one@y.test" }],
    ["Mary<mary@x.test>", { name: "Mary", email: "mary@x.test" }],
    ['"Smith, John" <jsmith@example.com>', { name: "Smith, John", email: "jsmith@example.com" }],
    ['"Dr. J. Doe (Ret.)" <doe@example.edu>', { name: "Dr. J. Doe (Ret.)", email: "doe@example.edu" }],
    ["Zoë Ångström <zoe@example.org>", { name: "Zoë Ångström", email: "zoe@example.org" }],
    ["张伟 <zhang.wei@example.cn>", { name: "张伟", email: "zhang.wei@example.cn" }],
    ["<bare@example.com>", { email: "bare@example.com" }],
  ])("%j", (item, mailbox) => {
    expect(commonMailbox(item)).toStrictEqual(mailbox);
    expect(parseItemFully("To", item, item)).toStrictEqual(mailbox);
  });

  // Forms the full parser reads (or refuses) on its own: comments, escapes, tabs, obsolete syntax.
  it.each([
    "Ann (home) <ann@example.org>",
    "ann@example.org (Ann)",
    '"a b"@example.com',
    "Jane\t<jane@example.org>",
    "Joe Q. Public <john.q.public@example.com>",
    '"Giant; \\"Big\\" Box" <sysservices@example.net>',
    "< spaced@example.com >",
    "Name\u00a0<nbsp@example.com>",
    "jö@example.com",
    "j@exämple.com",
    "invalid@localhost",
    "a..b@example.com",
    "a?b@example.com",
    '"" <empty@example.com>',
  ])("%j goes to the full parser", (item) => {
    expect(commonMailbox(item)).toBeUndefined();
  });

  // Pieces that make up addresses, valid and not: the short path must give the full parser's
  // answer whenever it answers, whatever they are put together into.
  // RFC 5322 atext; Postmark's pattern for local parts leaves out "?", which stays among the tricky pieces.
  const atext = [..."aZ09!#$%&'*+-/=^_`{|}~"];
  const tricky = [".", " ", "  ", "\t", "\u00a0", "\u2028", "\ufeff", "é", "张", "😀", "\ud800", "@", "<", ">", '"', "\\", "(", ")", ",", ";", ":", "[", "]", "\u0001", "\r\n", "?"];
  const someOf = (units: string[], minLength = 0) => fc.string({ unit: fc.constantFrom(...units), minLength, maxLength: 10 });
  const dotted = (units: string[], minLength: number) => fc.array(someOf(units, 1), { minLength, maxLength: 4 }).map((parts) => parts.join("."));
  // Mostly well-formed, then nearly so (one character away from Postmark's patterns), then anything.
  const local = fc.oneof({ weight: 4, arbitrary: dotted(atext, 1) }, dotted([...atext, "?", "é", '"'], 1), someOf([...atext, ...tricky]));
  const domain = fc.oneof({ weight: 4, arbitrary: dotted([..."abZ09-"], 2) }, dotted([..."abZ09-_é"], 1), someOf([..."abZ09-.", ...tricky]));
  const address = fc.tuple(local, domain).map(([left, right]) => `${left}@${right}`);
  const name = fc.oneof(
    { weight: 3, arbitrary: fc.array(someOf([...atext, "?", "é", "张", "😀"], 1), { minLength: 1, maxLength: 3 }).chain((words) => fc.constantFrom(" ", "  ").map((gap) => words.join(gap))) },
    someOf([...atext, ...tricky]),
  );
  const quoted = someOf([...atext, ...tricky, "a b"]).map((text) => `"${text}"`);
  const gap = fc.constantFrom("", " ", "  ", "\t");
  const item = fc.oneof(
    { weight: 3, arbitrary: address },
    fc.tuple(name, gap, address).map(([display, space, addr]) => `${display}${space}<${addr}>`),
    fc.tuple(quoted, gap, address).map(([display, space, addr]) => `${display}${space}<${addr}>`),
    fc.tuple(gap, address, gap).map(([before, addr, after]) => `<${before}${addr}${after}>`),
    fc.tuple(address, someOf(tricky)).map(([addr, tail]) => `${addr}${tail}`),
    fc.tuple(name, address, someOf(tricky)).map(([display, addr, tail]) => `${display} <${addr}>${tail}`),
  );
  const fields: AddressField[] = ["From", "To", "Cc", "Bcc", "Reply-To"];

  it("answers as the full parser does, for generated address lists", () => {
    let shortPaths = 0;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.array(item, { minLength: 1, maxLength: 3 }), (field, items) => {
        const value = items.join(", ");
        for (const part of splitAddressList(value)) {
          const mailbox = commonMailbox(part);
          if (mailbox === undefined) continue;
          shortPaths++;
          expect(mailbox).toStrictEqual(parseItemFully(field, part, value));
        }
      }),
      { numRuns: 5000 },
    );
    // The generator must reach the short path often, or the property would hold vacuously.
    expect(shortPaths).toBeGreaterThan(2000);
  });
});
