import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['en-US', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Translations live in `src/locales/{lang}/{namespace}.json`, one namespace per feature, so features
 * add strings without touching each other. `common` is the default namespace.
 */
const files = import.meta.glob<{ default: Record<string, unknown> }>('../locales/*/*.json', { eager: true });
export const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [file, mod] of Object.entries(files)) {
  const [, lang, ns] = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file) ?? [];
  if (lang && ns) (resources[lang] ??= {})[ns] = mod.default;
}

const STORAGE_KEY = 'dc.language';
export function initialLanguage(): Language {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (stored === 'en-US' || stored === 'zh-CN') return stored;
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
}

export function setLanguage(lang: Language) {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en-US',
  defaultNS: 'common',
  ns: Object.keys(resources['en-US'] ?? { common: {} }),
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
