// A self-signed certificate made at start-up, so that STARTTLS works with nothing to configure.
// Node can make keys but not certificates: the few DER structures an X.509 v3 certificate needs
// (RFC 5280) are written here, and the certificate is signed with the new key (ECDSA P-256).
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isIP } from "node:net";

export interface Certificate {
  /** PEM */
  key: string;
  /** PEM */
  cert: string;
}

/** A certificate for `localhost`, 127.0.0.1, ::1 and the given names, valid from a day ago for a year. */
export function makeSelfSignedCertificate(names: readonly string[] = [], now = new Date()): Certificate {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const ecdsaWithSha256 = sequence(oid("1.2.840.10045.4.3.2"));
  const name = sequence(set(sequence(oid("2.5.4.3"), utf8("localhost"))));
  const day = 24 * 60 * 60 * 1000;
  const serial = randomBytes(16);
  // A positive INTEGER in its shortest form: the top bit clear, and the first byte never zero.
  serial[0] = 0x40 | (serial[0]! & 0x3f);
  const altNames = [...new Set(["localhost", "127.0.0.1", "::1", ...names])].map(altName);
  const tbs = sequence(
    tagged(0xa0, integer(Buffer.of(2))), // v3
    integer(serial),
    ecdsaWithSha256,
    name,
    sequence(utcTime(new Date(now.getTime() - day)), utcTime(new Date(now.getTime() + 365 * day))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    tagged(0xa3, sequence(sequence(oid("2.5.29.17"), octets(sequence(...altNames))))),
  );
  const signature = sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" });
  const der = sequence(tbs, ecdsaWithSha256, bitString(signature));
  return { key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), cert: pem("CERTIFICATE", der) };
}

/** A subjectAltName entry: an IP address ([7]) or a DNS name ([2]). */
function altName(value: string): Buffer {
  const version = isIP(value);
  if (version === 4) return tagged(0x87, Buffer.from(value.split(".").map(Number)));
  if (version === 6) return tagged(0x87, ipv6Bytes(value));
  return tagged(0x82, Buffer.from(value, "ascii"));
}

function ipv6Bytes(address: string): Buffer {
  const [head = "", tail = ""] = address.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = address.includes("::") ? [...groups(head), ...Array<string>(missing).fill("0"), ...groups(tail)] : groups(address);
  const bytes = Buffer.alloc(16);
  all.forEach((group, index) => bytes.writeUInt16BE(Number.parseInt(group, 16), index * 2));
  return bytes;
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

function tagged(tag: number, content: Buffer): Buffer {
  const length = content.length;
  const lengthBytes = length < 0x80 ? Buffer.of(length) : length < 0x100 ? Buffer.of(0x81, length) : Buffer.of(0x82, length >> 8, length & 0xff);
  return Buffer.concat([Buffer.of(tag), lengthBytes, content]);
}

const sequence = (...parts: Buffer[]) => tagged(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tagged(0x31, Buffer.concat(parts));
const integer = (bytes: Buffer) => tagged(0x02, bytes);
const octets = (bytes: Buffer) => tagged(0x04, bytes);
const bitString = (bytes: Buffer) => tagged(0x03, Buffer.concat([Buffer.of(0), bytes]));
const utf8 = (text: string) => tagged(0x0c, Buffer.from(text, "utf8"));

function utcTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-12-05T13:00:00.000Z
  return tagged(0x17, Buffer.from(`${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`, "ascii"));
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split(".").map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const base128: number[] = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) base128.unshift((value & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return tagged(0x06, Buffer.from(bytes));
}
