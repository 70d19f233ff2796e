// SPDX-License-Identifier: AGPL-3.0-or-later
// One generic list-and-edit screen for a practice resource, driven by its field list: the list
// with archive and restore, and the add and edit dialog (a `fixed` resource, such as the practice
// itself, is only edited: no adding, archiving or restoring).
import { useEffect, useState } from "preact/hooks";
import { call, get, listAll, newKey } from "../api";
import { Alert, noProblems, problemsOf, Spinner, statusLabel, useAction } from "../components";
import { useApp } from "../state";
import { EditDialog } from "./edit_dialog";
import { fromText, getPath, type Json, setPath, type Spec, toText, type Values } from "./resource_spec";

interface ResourceProps {
  title: string;
  path: string;
  noun: string;
  specs: Spec[];
  filter?: (x: Json) => boolean;
  defaults?: Json;
  /** Edited only: its records are neither added nor archived here. */
  fixed?: boolean;
}

export function ResourceAdmin({ title, path, noun, specs, filter, defaults = {}, fixed = false }: ResourceProps) {
  const { reloadRef, flash } = useApp();
  const [items, setItems] = useState<Json[] | null>(null);
  const [editing, setEditing] = useState<Json | null>(null);
  const [values, setValues] = useState<Values>({});
  const [problems, setProblems] = useState(noProblems);
  const [key, setKey] = useState(newKey);
  const [error, setError] = useState<string | null>(null);
  const load = () => listAll<Json>(path).then((x) => setItems(filter ? x.filter(filter) : x));
  useEffect(() => {
    setItems(null);
    load().catch((e) => setError((e as Error).message));
  }, [path]);

  const open = (x: Json | null) => {
    const base: Json = x ?? defaults;
    const v: Values = {};
    for (const s of specs) v[s.key] = toText(getPath(base, s.key), s.kind ?? "text");
    setValues(v);
    setProblems(noProblems);
    setKey(newKey());
    setEditing(x ?? {});
  };
  const [save, busy] = useAction(async () => {
    if (!editing) return;
    setProblems(noProblems);
    const creating = editing.id === undefined;
    const body: Json = {};
    for (const s of specs) {
      if (!creating && s.createOnly) continue;
      const val = fromText(values[s.key], s);
      if (val !== undefined) setPath(body, s.key, val);
    }
    // An address left empty is no address.
    for (const k of Object.keys(body)) {
      const o = body[k];
      if (
        o &&
        typeof o === "object" &&
        !Array.isArray(o) &&
        Object.values(o as Json).every((x) => x === null || x === "")
      )
        body[k] = null;
    }
    try {
      if (creating) await call("POST", path, { body, idempotencyKey: key });
      else await call("PATCH", `${path}/${editing.id}`, { body, ifMatch: editing.version as number });
      flash(`${statusLabel(noun)} saved`);
      setEditing(null);
      await load();
      await reloadRef();
    } catch (e) {
      setProblems(
        problemsOf(
          e,
          specs.map((s) => s.key),
        ),
      );
    }
  });
  const [toggle] = useAction(async (x: Json) => {
    try {
      await call("POST", `${path}/${x.id}/${x.active === false ? "restore" : "archive"}`, {
        ifMatch: x.version as number,
      });
      await load();
      await reloadRef();
    } catch (e) {
      setError((e as Error).message);
    }
  });

  const cols = specs.filter((s) => s.table);
  return (
    <section aria-labelledby="res-h">
      <div class="toolbar">
        <h2 id="res-h">{title}</h2>
        {!fixed && (
          <button type="button" class="primary" onClick={() => open(null)}>
            Add {noun}
          </button>
        )}
      </div>
      {error && <Alert>{error}</Alert>}
      {!items ? (
        <Spinner />
      ) : (
        <table class="list">
          <thead>
            <tr>
              {cols.map((c) => (
                <th key={c.key} scope="col">
                  {c.label}
                </th>
              ))}
              {!fixed && <th scope="col">Status</th>}
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((x) => (
              <tr key={String(x.id)} class={x.active === false ? "muted" : ""}>
                {cols.map((c) => {
                  const v = getPath(x, c.key);
                  const opt = c.options?.();
                  const show = Array.isArray(v)
                    ? v.map((y) => opt?.find((o) => o.value === String(y))?.label ?? String(y)).join(", ")
                    : opt
                      ? (opt.find((o) => o.value === String(v))?.label ?? String(v ?? ""))
                      : String(v ?? "");
                  return (
                    <td key={c.key}>
                      {c.kind === "colour" ? (
                        <>
                          <span class="swatch" style={{ background: String(v) }} /> {String(v)}
                        </>
                      ) : (
                        show
                      )}
                    </td>
                  );
                })}
                {!fixed && <td>{x.active === false ? "Archived" : "Active"}</td>}
                <td class="row-actions">
                  <button type="button" class="link" onClick={() => open(x)}>
                    Edit
                  </button>
                  {!fixed && (
                    <button type="button" class="link" onClick={() => void toggle(x)}>
                      {x.active === false ? "Restore" : "Archive"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <EditDialog
          title={`${editing.id === undefined ? "Add" : "Edit"} ${noun}`}
          specs={specs}
          values={values}
          setValues={setValues}
          problems={problems}
          creating={editing.id === undefined}
          busy={busy}
          onSave={() => void save()}
          onReload={() => void get<Json>(`${path}/${editing.id}`).then(open)}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}
