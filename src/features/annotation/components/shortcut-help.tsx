import { Flex, Typography, theme } from 'antd';

/** A compact legend of the keys that work in the editor. */
export function ShortcutHelp({ title, items }: { title: string; items: [keys: string, action: string][] }) {
  const { token } = theme.useToken();
  return (
    <section aria-label={title}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {title}
      </Typography.Text>
      <Flex vertical gap={2} style={{ marginTop: 4 }}>
        {items.map(([keys, action]) => (
          <Flex key={keys} justify="space-between" gap="small" style={{ fontSize: 12 }}>
            <kbd style={{ fontFamily: token.fontFamilyCode, color: token.colorTextSecondary }}>{keys}</kbd>
            <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'end' }}>
              {action}
            </Typography.Text>
          </Flex>
        ))}
      </Flex>
    </section>
  );
}
