// SPDX-License-Identifier: AGPL-3.0-or-later
// The form of a generic admin screen: a field per Spec, and the dialog that adds or edits one item.
import {
  Chips,
  Dialog,
  Field,
  FormActions,
  FormProblem,
  problemsOf,
  SelectField,
  TextField,
  weekdayCodes,
} from "../components";
import type { Spec, Values } from "./resource_spec";

export function Editor({
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
            const opts = kind === "weekdays" ? weekdayCodes.map((d) => ({ value: d, label: d })) : s.options!();
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

/** Add or edit one item: the fields, the API's messages, reload after a 412, save. */
export function EditDialog(p: {
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
