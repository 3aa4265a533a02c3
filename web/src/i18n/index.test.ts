import { afterEach, describe, expect, it, vi } from 'vitest'
import { catalogs } from './messages'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.resetModules()
})

async function inBrowserSpeaking(...languages: string[]) {
  vi.stubGlobal('navigator', { languages, language: languages[0] })
  vi.resetModules()
  return import('./index')
}

describe('i18n', () => {
  it('speaks French to a browser that prefers it', async () => {
    const { locale, t } = await inBrowserSpeaking('fr-CA', 'en-US')
    expect(locale.value).toBe('fr')
    expect(t('login.submit')).toBe('Se connecter')
  })

  it('takes the first language it knows, and English otherwise', async () => {
    expect((await inBrowserSpeaking('de-DE', 'fr')).locale.value).toBe('fr')
    const { locale, t } = await inBrowserSpeaking('de-DE', 'it')
    expect(locale.value).toBe('en')
    expect(t('login.submit')).toBe('Log in')
  })

  it('fills placeholders', async () => {
    const { t } = await inBrowserSpeaking('en')
    expect(t('login.throttled', { seconds: 30 })).toBe('Too many attempts: wait 30 s and try again')
  })

  it('has every message in both languages', () => {
    expect(Object.keys(catalogs.fr).sort()).toEqual(Object.keys(catalogs.en).sort())
    expect(Object.values(catalogs.fr).filter((text) => !text.trim())).toEqual([])
  })
})
