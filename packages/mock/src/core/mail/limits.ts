/** Postmark's published sending limits. Lengths count UTF-16 code units, as .NET strings do. */
export const limits = {
  recipients: 50,
  fromLength: 255,
  subjectLength: 2000,
  tagLength: 1000,
  metadataKeys: 10,
  metadataKeyLength: 20,
  metadataValueLength: 80,
  /** One body part (HtmlBody or TextBody), in bytes of UTF-8. */
  bodyBytes: 5 * 1024 * 1024,
  /** The whole message, attachments counted as their base64 text. */
  messageBytes: 10 * 1024 * 1024,
} as const;

/**
 * File extensions Postmark refuses as attachments (ErrorCode 411), as its user guide lists them.
 */
export const forbiddenExtensions: ReadonlySet<string> = new Set([
  "vbs", "exe", "bin", "bat", "chm", "com", "cpl", "crt", "hlp", "hta", "inf", "ins", "isp", "jse", "lnk",
  "mdb", "pcd", "pif", "reg", "scr", "sct", "shs", "vbe", "vba", "wsf", "wsh", "wsl", "msc", "msi", "msp", "mst",
]);
