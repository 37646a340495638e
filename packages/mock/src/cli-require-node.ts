// Imported first by the CLI: on a Node older than the minimum, `postmark-mock` prints the Node it
// needs and exits, before anything else of the package loads.
import { unsupportedNode } from "./node-version.js";

const problem = unsupportedNode(process.versions.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}
