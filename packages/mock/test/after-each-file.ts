// Runs before each test file (vitest's setupFiles): what the file leaves behind goes with it.
import { afterAll } from "vitest";
import { removeTemporaryFolders } from "./temporary-folders.js";

// Registered first, so it runs after the file's own afterAll hooks have closed what uses the folders.
afterAll(removeTemporaryFolders);
