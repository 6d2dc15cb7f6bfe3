import { Button, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker, type Blocker } from 'react-router';

/**
 * Asks before edits are lost: a route change away from the editor is held by a blocker (stepping between
 * samples only changes the query string and saves instead), and closing or reloading the tab gets the
 * browser's own prompt.
 */
export function useLeaveGuard(dirty: boolean): Blocker {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
  return blocker;
}

interface Props {
  blocker: Blocker;
  /** Saves the edits; resolves false when saving failed (the error is already shown). */
  onSave: () => Promise<boolean>;
}

export function UnsavedChangesDialog({ blocker, onSave }: Props) {
  const { t } = useTranslation('annotation');
  const [saving, setSaving] = useState(false);
  const open = blocker.state === 'blocked';
  const saveAndLeave = async () => {
    setSaving(true);
    const ok = await onSave();
    setSaving(false);
    if (ok) blocker.proceed?.();
  };
  return (
    <Modal
      open={open}
      title={t('leave.title')}
      onCancel={() => blocker.reset?.()}
      footer={[
        <Button key="stay" onClick={() => blocker.reset?.()}>
          {t('leave.stay')}
        </Button>,
        <Button key="discard" danger onClick={() => blocker.proceed?.()}>
          {t('leave.discard')}
        </Button>,
        <Button key="save" type="primary" loading={saving} onClick={() => void saveAndLeave()}>
          {t('leave.save')}
        </Button>,
      ]}
    >
      {t('leave.body')}
    </Modal>
  );
}
