import { CheckOutlined, DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import type { Session } from '@contract/bff';
import { Button, Dropdown, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '@/lib/i18n';
import { setThemeMode, useThemeMode, type ThemeMode } from '@/lib/preferences';
import { useLogout } from '../api';

const THEMES: ThemeMode[] = ['light', 'dark'];

/** Account menu: language, theme and sign-out, in one place at the top right. */
export function UserMenu({ user }: { user: Session['user'] }) {
  const { t, i18n } = useTranslation();
  const mode = useThemeMode();
  const logout = useLogout();
  const check = (on: boolean) => (on ? <CheckOutlined /> : <span style={{ display: 'inline-block', width: 14 }} />);

  const items: MenuProps['items'] = [
    { key: 'who', type: 'group', label: t('userMenu.signedInAs', { username: user.username, role: t(`role.${user.role}`) }) },
    { type: 'divider' },
    {
      key: 'language',
      type: 'group',
      label: t('userMenu.language'),
      children: LANGUAGES.map((lang) => ({ key: `lang:${lang}`, icon: check(i18n.language === lang), label: t(`language.${lang}`) })),
    },
    {
      key: 'theme',
      type: 'group',
      label: t('userMenu.theme'),
      children: THEMES.map((m) => ({ key: `theme:${m}`, icon: check(mode === m), label: t(`theme.${m}`) })),
    },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('userMenu.logout'), danger: true },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    const [kind, value] = key.split(':');
    if (kind === 'lang') setLanguage(value as Language);
    else if (kind === 'theme') setThemeMode(value as ThemeMode);
    else if (kind === 'logout') logout.mutate();
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']}>
      <Button type="text" icon={<UserOutlined />} aria-label={t('userMenu.open', { username: user.username })}>
        {user.username} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
