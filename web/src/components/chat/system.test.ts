import { afterEach, describe, expect, it } from 'vitest'
import { locale, t } from '../../i18n'
import { systemText } from './system'
import type { ChatMessage } from './types'

function system(type: string, systemData: Record<string, unknown>): ChatMessage {
  return { id: 1, seq: 1, conversation: 'c', kind: 'system', authorId: 'system', authorName: '', body: null, replyTo: null, parent: null,
    mentions: [], mentionsAll: false, mentionsMe: false, system: type, systemData, reactions: [], createdAt: '2026-01-05T10:00:00Z',
    editedAt: null, deletedAt: null }
}

const known: Record<string, string> = { alice: 'Alice' }
const nameOf = (id: string | undefined, fallback?: string) => (id && known[id]) || fallback || t('chat.someone')

describe('systemText', () => {
  afterEach(() => {
    locale.value = 'en'
  })

  it('names who acted and whom it concerns, from the event data', () => {
    expect(systemText(system('participant_added', { participantId: 'bob', displayName: 'Bob', addedBy: 'alice' }), nameOf))
      .toBe('Alice added Bob')
    expect(systemText(system('participant_left', { participantId: 'gone', reason: 'left' }), nameOf)).toBe('Someone left the conversation')
    expect(systemText(system('call_ended', { durationSeconds: 95, participants: ['alice'] }), nameOf)).toBe('Call ended after 1 min 35 s')
    expect(systemText(system('something_new', {}), nameOf)).toBe('Something changed in the conversation')
  })

  it('speaks French', () => {
    locale.value = 'fr'
    expect(systemText(system('moderator_promoted', { participantId: 'gone', changedBy: 'alice' }), nameOf))
      .toBe("Alice a donné le rôle de modérateur à quelqu'un")
    expect(systemText(system('call_started', { startedBy: 'gone' }), nameOf)).toBe('Quelqu\'un a démarré un appel')
    expect(systemText(system('call_ended', { durationSeconds: 3725 }), nameOf)).toBe('Appel terminé après 1 h 2 min')
  })
})
