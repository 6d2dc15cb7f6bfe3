import { Button, Flex, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { displayKey, type LabelKey } from '../model/shortcuts';

interface Props {
  labels: LabelKey[];
  /** Names shown as chosen (pressed). */
  active: readonly string[];
  onPick: (name: string) => void;
  /** Accessible name of the group. */
  title: string;
  disabled?: boolean;
}

/** The dataset's labels as toggle buttons, each with its keyboard shortcut. */
export function LabelChips({ labels, active, onPick, title, disabled }: Props) {
  const { t } = useTranslation('annotation');
  const { token } = theme.useToken();
  return (
    <Flex role="group" aria-label={title} wrap gap={6}>
      {labels.map((l) => {
        const on = active.includes(l.name);
        return (
          <Button
            key={l.name}
            size="small"
            type={on ? 'primary' : 'default'}
            aria-pressed={on}
            aria-keyshortcuts={l.key}
            title={l.key ? t('chips.withKey', { key: displayKey(l.key) }) : t('chips.noKey')}
            disabled={disabled}
            onClick={() => onPick(l.name)}
            style={{ maxWidth: '100%' }}
          >
            <span aria-hidden style={{ width: 10, height: 10, borderRadius: 2, background: l.color, flex: 'none', outline: `1px solid ${token.colorBorder}` }} />
            <Typography.Text ellipsis style={{ color: 'inherit', maxWidth: 180 }}>
              {l.name}
            </Typography.Text>
            {l.key && (
              <kbd
                style={{
                  fontSize: 11,
                  lineHeight: '14px',
                  padding: '0 4px',
                  borderRadius: 3,
                  border: `1px solid ${on ? 'currentColor' : token.colorBorder}`,
                  color: 'inherit',
                  opacity: 0.85,
                }}
              >
                {displayKey(l.key)}
              </kbd>
            )}
          </Button>
        );
      })}
    </Flex>
  );
}
