// SPDX-License-Identifier: AGPL-3.0-or-later
// Users and roles: add a user (with the two-factor setup key shown once), edit, disable.
import { useEffect, useState } from "preact/hooks";
import { call, get, listAll, post } from "../api";
import { Alert, ListTable, noProblems, problemsOf, Spinner, statusLabel, useAction } from "../components";
import { useApp } from "../state";
import { EditDialog } from "./edit_dialog";
import type { Json, Kind, Spec, Values } from "./resource_spec";

const roles = ["front_desk", "biller", "clinician", "manager", "admin"];

export function UsersAdmin() {
  const { ref, flash } = useApp();
  const [items, setItems] = useState<Json[] | null>(null);
  const [editing, setEditing] = useState<Json | null>(null);
  const [values, setValues] = useState<Values>({});
  const [problems, setProblems] = useState(noProblems);
  const [created, setCreated] = useState<Json | null>(null);
  const [error, setError] = useState<string | null>(null);
  const locOptions = () => ref.locations.map((l) => ({ value: String(l.id), label: l.name }));
  const specs: Spec[] = [
    { key: "username", label: "Username", createOnly: true },
    { key: "display_name", label: "Name" },
    { key: "roles", label: "Roles", kind: "weekdays" as Kind },
    { key: "location_ids", label: "Locations (none: all)", kind: "multi", options: locOptions },
    {
      key: "password",
      label: "First password",
      kind: "password",
      createOnly: true,
      hint: "At least 15 characters (12 for managers and administrators, who sign in with a code too).",
    },
  ];
  const load = () => listAll<Json>("/users").then(setItems);
  useEffect(() => {
    load().catch((e) => setError((e as Error).message));
  }, []);
  const open = (x: Json | null) => {
    setValues({
      username: String(x?.username ?? ""),
      display_name: String(x?.display_name ?? ""),
      roles: ((x?.roles as string[]) ?? ["front_desk"]).slice(),
      location_ids: ((x?.location_ids as number[]) ?? []).map(String),
      password: "",
    });
    setProblems(noProblems);
    setEditing(x ?? {});
  };
  const [save, busy] = useAction(async () => {
    if (!editing) return;
    const creating = editing.id === undefined;
    const body: Json = {
      display_name: values.display_name,
      roles: values.roles,
      location_ids: (values.location_ids as string[]).map(Number),
    };
    if (creating) {
      body.username = values.username;
      body.password = values.password;
    }
    try {
      if (creating) {
        const r = await post<Json>("/users", body);
        setCreated(r);
      } else {
        await call("PUT", `/users/${editing.id}`, { body, ifMatch: editing.version as number });
      }
      flash("User saved");
      setEditing(null);
      await load();
    } catch (e) {
      setProblems(problemsOf(e, ["username", "display_name", "roles", "location_ids", "password"]));
    }
  });
  const [toggle] = useAction(async (x: Json) => {
    try {
      await post(`/users/${x.id}/${x.active ? "disable" : "enable"}`);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  });
  // The roles editor reuses the chip list with role names.
  const roleSpecs = specs.map((s) =>
    s.key === "roles"
      ? { ...s, kind: "multi" as Kind, options: () => roles.map((r) => ({ value: r, label: statusLabel(r) })) }
      : s,
  );
  return (
    <section aria-labelledby="users-h">
      <div class="toolbar">
        <h2 id="users-h">Users and roles</h2>
        <button type="button" class="primary" onClick={() => open(null)}>
          Add user
        </button>
      </div>
      {error && <Alert>{error}</Alert>}
      {created?.otpauth_uri ? (
        <Alert kind="info">
          {String(created.username)} must use two-factor sign-in. Give them this setup key for their authenticator app:{" "}
          <code>{String(created.otpauth_uri)}</code>
          {Array.isArray(created.recovery_codes) && (
            <>
              {" "}
              and these recovery codes: <code>{(created.recovery_codes as string[]).join(" ")}</code>
            </>
          )}
        </Alert>
      ) : null}
      {!items ? (
        <Spinner />
      ) : (
        <ListTable headers={["Username", "Name", "Roles", "Locations", "Two-factor", "Status"]} actions>
          {items.map((u) => (
            <tr key={String(u.id)} class={u.active ? "" : "muted"}>
              <td>{String(u.username)}</td>
              <td>{String(u.display_name ?? "")}</td>
              <td>{(u.roles as string[]).map(statusLabel).join(", ")}</td>
              <td>
                {(u.location_ids as number[]).length
                  ? (u.location_ids as number[])
                      .map((id) => ref.locations.find((l) => l.id === id)?.name ?? id)
                      .join(", ")
                  : "All"}
              </td>
              <td>{u.mfa_enabled ? "On" : "Off"}</td>
              <td>{u.active ? "Active" : "Disabled"}</td>
              <td class="row-actions">
                <button type="button" class="link" onClick={() => open(u)}>
                  Edit
                </button>
                <button type="button" class="link" onClick={() => void toggle(u)}>
                  {u.active ? "Disable" : "Enable"}
                </button>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      {editing && (
        <EditDialog
          title={editing.id === undefined ? "Add user" : `Edit ${String(editing.username)}`}
          specs={roleSpecs}
          values={values}
          setValues={setValues}
          problems={problems}
          creating={editing.id === undefined}
          busy={busy}
          onSave={() => void save()}
          onReload={() => void get<Json>(`/users/${editing.id}`).then(open)}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}
