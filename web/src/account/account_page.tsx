// SPDX-License-Identifier: AGPL-3.0-or-later
// The user's own account: two-factor enrolment with a QR code (drawn on a canvas, so no data:
// URL is needed under the CSP) and the recovery codes shown once.
import QRCode from "qrcode";
import { useEffect, useRef, useState } from "preact/hooks";
import { call, post } from "../api";
import { Alert, FormProblem, noProblems, problemsOf, TextField, useAction } from "../components";
import { useApp } from "../state";

function Qr({ text }: { text: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) void QRCode.toCanvas(ref.current, text, { width: 220, margin: 2 });
  }, [text]);
  return <canvas ref={ref} role="img" aria-label="QR code to scan with an authenticator app" />;
}

export function AccountPage() {
  const { user } = useApp();
  const [uri, setUri] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [codes, setCodes] = useState<string[] | null>(null);
  const [problems, setProblems] = useState(noProblems);

  const [start, starting] = useAction(async () => {
    setProblems(noProblems);
    try {
      const r = (await call<{ otpauth_uri: string }>("POST", "/session/mfa")).data;
      setUri(r.otpauth_uri);
      setCodes(null);
    } catch (e) {
      setProblems(problemsOf(e, []));
    }
  });
  const [confirm, confirming] = useAction(async () => {
    setProblems(noProblems);
    try {
      const r = await post<{ recovery_codes: string[] }>("/session/mfa/confirm", { totp: code.trim() });
      setCodes(r.recovery_codes);
      setUri(null);
      setCode("");
    } catch (e) {
      setProblems(problemsOf(e, ["totp"]));
    }
  });
  const secret = uri ? (new URL(uri.replace("otpauth://", "https://")).searchParams.get("secret") ?? "") : "";

  return (
    <main id="main" class="page narrow">
      <h1>Your account</h1>
      <dl class="facts">
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Roles</dt>
        <dd>{user.roles.join(", ")}</dd>
        <dt>Signed out after</dt>
        <dd>{Math.round(user.idle_timeout_seconds / 60)} idle minutes</dd>
      </dl>
      <section aria-labelledby="mfa-h">
        <h2 id="mfa-h">Two-factor sign-in</h2>
        <p>
          With two-factor sign-in, you enter a code from an authenticator app after your password. Managers and
          administrators must use it.
        </p>
        <FormProblem problems={problems} />
        {!uri && (
          <button type="button" class="primary" onClick={() => void start()} disabled={starting}>
            Set up an authenticator app
          </button>
        )}
        {uri && (
          <div class="mfa-setup">
            <Qr text={uri} />
            <div>
              <p>Scan the code with your authenticator app, or enter this key by hand:</p>
              <p>
                <code class="secret" data-testid="mfa-secret">
                  {secret.replace(/(.{4})/g, "$1 ").trim()}
                </code>
              </p>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void confirm();
                }}
              >
                <TextField
                  label="Code the app shows now"
                  value={code}
                  onInput={setCode}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  error={problems.byField.totp}
                  required
                />
                <button type="submit" class="primary" disabled={confirming}>
                  Turn on two-factor sign-in
                </button>
              </form>
            </div>
          </div>
        )}
        {codes && (
          <Alert kind="ok">
            <p>
              Two-factor sign-in is on. Keep these recovery codes somewhere safe; each works once, and they are not
              shown again.
            </p>
            <ul class="codes" data-testid="recovery-codes">
              {codes.map((c) => (
                <li key={c}>
                  <code>{c}</code>
                </li>
              ))}
            </ul>
          </Alert>
        )}
      </section>
    </main>
  );
}
