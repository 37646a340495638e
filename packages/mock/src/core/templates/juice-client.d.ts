/** juice's client build ships no type declarations of its own. */
declare module "juice/client.js" {
  interface JuiceOptions {
    applyStyleTags?: boolean;
    removeStyleTags?: boolean;
    preserveMediaQueries?: boolean;
    preserveFontFaces?: boolean;
    insertPreservedExtraCss?: boolean;
    applyWidthAttributes?: boolean;
    applyHeightAttributes?: boolean;
    applyAttributesTableElements?: boolean;
    xmlMode?: boolean;
  }
  function juice(html: string, options?: JuiceOptions): string;
  export default juice;
}
