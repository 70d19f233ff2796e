// SPDX-License-Identifier: AGPL-3.0-or-later
// Sign-in: username and password, then the authenticator code when the account has two-factor
// sign-in. Also used, with the username fixed, to sign in again after the session ended.
import { useState } from "preact/hooks";
import { ApiError, call, setCsrf } from "../api";
import { Alert, TextField, useAction } from "../components";
import type { User } from "../types";

interface Props {
  onSignedIn: (user: User) => void;
  fixedUsername?: string;
}

export function LoginForm({ onSignedIn, fixedUsername }: Props) {
  const [username, setUsername] = useState(fixedUsername ?? "");
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  const [needCode, setNeedCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErr, setFieldErr] = useState<Record<string, string>>({});

  const [submit, busy] = useAction(async () => {
    setError(null);
    setFieldErr({});
    try {
      const body: Record<string, string> = { username, password };
      if (needCode) body.totp = totp.replace(/\s/g, "");
      const r = await call<{ csrf_token: string; user: User }>("POST", "/session", { body });
      setCsrf(r.data.csrf_token);
      setPassword("");
      setTotp("");
      onSignedIn(r.data.user);
    } catch (e) {
      if (e instanceof ApiError && e.field("totp") && !needCode) {
        setNeedCode(true);
        return;
      }
      if (e instanceof ApiError && e.status === 422) {
        const f: Record<string, string> = {};
        for (const x of e.errors) f[x.field] = x.message;
        setFieldErr(f);
        return;
      }
      setError(
        e instanceof ApiError && e.status === 401
          ? needCode
            ? "That code did not work. Enter the current code from your app, or a recovery code."
            : "The username or password is not right."
          : e instanceof ApiError
            ? e.detail || e.title
            : String(e),
      );
    }
  });

  return (
    <form
      class="login-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {!needCode ? (
        <>
          <TextField
            label="Username"
            name="username"
            value={username}
            onInput={fixedUsername ? () => {} : setUsername}
            autoComplete="username"
            error={fieldErr.username}
            required
            autoFocus={!fixedUsername}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            value={password}
            onInput={setPassword}
            autoComplete="current-password"
            error={fieldErr.password}
            required
            autoFocus={!!fixedUsername}
          />
        </>
      ) : (
        <TextField
          label="Code from your authenticator app"
          name="totp"
          value={totp}
          onInput={setTotp}
          autoComplete="one-time-code"
          inputMode="numeric"
          hint="Six digits, or one of your recovery codes."
          error={fieldErr.totp}
          required
          autoFocus
        />
      )}
      {error && <Alert>{error}</Alert>}
      <div class="actions">
        {needCode && (
          <button
            type="button"
            onClick={() => {
              setNeedCode(false);
              setError(null);
            }}
          >
            Back
          </button>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {needCode ? "Verify" : "Sign in"}
        </button>
      </div>
    </form>
  );
}

export function LoginPage({ onSignedIn }: Props) {
  return (
    <main class="login-page" id="main">
      <div class="login-card">
        <h1>
          <span class="logo" aria-hidden="true" /> MedOffice
        </h1>
        <p class="muted">Sign in to your practice.</p>
        <LoginForm onSignedIn={onSignedIn} />
      </div>
    </main>
  );
}
