import { reactive } from 'vue'
import { api, useToken } from './api/http'

/** Who uses this tab: a cloud user (password login) or a guest let into one conversation by its link. */
export interface Me {
  id: string
  displayName: string
  guest: boolean
  /** A guest's one conversation. */
  conversation: string | null
}

interface TokenAnswer {
  access_token: string
  refresh_token?: string
  expires_in: number
}

const KEY = 'salon.session'

export const session = reactive({
  token: null as string | null,
  refreshToken: null as string | null,
  expiresAt: 0,
  me: null as Me | null,
})

useToken(() => session.token)

let refreshTimer: ReturnType<typeof setTimeout> | undefined

function keep(token: string, expiresIn: number, refreshToken: string | null): void {
  session.token = token
  session.refreshToken = refreshToken
  session.expiresAt = Date.now() + expiresIn * 1000
  sessionStorage.setItem(KEY, JSON.stringify({ token, refreshToken, expiresAt: session.expiresAt, me: session.me }))
  clearTimeout(refreshTimer)
  // a minute early, so the WebSocket's reconnection finds a fresh token
  if (refreshToken) refreshTimer = setTimeout(refresh, Math.max(5_000, expiresIn * 1000 - 60_000))
}

async function refresh(): Promise<void> {
  if (!session.refreshToken) return
  try {
    const t = await api<TokenAnswer>('/api/auth/token', {
      form: { grant_type: 'refresh_token', client_id: 'salon-web', refresh_token: session.refreshToken },
    })
    keep(t.access_token, t.expires_in, t.refresh_token ?? session.refreshToken)
  } catch {
    logout()
  }
}

export async function login(username: string, password: string): Promise<void> {
  const t = await api<TokenAnswer>('/api/auth/token', {
    form: { grant_type: 'password', client_id: 'salon-web', username, password },
  })
  keep(t.access_token, t.expires_in, t.refresh_token ?? null)
  session.me = await api<Me>('/api/auth/me')
  keep(t.access_token, t.expires_in, t.refresh_token ?? null)
}

/** A guest's token from a public link (room-service's join answer). */
export function enterAsGuest(token: string, expiresIn: number, me: Me): void {
  session.me = me
  keep(token, expiresIn, null)
}

export function logout(): void {
  if (session.refreshToken) {
    api('/api/auth/logout', { form: { client_id: 'salon-web', refresh_token: session.refreshToken } }).catch(() => undefined)
  }
  clearTimeout(refreshTimer)
  session.token = null
  session.refreshToken = null
  session.me = null
  sessionStorage.removeItem(KEY)
}

/** A reload keeps the tab's session while its token lasts. */
export function restoreSession(): void {
  const saved = sessionStorage.getItem(KEY)
  if (!saved) return
  const s = JSON.parse(saved)
  if (s.expiresAt <= Date.now() + 5_000) {
    sessionStorage.removeItem(KEY)
    return
  }
  session.me = s.me
  keep(s.token, (s.expiresAt - Date.now()) / 1000, s.refreshToken)
}
