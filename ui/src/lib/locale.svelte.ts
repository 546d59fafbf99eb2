import { emotionName as nameIn, translate, type Lang, type MessageKey, type Params } from './i18n';

/** The UI language, reactive: templates that call t() update when it changes. */
export const locale = $state<{ lang: Lang }>({ lang: 'en' });

export function t(key: MessageKey, params?: Params): string {
  return translate(locale.lang, key, params);
}

/** An emotion label in the UI language. */
export function emotionName(label: string): string {
  return nameIn(locale.lang, label);
}
