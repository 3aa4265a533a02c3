import { api } from '../../api/http'

/** A cloud user as auth-service's directory shows them (auth-service's UserView). */
export interface DirectoryUser {
  id: string
  login: string
  displayName: string
  avatar: { initials: string; colour: string; url: string | null }
}

export interface DirectoryPage {
  users: DirectoryUser[]
  page: number
  size: number
  more: boolean
}

/** Enabled users whose words start with `search`'s words; without it, everyone in display-name order. */
export function searchDirectory(search: string, page = 0, signal?: AbortSignal): Promise<DirectoryPage> {
  const query = new URLSearchParams()
  if (search) query.set('search', search)
  if (page > 0) query.set('page', String(page))
  const qs = query.toString()
  return api<DirectoryPage>(`/api/auth/users${qs ? `?${qs}` : ''}`, { signal })
}
