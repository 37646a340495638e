// One way for every browser test in the workspace to get a headless Chromium, on any machine
// that has Node and npm: an explicit CHROMIUM_PATH first, then the system's Chromium, then the
// Chromium that @sparticuz/chromium ships compressed inside its npm package.
export { chromiumFlags, launchChromium, type LaunchChromiumOptions } from "./launch.js";
export { resolveChromium, systemChromiumPath, type ChromiumChoice, type ChromiumSource, type ResolveChromiumOptions } from "./resolve.js";
export { connectChromium, launchChromiumServer } from "./shared.js";
