import type { TFunction } from 'i18next';
import type { Rule } from 'antd/es/form';

/** Form rules mirroring the contract's Username / Password schemas, with translated messages. */
export const usernameRules = (t: TFunction): Rule[] => [
  { required: true, message: t('users:rules.usernameRequired') },
  { pattern: /^[A-Za-z0-9_.@-]{1,64}$/, message: t('users:rules.username') },
];

export const passwordRules = (t: TFunction): Rule[] => [
  { required: true, message: t('users:rules.passwordRequired') },
  { min: 8, max: 256, message: t('users:rules.password') },
];
