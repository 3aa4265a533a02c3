import { api } from '../../api/http'

/**
 * room-service's answer to joining by a public link: `kind` "guest" brings the guest's token for this conversation
 * alone; `kind` "user" says the cloud user who sent their own token is now a member.
 */
export interface Joined {
  kind: 'guest' | 'user'
  conversation: string
  participantId: string
  displayName: string
  token: string | null
  expiresIn: number | null
}

/** Sends the session's token if there is one: a cloud user joins as themselves, without it one joins as a guest. */
export function joinByLink(link: string, body: { displayName?: string; password?: string }): Promise<Joined> {
  return api<Joined>(`/api/room/public/${encodeURIComponent(link)}/join`, { body })
}
