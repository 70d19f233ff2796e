// SPDX-License-Identifier: AGPL-3.0-or-later
// The shell: sign-in, the navigation, the location the desk works at, the idle-timeout warning
// and signing in again without losing the page.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { AccountPage } from "./account/account_page";
import { LoginForm, LoginPage } from "./account/login";
import { adminNav, adminRoutes } from "./admin/routes";
import { call, get, lastServerActivity, onUnauthenticated, setCsrf } from "./api";
import { billingNav, billingRoutes } from "./billing/routes";
import { Dialog, Spinner } from "./components";
import { frontdeskNav, frontdeskRoutes } from "./frontdesk/routes";
import { linkClick, match, type NavEntry, navigate, type Route, useLocation } from "./router";
import { AppContext, type AppState, type RefData, loadRefData } from "./state";
import type { User } from "./types";

const locationKey = "medoffice.location";

// The areas' pages and navigation, in the order of the menu.
const nav: NavEntry[] = [...frontdeskNav, ...billingNav, ...adminNav];
const routes: Route[] = [
  ...frontdeskRoutes,
  ...billingRoutes,
  ...adminRoutes,
  { path: "/account", page: () => <AccountPage /> },
];

export function App() {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(true);
  const [ref, setRef] = useState<RefData | null>(null);
  const [reauth, setReauth] = useState<{ resolve: () => void } | null>(null);
  const [warnAt, setWarnAt] = useState<number | null>(null);
  const [flashText, setFlashText] = useState("");
  const [locationId, setLocationIdState] = useState<number>(Number(localStorage.getItem(locationKey) ?? 0));
  const url = useLocation();
  const userRef = useRef<User | null>(null);
  userRef.current = user;

  // A session from before a reload or from another tab: the cookie is HttpOnly, the CSRF token
  // is in localStorage.
  useEffect(() => {
    get<User>("/session")
      .then((u) => setUser(u))
      .catch(() => setCsrf(""))
      .finally(() => setChecking(false));
  }, []);

  useEffect(() => {
    if (!user) return;
    void loadRefData().then(setRef);
  }, [user?.user_id]);

  // A call that meets 401 waits here until the same user signs in again.
  useEffect(() => {
    onUnauthenticated(
      () =>
        new Promise<void>((resolve) => {
          if (!userRef.current) return resolve();
          setReauth({ resolve });
        }),
    );
    return () => onUnauthenticated(null);
  }, []);

  // Idle timeout: the server ends a session after idle_timeout_seconds without a call. A minute
  // before (a quarter of the timeout when that is shorter), offer to stay; after, ask to sign in
  // again (the page and its unsaved input stay).
  useEffect(() => {
    if (!user) return;
    const t = setInterval(() => {
      const idle = user.idle_timeout_seconds * 1000;
      const left = idle - (Date.now() - lastServerActivity());
      if (left <= 0) {
        setWarnAt(null);
        if (!reauth) setReauth({ resolve: () => {} });
      } else if (left <= Math.min(60_000, idle / 4)) setWarnAt(Date.now() + left);
      else setWarnAt(null);
    }, 1000);
    return () => clearInterval(t);
  }, [user, reauth]);

  const state: AppState | null = useMemo(() => {
    if (!user || !ref) return null;
    const allowed = ref.locations.filter(
      (l) => l.active !== false && (user.location_ids.length === 0 || user.location_ids.includes(l.id)),
    );
    const current = allowed.find((l) => l.id === locationId)?.id ?? allowed[0]?.id ?? 0;
    return {
      user,
      ref,
      reloadRef: async () => setRef(await loadRefData()),
      locationId: current,
      setLocationId: (id: number) => {
        localStorage.setItem(locationKey, String(id));
        setLocationIdState(id);
      },
      flash: (m: string) => {
        setFlashText(m);
        setTimeout(() => setFlashText((x) => (x === m ? "" : x)), 5000);
      },
    };
  }, [user, ref, locationId]);

  if (checking) return <Spinner />;
  if (!user) {
    return (
      <LoginPage
        onSignedIn={(u) => {
          setUser(u);
          const home = nav.find((n) => n.show(u))?.href ?? "/account";
          if (url.pathname === "/" || url.pathname === "/login") navigate(home, true);
        }}
      />
    );
  }
  if (!state) return <Spinner label="Loading the practice" />;

  const signOut = async () => {
    try {
      await call("DELETE", "/session");
    } catch {
      /* the session may be over already */
    }
    setCsrf("");
    setUser(null);
    setRef(null);
    navigate("/", true);
  };

  const path = url.pathname === "/" ? (nav.find((n) => n.show(user))?.href ?? "/account") : url.pathname;
  let page;
  for (const r of routes) {
    const m = match(r.path, path);
    if (m) {
      page = r.page(m);
      break;
    }
  }
  if (!page)
    page = (
      <main id="main" class="page">
        <h1>Not found</h1>
        <p>
          There is no page here.{" "}
          <a href="/calendar" onClick={linkClick}>
            Go to the calendar
          </a>
          .
        </p>
      </main>
    );

  const allowed = state.ref.locations.filter(
    (l) => l.active !== false && (user.location_ids.length === 0 || user.location_ids.includes(l.id)),
  );
  return (
    <AppContext.Provider value={state}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/calendar" onClick={linkClick}>
          <span class="logo" aria-hidden="true" /> MedOffice
        </a>
        <nav aria-label="Main">
          <ul>
            {nav
              .filter((n) => n.show(user))
              .map((n) => (
                <li key={n.href}>
                  <a
                    href={n.href}
                    onClick={linkClick}
                    aria-current={path === n.href || path.startsWith(n.href + "/") ? "page" : undefined}
                  >
                    {n.label}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <div class="topbar-right">
          <label class="location-pick">
            <span class="sr-only">Location</span>
            <select
              value={String(state.locationId)}
              onChange={(e) => state.setLocationId(Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {allowed.map((l) => (
                <option key={l.id} value={String(l.id)}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          <a href="/account" onClick={linkClick} aria-current={path === "/account" ? "page" : undefined}>
            {user.username}
          </a>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <div class="flash" role="status" aria-live="polite">
        {flashText}
      </div>
      {page}
      {warnAt && !reauth && (
        <Dialog title="Still there?" onClose={() => void get("/session").then(() => setWarnAt(null))}>
          <p>
            For privacy, you will be signed out in about {Math.max(0, Math.round((warnAt - Date.now()) / 1000))} seconds
            without activity.
          </p>
          <div class="actions">
            <button type="button" onClick={() => void signOut()}>
              Sign out now
            </button>
            <button type="button" class="primary" onClick={() => void get("/session").then(() => setWarnAt(null))}>
              Stay signed in
            </button>
          </div>
        </Dialog>
      )}
      {reauth && (
        <Dialog title="Sign in again" onClose={() => void signOut()}>
          <p>Your session ended. Sign in again to carry on where you were; nothing on this page is lost.</p>
          <LoginForm
            fixedUsername={user.username}
            onSignedIn={(u) => {
              setUser(u);
              const r = reauth;
              setReauth(null);
              r.resolve();
            }}
          />
        </Dialog>
      )}
    </AppContext.Provider>
  );
}
