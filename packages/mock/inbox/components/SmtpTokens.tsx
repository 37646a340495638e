// The SMTP tokens of the chosen server: each one's access key (the SMTP user name), secret key
// (the password) and stream, and a button that makes one for a stream.
import { useEffect, useState } from "preact/hooks";
import { api, type MockServer, type SmtpToken } from "../api.js";

export function SmtpTokens({ server, onError }: { server: MockServer; onError: (message: string) => void }) {
  const [tokens, setTokens] = useState<SmtpToken[]>([]);
  const [stream, setStream] = useState("outbound");
  const load = async () => {
    try {
      setTokens(await api.listSmtpTokens(server.ID));
    } catch (problem) {
      onError(`The SMTP tokens could not be loaded: ${(problem as Error).message}`);
    }
  };
  useEffect(() => {
    void load();
  }, [server.ID]);
  const create = async () => {
    try {
      await api.createSmtpToken(server.ID, stream);
      await load();
    } catch (problem) {
      onError(`The SMTP token could not be made: ${(problem as Error).message}`);
    }
  };
  return (
    <details class="smtp-tokens">
      <summary>SMTP tokens of {server.Name} ({tokens.length})</summary>
      <p class="hint">Log in over SMTP with an access key as user name and its secret key as password; every message goes to the token's stream.</p>
      {tokens.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Stream</th>
              <th>Access key (user name)</th>
              <th>Secret key (password)</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.AccessKey}>
                <td>{token.MessageStream}</td>
                <td>
                  <code>{token.AccessKey}</code>
                </td>
                <td>
                  <code>{token.SecretKey}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <label for="smtp-token-stream">Stream</label>
        <input id="smtp-token-stream" value={stream} onInput={(event) => setStream(event.currentTarget.value)} />
        <button type="submit">New SMTP token</button>
      </form>
    </details>
  );
}
