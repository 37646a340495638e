// Imported first by the package's entries: on a Node older than the minimum, importing the package
// fails at once with a message that names the Node it needs, not somewhere inside.
import { unsupportedNode } from "./node-version.js";

const problem = unsupportedNode(globalThis.process?.versions?.node);
if (problem) throw new Error(problem);
