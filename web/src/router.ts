// SPDX-License-Identifier: AGPL-3.0-or-later
// Client-side routes on real paths (/calendar, /patients/12); the server answers index.html for
// them. No PHI goes into a URL: only ids and dates.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { User } from "./types";

/** A page at a path: "/patients/:id" names a part; a last part "*" takes the rest of the path
 * (as params["*"], "" when there is none). Each area (frontdesk/, billing/, admin/) lists its own
 * in its routes.tsx. */
export interface Route {
  path: string;
  page: (params: Record<string, string>) => JSX.Element;
}

/** An entry of the main navigation, shown to the users `show` accepts. */
export interface NavEntry {
  href: string;
  label: string;
  show: (u: User) => boolean;
}

export function navigate(to: string, replace = false) {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  dispatchEvent(new PopStateEvent("popstate"));
}

export function useLocation(): URL {
  const [url, setUrl] = useState(() => new URL(location.href));
  useEffect(() => {
    const on = () => setUrl(new URL(location.href));
    addEventListener("popstate", on);
    return () => removeEventListener("popstate", on);
  }, []);
  return url;
}

/** Matches "/patients/:id" (or "/admin/*") against a path; the named parts, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  if (p[p.length - 1] === "*") {
    if (s.length < p.length - 1) return null;
    const head = match("/" + p.slice(0, -1).join("/"), "/" + s.slice(0, p.length - 1).join("/"));
    return head && { ...head, "*": s.slice(p.length - 1).join("/") };
  }
  if (p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(":")) out[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return out;
}

/** An in-app link: a real <a href> (open in a new tab works) that navigates without a reload. */
export function linkClick(e: MouseEvent) {
  const a = (e.currentTarget as HTMLAnchorElement | null) ?? null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
  e.preventDefault();
  navigate(a.getAttribute("href") ?? "/");
}
