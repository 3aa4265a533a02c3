import { ref } from 'vue'
import { catalogs } from './messages'

/** French or English, from the browser's languages; every string the app shows comes from the catalogs. */
export type Locale = 'en' | 'fr'

function pick(languages: readonly string[]): Locale {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0]
    if (base === 'fr' || base === 'en') return base
  }
  return 'en'
}

export const locale = ref<Locale>(pick(typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]))

/** The message {@code key} with {@code {name}} placeholders filled; the key itself if no catalog has it. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = catalogs[locale.value][key] ?? catalogs.en[key] ?? key
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole))
}
