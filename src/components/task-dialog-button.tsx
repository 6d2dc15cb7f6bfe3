import { Button } from 'antd';
import { useState, type ReactNode } from 'react';
import { useIdempotencyKey } from '@/lib/idempotency-key';

/** What a task dialog opened by `TaskDialogButton` is given. */
export interface TaskDialogState {
  open: boolean;
  /** Fresh at each opening: a double submit of one dialog makes one task. */
  idempotencyKey: string;
  onClose: () => void;
}

/** A toolbar button that opens the dialog starting a task (import, export …). */
export function TaskDialogButton({ icon, label, children }: { icon: ReactNode; label: ReactNode; children: (dialog: TaskDialogState) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const idempotency = useIdempotencyKey();
  return (
    <>
      <Button
        icon={icon}
        aria-haspopup="dialog"
        onClick={() => {
          idempotency.renew();
          setOpen(true);
        }}
      >
        {label}
      </Button>
      {children({ open, idempotencyKey: idempotency.key, onClose: () => setOpen(false) })}
    </>
  );
}
