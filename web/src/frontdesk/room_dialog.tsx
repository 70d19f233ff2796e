// SPDX-License-Identifier: AGPL-3.0-or-later
// Room a waiting patient: choose one of the location's rooms.
import { useState } from "preact/hooks";
import { Dialog, FormActions, SelectField } from "../components";
import { useApp, useLocationInfo } from "../state";
import type { BoardItem } from "../types";

export function RoomDialog({
  item,
  onRoom,
  onClose,
}: {
  item: BoardItem;
  onRoom: (id: number) => Promise<void>;
  onClose: () => void;
}) {
  const { ref } = useApp();
  const loc = useLocationInfo();
  const rooms = ref.rooms.filter((r) => r.location_id === loc?.id && r.active !== false);
  const [roomId, setRoomId] = useState(String(rooms[0]?.id ?? ""));
  return (
    <Dialog title={`Room ${item.patient_name}`} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onRoom(Number(roomId));
        }}
      >
        <SelectField
          label="Room"
          value={roomId}
          onChange={setRoomId}
          options={rooms.map((r) => ({ value: String(r.id), label: r.name }))}
        />
        <FormActions onCancel={onClose} cancel="Cancel" submit="Room the patient" />
      </form>
    </Dialog>
  );
}
