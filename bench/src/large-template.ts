// The largest template Postmark accepts, for the template benchmark: an HtmlBody just under the
// 5 MB Postmark allows a message body, laid out as a transactional email is (a <style> block with
// a small email framework's rules, pseudo-classes and media queries, then an order table of
// thousands of rows with placeholders), so rendering fills thousands of values and inlining
// matches the rules against some hundred thousand elements.

/** Postmark's limit on one body part: 5 MB. */
export const bodyLimitBytes = 5 * 1024 * 1024;

const css = [
  "body { margin: 0; padding: 0; background-color: #f4f4f7; font-family: Helvetica, Arial, sans-serif; }",
  "table { border-collapse: collapse; }",
  "td { padding: 0; vertical-align: top; }",
  "p { margin: 0 0 12px; font-size: 15px; line-height: 1.5; color: #51545e; }",
  "a { color: #3869d4; text-decoration: none; }",
  "a:hover { text-decoration: underline; }",
  "h1 { margin: 0 0 16px; font-size: 22px; color: #333333; }",
  "h2 { margin: 0 0 12px; font-size: 18px; color: #333333; }",
  "img { border: 0; display: block; max-width: 100%; }",
  ".wrapper { width: 100%; background-color: #f4f4f7; }",
  ".container { width: 600px; margin: 0 auto; background-color: #ffffff; }",
  ".header td { padding: 24px; text-align: center; }",
  ".content > tbody > tr > td { padding: 24px 32px; }",
  ".items { width: 100%; margin: 12px 0; }",
  ".items th { padding: 8px 4px; border-bottom: 1px solid #eaeaec; font-size: 12px; text-transform: uppercase; color: #85878e; }",
  ".items tr.item td { padding: 6px 4px; border-bottom: 1px solid #f2f4f6; font-size: 14px; }",
  ".items td.name a { color: #333333; font-weight: bold; }",
  ".items td.qty { text-align: center; width: 40px; }",
  ".items td.price { text-align: right; width: 80px; white-space: nowrap; }",
  ".items tr:nth-child(2n) td { background-color: #fafafa; }",
  ".items tr.item:last-child td { border-bottom: 0; }",
  ".total td { padding-top: 12px; font-weight: bold; }",
  ".button { display: inline-block; padding: 10px 18px; background-color: #22bc66; border-radius: 3px; color: #ffffff !important; }",
  ".footer td { padding: 24px; font-size: 12px; color: #a8aaaf; text-align: center; }",
  ".footer p { font-size: 12px; color: #a8aaaf; }",
  "[data-note] { font-style: italic; }",
  "@media only screen and (max-width: 600px) { .container { width: 100% !important; } .items td.price { width: auto !important; } }",
  "@media (prefers-color-scheme: dark) { body { background-color: #333333 !important; } }",
].join("\n");

const row = (i: number): string =>
  `<tr class="item"><td class="name"><a href="https://shop.example.com/p/${i}">{{product_name}} ${i}</a></td><td class="qty">{{quantity}}</td><td class="price">{{price}}</td></tr>\n`;

/** The template's HtmlBody: as many rows as fit in `bytes`. */
export function largeTemplateHtml(bytes: number = bodyLimitBytes - 64 * 1024): string {
  const head = `<!doctype html><html><head><meta charset="utf-8"><title>Your order</title><style>\n${css}\n</style></head><body><table class="wrapper"><tr><td><table class="container">
<tr class="header"><td><h1>Thanks for your order, {{name}}</h1><p>Order {{order_id}} is on its way.</p></td></tr>
<tr><td><table class="content"><tbody><tr><td><table class="items"><tr><th>Item</th><th>Qty</th><th>Price</th></tr>\n`;
  const tail = `</table><table class="total"><tr><td>Total</td><td class="price">{{total}}</td></tr></table><p data-note="x">Questions? Reply to this email.</p><a class="button" href="{{action_url}}">View your order</a></td></tr></tbody></table></td></tr>
<tr class="footer"><td><p>Acme Inc., 1 Example Street</p></td></tr></table></td></tr></table></body></html>`;
  const rows: string[] = [];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const next = row(i);
    if (size + next.length > bytes) break;
    rows.push(next);
    size += next.length;
  }
  return head + rows.join("") + tail;
}

export const largeTemplateModel = { name: "Jane", order_id: "A-1001", product_name: "Widget", quantity: 2, price: "$9.99", total: "$99.90", action_url: "https://shop.example.com/orders/A-1001" };
