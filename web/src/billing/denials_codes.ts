// SPDX-License-Identifier: AGPL-3.0-or-later
// What a claim adjustment reason code (CARC) or remark code (RARC) means, from the practice's
// code sets (GET /api/v1/codes/{system}/{code}), asked once per code and kept for the session.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";

const known = new Map<string, Promise<string>>();

function meaning(system: "carc" | "rarc", code: string): Promise<string> {
  const key = `${system}:${code}`;
  let p = known.get(key);
  if (!p) {
    p = get<{ record: { description: string } | null }>(`/codes/${system}/${encodeURIComponent(code)}`)
      .then((r) => r.record?.description ?? "")
      .catch(() => "");
    known.set(key, p);
  }
  return p;
}

/** The meanings of the codes, by code ("" while unknown or not found). */
export function useCodeMeanings(system: "carc" | "rarc", codes: string[]): Record<string, string> {
  const [out, setOut] = useState<Record<string, string>>({});
  const wanted = [...new Set(codes)].sort().join(",");
  useEffect(() => {
    let live = true;
    const list = wanted ? wanted.split(",") : [];
    void Promise.all(list.map((c) => meaning(system, c).then((m) => [c, m] as const))).then((pairs) => {
      if (live) setOut(Object.fromEntries(pairs));
    });
    return () => {
      live = false;
    };
  }, [system, wanted]);
  return out;
}
