// A vitest setup file: the process it runs in connects to nothing but the loopback.
import { installLocalOnly } from "./local-only.js";

installLocalOnly();
