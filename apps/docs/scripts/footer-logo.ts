// Redoc 3's sidebar footer ("API docs by" + logo) loads its logo from Redocly's CDN: the one
// request the page would make outside localhost. The logo's URLs are swapped for an inline image
// carrying the same credit, so the page stays self-contained.
const cdnLogos = ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"];

const inlineLogoSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="44" height="12" viewBox="0 0 44 12">' +
  '<text x="0" y="10" font-family="system-ui, sans-serif" font-size="11" font-weight="600" fill="#0044d4">Redoc</text></svg>';

export const inlineLogo = `data:image/svg+xml;base64,${Buffer.from(inlineLogoSvg).toString("base64")}`;

/** Returns the page with the CDN logo replaced; throws if Redoc no longer has it where expected. */
export function replaceFooterLogo(html: string): string {
  let result = html;
  for (const url of cdnLogos) {
    if (!result.includes(url)) {
      throw new Error(`The built page no longer contains ${url}: check how this Redoc version draws its footer logo.`);
    }
    result = result.replaceAll(url, inlineLogo);
  }
  return result;
}
