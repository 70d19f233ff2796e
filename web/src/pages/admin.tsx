// SPDX-License-Identifier: AGPL-3.0-or-later
// Admin screens for managers and administrators: users and roles, locations, rooms, providers,
// payers, appointment types, availability templates and exceptions (blocked time). One generic
// list-and-edit screen driven by a field list per resource; users have their own actions.
import { useEffect, useState } from "preact/hooks";
import { call, get, listAll, newKey, post } from "../api";
import { dateTimeIn, localToUtc, statusLabel, todayIn } from "../format";
import { linkClick } from "../router";
import { can, providerName, useApp, useLocationInfo } from "../state";
import {
  Alert,
  Chips,
  Dialog,
  Field,
  FormActions,
  FormProblem,
  ListTable,
  noProblems,
  problemsOf,
  SelectField,
  Spinner,
  TextField,
  useAction,
} from "../ui";

type Kind =
  "text" | "number" | "select" | "multi" | "date" | "time" | "weekdays" | "colour" | "bool" | "list" | "password";
interface Spec {
  key: string; // dotted path in the JSON ("address.city")
  label: string;
  kind?: Kind;
  options?: () => { value: string; label: string }[];
  optional?: boolean; // empty → null
  hint?: string;
  createOnly?: boolean;
  table?: boolean; // shown as a list column
}
type Json = Record<string, unknown>;

function getPath(o: Json, path: string): unknown {
  return path.split(".").reduce<unknown>((x, k) => (x && typeof x === "object" ? (x as Json)[k] : undefined), o);
}
function setPath(o: Json, path: string, v: unknown) {
  const parts = path.split(".");
  let cur = o;
  for (const p of parts.slice(0, -1)) {
    if (!cur[p] || typeof cur[p] !== "object") cur[p] = {};
    cur = cur[p] as Json;
  }
  cur[parts[parts.length - 1]] = v;
}
function toText(v: unknown, kind: Kind): string | string[] | boolean {
  if (kind === "multi" || kind === "weekdays") return ((v as unknown[]) ?? []).map(String);
  if (kind === "bool") return !!v;
  if (kind === "list") return ((v as string[]) ?? []).join(", ");
  return v === null || v === undefined ? "" : String(v);
}
function fromText(v: string | string[] | boolean, s: Spec): unknown {
  const kind = s.kind ?? "text";
  if (kind === "multi") return (v as string[]).map(Number);
  if (kind === "weekdays") return v;
  if (kind === "bool") return v;
  if (kind === "list")
    return (v as string)
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean);
  if (kind === "number" || (kind === "select" && /^\d+$/.test(v as string) && s.key.endsWith("_id")))
    return v === "" ? (s.optional ? null : undefined) : Number(v);
  if (v === "" && s.optional) return null;
  return v;
}

const days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

function Editor({
  specs,
  values,
  setValues,
  problems,
  creating,
}: {
  specs: Spec[];
  values: Values;
  setValues: (f: (v: Values) => Values) => void;
  problems: ReturnType<typeof problemsOf>;
  creating: boolean;
}) {
  return (
    <div class="grid3">
      {specs
        .filter((s) => creating || !s.createOnly)
        .map((s) => {
          const kind = s.kind ?? "text";
          const v = values[s.key];
          const set = (x: string | string[] | boolean) => setValues((old) => ({ ...old, [s.key]: x }));
          const err = problems.byField[s.key];
          if (kind === "select")
            return (
              <SelectField
                key={s.key}
                label={s.label}
                value={v as string}
                onChange={set}
                options={s.options!()}
                error={err}
                placeholder={s.optional ? "None" : undefined}
              />
            );
          if (kind === "multi" || kind === "weekdays") {
            const opts = kind === "weekdays" ? days.map((d) => ({ value: d, label: d })) : s.options!();
            return (
              <fieldset key={s.key} class={`field span ${err ? "has-error" : ""}`}>
                <legend>{s.label}</legend>
                <Chips options={opts} selected={v as string[]} onChange={set} />
                {s.hint && <small class="hint">{s.hint}</small>}
                {err && (
                  <small class="error" role="alert">
                    {err}
                  </small>
                )}
              </fieldset>
            );
          }
          if (kind === "bool")
            return (
              <Field key={s.key} label={s.label} error={err}>
                {(id, d) => (
                  <input
                    id={id}
                    type="checkbox"
                    aria-describedby={d}
                    checked={v as boolean}
                    onChange={(e) => set((e.currentTarget as HTMLInputElement).checked)}
                  />
                )}
              </Field>
            );
          const type = kind === "colour" ? "color" : kind === "list" ? "text" : kind;
          return (
            <TextField
              key={s.key}
              label={s.label}
              type={type}
              value={v as string}
              onInput={set}
              error={err}
              hint={s.hint}
            />
          );
        })}
    </div>
  );
}

type Values = Record<string, string | string[] | boolean>;

/** Add or edit one item: the fields, the API's messages, reload after a 412, save. */
function EditDialog(p: {
  title: string;
  specs: Spec[];
  values: Values;
  setValues: (f: (v: Values) => Values) => void;
  problems: ReturnType<typeof problemsOf>;
  creating: boolean;
  busy: boolean;
  onSave: () => void;
  onReload: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog title={p.title} onClose={p.onClose} wide>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          p.onSave();
        }}
        noValidate
      >
        <Editor specs={p.specs} values={p.values} setValues={p.setValues} problems={p.problems} creating={p.creating} />
        <FormProblem problems={p.problems} onReload={p.onReload} />
        <FormActions onCancel={p.onClose} cancel="Cancel" submit="Save" busy={p.busy} />
      </form>
    </Dialog>
  );
}

interface ResourceProps {
  title: string;
  path: string;
  noun: string;
  specs: Spec[];
  filter?: (x: Json) => boolean;
  defaults?: Json;
}

function ResourceAdmin({ title, path, noun, specs, filter, defaults = {} }: ResourceProps) {
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
        <button type="button" class="primary" onClick={() => open(null)}>
          Add {noun}
        </button>
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
              <th scope="col">Status</th>
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
                <td>{x.active === false ? "Archived" : "Active"}</td>
                <td class="row-actions">
                  <button type="button" class="link" onClick={() => open(x)}>
                    Edit
                  </button>
                  <button type="button" class="link" onClick={() => void toggle(x)}>
                    {x.active === false ? "Restore" : "Archive"}
                  </button>
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

const roles = ["front_desk", "biller", "clinician", "manager", "admin"];

function UsersAdmin() {
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

/** Exceptions to the templates: blocked time (time off, holidays, meetings) at the location. */
function BlocksAdmin() {
  const { ref, flash } = useApp();
  const loc = useLocationInfo();
  const zone = loc?.time_zone ?? "UTC";
  const [items, setItems] = useState<Json[] | null>(null);
  const [problems, setProblems] = useState(noProblems);
  const [f, setF] = useState({
    provider_id: "",
    date: todayIn(zone),
    from: "12:00",
    to: "13:00",
    to_date: todayIn(zone),
    reason: "",
  });
  const load = () => {
    const from = new Date(Date.now() - 86400000).toISOString();
    const to = new Date(Date.now() + 41 * 86400000).toISOString();
    return get<{ items: Json[] }>("/schedule-blocks", { location_id: loc?.id, from, to }).then((r) =>
      setItems(r.items),
    );
  };
  useEffect(() => {
    void load().catch((e) => setProblems(problemsOf(e, [])));
  }, [loc?.id]);
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const [add, busy] = useAction(async () => {
    setProblems(noProblems);
    try {
      await post("/schedule-blocks", {
        ...(f.provider_id ? { provider_id: Number(f.provider_id) } : {}),
        location_id: loc?.id,
        start: localToUtc(zone, f.date, f.from),
        end: localToUtc(zone, f.to_date, f.to),
        reason: f.reason,
      });
      flash("Time blocked");
      await load();
    } catch (e) {
      setProblems(problemsOf(e, ["provider_id", "start", "end", "reason"]));
    }
  });
  const [remove] = useAction(async (id: unknown) => {
    try {
      await call("DELETE", `/schedule-blocks/${id}`);
      await load();
    } catch (e) {
      setProblems(problemsOf(e, []));
    }
  });
  return (
    <section aria-labelledby="blocks-h">
      <h2 id="blocks-h">Exceptions: blocked time at {loc?.name}</h2>
      <form
        class="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <div class="grid3">
          <SelectField
            label="Provider"
            value={f.provider_id}
            onChange={set("provider_id")}
            placeholder="Whole location"
            options={ref.providers
              .filter((p) => loc && p.location_ids.includes(loc.id))
              .map((p) => ({ value: String(p.id), label: providerName(ref, p.id) }))}
            error={problems.byField.provider_id}
          />
          <TextField
            label="From date"
            type="date"
            value={f.date}
            onInput={set("date")}
            error={problems.byField.start}
          />
          <TextField label={`From time (${zone})`} type="time" value={f.from} onInput={set("from")} />
          <TextField
            label="Until date"
            type="date"
            value={f.to_date}
            onInput={set("to_date")}
            error={problems.byField.end}
          />
          <TextField label={`Until time (${zone})`} type="time" value={f.to} onInput={set("to")} />
          <TextField label="Reason" value={f.reason} onInput={set("reason")} error={problems.byField.reason} />
        </div>
        <FormProblem problems={problems} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            Block this time
          </button>
        </div>
      </form>
      {!items ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p>No blocked time in the next six weeks.</p>
      ) : (
        <ListTable headers={["From", "Until", "Provider", "Reason"]} actions>
          {items.map((b) => (
            <tr key={String(b.id)}>
              <td>{dateTimeIn(zone, String(b.start))}</td>
              <td>{dateTimeIn(zone, String(b.end))}</td>
              <td>{b.provider_id ? providerName(ref, Number(b.provider_id)) : "Whole location"}</td>
              <td>{String(b.reason ?? "")}</td>
              <td>
                <button type="button" class="link" onClick={() => void remove(b.id)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}

/** The admin tabs and the permission each needs (the server checks it again on every call). */
const sections = [
  { key: "users", label: "Users", perm: "user.admin" },
  { key: "locations", label: "Locations", perm: "practice.admin" },
  { key: "rooms", label: "Rooms", perm: "schedule.setup" },
  { key: "providers", label: "Providers", perm: "practice.admin" },
  { key: "payers", label: "Payers", perm: "practice.admin" },
  { key: "appointment-types", label: "Appointment types", perm: "schedule.setup" },
  { key: "availability", label: "Availability", perm: "schedule.setup" },
  { key: "exceptions", label: "Exceptions", perm: "schedule.setup" },
];

export function AdminPage({ section: asked }: { section: string }) {
  const { user, ref } = useApp();
  const loc = useLocationInfo();
  const allowed = sections.filter((x) => can(user, x.perm));
  const section = asked || allowed[0]?.key || "";
  const tab = sections.find((x) => x.key === section);
  if (allowed.length === 0 || (tab && !can(user, tab.perm))) {
    return (
      <main id="main" class="page">
        <h1>Admin</h1>
        <Alert>Your role does not allow changing this part of the practice set-up.</Alert>
      </main>
    );
  }
  const locOptions = () => ref.locations.map((l) => ({ value: String(l.id), label: l.name }));
  const provOptions = () => ref.providers.map((p) => ({ value: String(p.id), label: providerName(ref, p.id) }));
  const typeOptions = () => ref.types.map((t) => ({ value: String(t.id), label: t.name }));
  const address = (prefix: string): Spec[] => [
    { key: `${prefix}.line1`, label: "Address" },
    { key: `${prefix}.line2`, label: "Address line 2", optional: true },
    { key: `${prefix}.city`, label: "City", table: prefix === "address" },
    { key: `${prefix}.state`, label: "State" },
    { key: `${prefix}.postal_code`, label: "ZIP code" },
  ];
  let body;
  switch (section) {
    case "users":
      body = <UsersAdmin />;
      break;
    case "locations":
      body = (
        <ResourceAdmin
          title="Locations"
          path="/locations"
          noun="location"
          specs={[
            { key: "name", label: "Name", table: true },
            { key: "time_zone", label: "Time zone", table: true, hint: "IANA name such as America/Chicago" },
            { key: "place_of_service", label: "Place of service code", hint: "11 = office" },
            { key: "phone", label: "Phone", optional: true, table: true },
            ...address("address"),
          ]}
          defaults={{ place_of_service: "11", time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone }}
        />
      );
      break;
    case "rooms":
      body = (
        <ResourceAdmin
          title="Rooms"
          path="/rooms"
          noun="room"
          specs={[
            { key: "name", label: "Name", table: true },
            { key: "location_id", label: "Location", kind: "select", options: locOptions, table: true },
          ]}
          defaults={{ location_id: loc?.id }}
        />
      );
      break;
    case "providers":
      body = (
        <ResourceAdmin
          title="Providers"
          path="/providers"
          noun="provider"
          specs={[
            { key: "family_name", label: "Family name", table: true },
            { key: "given_name", label: "Given name", table: true },
            { key: "credentials", label: "Credentials", optional: true, table: true },
            { key: "npi", label: "NPI", table: true },
            { key: "taxonomy", label: "Taxonomy code" },
            { key: "specialty", label: "Specialty", optional: true },
            { key: "location_ids", label: "Works at", kind: "multi", options: locOptions, table: true },
          ]}
        />
      );
      break;
    case "payers":
      body = (
        <ResourceAdmin
          title="Payers"
          path="/payers"
          noun="payer"
          specs={[
            { key: "name", label: "Name", table: true },
            { key: "x12_payer_id", label: "Payer ID (EDI)", table: true },
            {
              key: "claim_filing_indicator",
              label: "Claim filing indicator",
              hint: "MB Medicare B, MC Medicaid, BL Blue Cross, CI commercial",
              table: true,
            },
            { key: "timely_filing_days", label: "Timely filing (days)", kind: "number" },
            { key: "phone", label: "Phone", optional: true },
          ]}
          defaults={{ timely_filing_days: 365, claim_filing_indicator: "CI" }}
        />
      );
      break;
    case "appointment-types":
      body = (
        <ResourceAdmin
          title="Appointment types"
          path="/appointment-types"
          noun="appointment type"
          specs={[
            { key: "name", label: "Name", table: true },
            { key: "duration_minutes", label: "Length (minutes)", kind: "number", table: true },
            { key: "buffer_before_minutes", label: "Buffer before (minutes)", kind: "number" },
            { key: "buffer_after_minutes", label: "Buffer after (minutes)", kind: "number" },
            { key: "colour", label: "Colour", kind: "colour", table: true },
            { key: "telehealth", label: "Telehealth", kind: "bool" },
            { key: "requires_room", label: "Needs a room", kind: "bool" },
            {
              key: "default_cpt_codes",
              label: "Default CPT codes",
              kind: "list",
              hint: "Comma-separated, such as 99213",
            },
            { key: "provider_ids", label: "Only these providers (none: all)", kind: "multi", options: provOptions },
          ]}
          defaults={{
            duration_minutes: 20,
            buffer_before_minutes: 0,
            buffer_after_minutes: 0,
            colour: "#1565c0",
            requires_room: true,
          }}
        />
      );
      break;
    case "availability":
      body = (
        <ResourceAdmin
          title="Availability templates"
          path="/availability-rules"
          noun="availability rule"
          filter={(x) => !loc || x.location_id === loc.id}
          specs={[
            { key: "provider_id", label: "Provider", kind: "select", options: provOptions, table: true },
            { key: "location_id", label: "Location", kind: "select", options: locOptions, table: true },
            { key: "weekdays", label: "Days", kind: "weekdays", table: true },
            { key: "start_time", label: "From", kind: "time", table: true },
            { key: "end_time", label: "Until", kind: "time", table: true },
            { key: "effective_from", label: "In force from", kind: "date", table: true },
            { key: "effective_to", label: "In force until", kind: "date", optional: true },
            {
              key: "appointment_type_ids",
              label: "Only these visit types (none: all)",
              kind: "multi",
              options: typeOptions,
            },
          ]}
          defaults={{
            location_id: loc?.id,
            weekdays: ["MO", "TU", "WE", "TH", "FR"],
            start_time: "08:00",
            end_time: "12:00",
            effective_from: todayIn("UTC"),
          }}
        />
      );
      break;
    case "exceptions":
      body = <BlocksAdmin />;
      break;
    default:
      body = <Alert>There is no such admin section.</Alert>;
  }
  return (
    <main id="main" class="page">
      <h1>Admin</h1>
      <nav aria-label="Admin sections" class="tabs">
        <ul>
          {allowed.map((s) => (
            <li key={s.key}>
              <a href={`/admin/${s.key}`} onClick={linkClick} aria-current={s.key === section ? "page" : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {body}
    </main>
  );
}
