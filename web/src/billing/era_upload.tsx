// SPDX-License-Identifier: AGPL-3.0-or-later
// Choosing the 835 file: a file input (keyboard: Tab to it, Enter or Space opens the picker) in
// a zone that also takes a file dropped on it.
import { useState } from "preact/hooks";
import { useId } from "../components";

export interface ChosenFile {
  name: string;
  size: number;
  text: string;
}

export function EraUpload({ onFile, disabled }: { onFile: (f: ChosenFile) => void; disabled?: boolean }) {
  const id = useId("era-file");
  const [over, setOver] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const take = async (file: File | undefined | null) => {
    setError(null);
    if (!file) return;
    try {
      onFile({ name: file.name, size: file.size, text: await file.text() });
    } catch {
      setError(`${file.name} cannot be read. Choose the file again.`);
    }
  };

  return (
    <div
      class={`era-drop${over ? " over" : ""}`}
      data-testid="era-drop"
      onDragOver={(e) => {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (!disabled) void take(e.dataTransfer?.files?.[0]);
      }}
    >
      <label for={id}>835 file (electronic remittance advice)</label>
      <input
        id={id}
        type="file"
        accept=".835,.x12,.edi,.txt,text/plain,application/edi-x12"
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const input = e.currentTarget as HTMLInputElement;
          void take(input.files?.[0]).then(() => {
            // The same file chosen again (after fixing it) is read again.
            input.value = "";
          });
        }}
      />
      <small id={`${id}-hint`} class="hint">
        Or drop the file here (up to 64 MiB unless your administrator set another limit). It is checked and previewed
        first; nothing is posted until you choose Post.
      </small>
      {error && (
        <small class="error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
