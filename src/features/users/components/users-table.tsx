import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { ROLES, type Role, type User } from '@contract/bff';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Flex, Result, Select, Switch, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '@/components/format';
import { StatusTag } from '@/components/status-tag';
import { userQueries, useUpdateUser } from '../api';
import { CreateUserModal } from './create-user-modal';
import { ResetPasswordModal } from './reset-password-modal';

/** Admin table of console accounts. The signed-in admin cannot demote or disable themselves here. */
export function UsersTable({ currentUsername }: { currentUsername: string }) {
  const { t, i18n } = useTranslation('users');
  const { modal, message } = App.useApp();
  const users = useQuery(userQueries.list());
  const update = useUpdateUser();
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<string>();

  const changeRole = (u: User, role: Role) =>
    update.mutate({ username: u.username, role }, { onSuccess: () => void message.success(t('roleChanged', { username: u.username, role: t(`common:role.${role}`) })) });

  const setDisabled = (u: User, disabled: boolean) => {
    if (!disabled) return update.mutate({ username: u.username, disabled });
    modal.confirm({
      title: t('disable.title', { username: u.username }),
      content: t('disable.impact'),
      okText: t('disable.confirm'),
      okButtonProps: { danger: true },
      cancelText: t('common:actions.cancel'),
      onOk: () => update.mutateAsync({ username: u.username, disabled: true }),
    });
  };

  if (users.isError && !users.data) {
    return <Result status="error" title={t('loadFailed')} subTitle={`${users.error.message} (${users.error.code})`} />;
  }

  const columns: TableColumnsType<User> = [
    { title: t('fields.username'), dataIndex: 'username', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    { title: t('fields.email'), dataIndex: 'email', render: (email?: string) => email ?? '—' },
    {
      title: t('fields.role'),
      dataIndex: 'role',
      render: (role: Role, u) => (
        <Select<Role>
          value={role}
          aria-label={t('roleOf', { username: u.username })}
          disabled={u.username === currentUsername}
          onChange={(r) => changeRole(u, r)}
          style={{ width: 150 }}
          options={ROLES.map((r) => ({ value: r, label: t(`common:role.${r}`) }))}
        />
      ),
    },
    {
      title: t('fields.status'),
      dataIndex: 'disabled',
      render: (disabled: boolean, u) => (
        <Flex gap={8} align="center">
          <Switch
            checked={!disabled}
            disabled={u.username === currentUsername}
            aria-label={t('enabledOf', { username: u.username })}
            onChange={(on) => setDisabled(u, !on)}
          />
          <StatusTag tone={disabled ? 'default' : 'success'}>{disabled ? t('status.disabled') : t('status.active')}</StatusTag>
        </Flex>
      ),
    },
    { title: t('fields.created'), dataIndex: 'create_time', render: (ms: number) => formatTime(ms, i18n.language) },
    { title: t('fields.lastLogin'), dataIndex: 'last_login_time', render: (ms?: number) => (ms ? formatTime(ms, i18n.language) : t('never')) },
    {
      title: t('fields.actions'),
      key: 'actions',
      render: (_, u) => (
        <Button icon={<KeyOutlined />} onClick={() => setResetting(u.username)} aria-label={t('reset.button', { username: u.username })}>
          {t('reset.short')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('create.button')}
        </Button>
      </Flex>
      <Table<User> rowKey="username" columns={columns} dataSource={users.data?.users} loading={users.isPending} pagination={false} scroll={{ x: 900 }} />
      <CreateUserModal open={creating} onClose={() => setCreating(false)} />
      <ResetPasswordModal username={resetting} onClose={() => setResetting(undefined)} />
    </>
  );
}
