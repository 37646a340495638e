import { emailLimits } from "../../generated/spec-facts.js";

/**
 * Postmark's published sending limits, as the spec states them. Lengths count UTF-16 code units,
 * as .NET strings do; one body part (HtmlBody or TextBody) counts bytes of UTF-8, and the whole
 * message counts attachments as their base64 text.
 */
export const limits = emailLimits;

/**
 * File extensions Postmark refuses as attachments (ErrorCode 411), as its user guide lists them.
 */
export const forbiddenExtensions: ReadonlySet<string> = new Set([
  "vbs", "exe", "bin", "bat", "chm", "com", "cpl", "crt", "hlp", "hta", "inf", "ins", "isp", "jse", "lnk",
  "mdb", "pcd", "pif", "reg", "scr", "sct", "shs", "vbe", "vba", "wsf", "wsh", "wsl", "msc", "msi", "msp", "mst",
]);
