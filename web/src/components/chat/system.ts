import { t } from '../../i18n'
import type { ChatMessage } from './types'

/**
 * What a system message says, in the reader's language, from its `system` type and the data of the event behind it
 * (chat-service's events/ActivityEventsIn.java; the events' data in contracts' ConversationEvents and CallEvents).
 */

/** A participant's name by id; `fallback` when the panel knows no name for that id. */
export type NameOf = (id: string | undefined, fallback?: string) => string

/** Which data field names the one who acted, and which the one it happened to. */
const ROLES: Record<string, { actor?: string; subject?: string }> = {
  conversation_created: { actor: 'createdBy' },
  participant_added: { actor: 'addedBy', subject: 'participantId' },
  participant_joined: { subject: 'participantId' },
  participant_left: { subject: 'participantId' },
  participant_removed: { actor: 'removedBy', subject: 'participantId' },
  moderator_promoted: { actor: 'changedBy', subject: 'participantId' },
  moderator_demoted: { actor: 'changedBy', subject: 'participantId' },
  guests_allowed: { actor: 'changedBy' },
  guests_disallowed: { actor: 'changedBy' },
  password_set: { actor: 'changedBy' },
  password_removed: { actor: 'changedBy' },
  call_started: { actor: 'startedBy' },
  call_ended: {},
}

export function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = Math.floor(seconds % 60)
  if (h) return t('chat.duration.hours', { h, m })
  if (m) return t('chat.duration.minutes', { m, s })
  return t('chat.duration.seconds', { s })
}

export function systemText(message: ChatMessage, nameOf: NameOf): string {
  const roles = message.system ? ROLES[message.system] : undefined
  if (!roles) return t('chat.system.other')
  const data = message.systemData ?? {}
  const text = t(`chat.system.${message.system}`, {
    actor: roles.actor ? nameOf(data[roles.actor]) : '',
    // participant.added carries the name, for someone the panel has not met yet
    name: roles.subject ? nameOf(data[roles.subject], data.displayName) : '',
    duration: duration(Number(data.durationSeconds ?? 0)),
  })
  // "someone" may open the sentence
  return text.charAt(0).toUpperCase() + text.slice(1)
}
