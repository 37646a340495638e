// Entry point of the inbox page (built by scripts/build-inbox.ts into dist/inbox/inbox.js).
import { render } from "preact";
import { App } from "./components/App.js";
import "./styles.css";

const root = document.getElementById("app");
if (root) render(<App />, root);
