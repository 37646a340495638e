// The stylesheet that main.tsx imports for its effect: the build bundles it into inbox.css. TypeScript
// checks that a side-effect import resolves, so the page's CSS is declared here.
declare module "*.css";
