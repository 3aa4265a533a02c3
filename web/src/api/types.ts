/** What room-service answers (room-service/src/main/java/org/salon/room/api/Views.java). */
export interface Conversation {
  id: string
  name: string
  description: string | null
  type: 'group' | 'public' | 'one_to_one'
  allowGuests: boolean
  hasPassword: boolean
  link: string | null
  readOnly: boolean
  lobby: { enabled: boolean; openAt: string | null; active: boolean }
  whoMayStartCall: string
  role: 'owner' | 'moderator' | 'member' | 'guest' | null
  permissions: string[]
  unread: number
  joinable: boolean
  call: { running: boolean; startedAt: string | null }
  /** The last chat message's preview: its author and start, or the system event it tells. */
  lastMessage?: { author: string | null; text: string | null; system: string | null } | null
  lastActivity: string
}

/** A participant as signaling-service's `joined` frame and `org.salon.call.presence` events tell them. */
export interface Participant {
  participantId: string
  kind: 'user' | 'guest'
  role: string
  name: string
  online: boolean
  inCall: boolean
  audio: boolean
  video: boolean
  screen: boolean
}

/** The conversation's call as signaling-service tells it (`joined.call`, `call` frames). */
export interface CallState {
  conversation: string
  callId: string | null
  startedBy: string | null
  startedAt: string | null
  participants: Array<{ participantId: string; audio: boolean; video: boolean; screen: boolean }>
}
