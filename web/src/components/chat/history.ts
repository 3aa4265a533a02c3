import type { ChatMessage, Quote } from './types'

/**
 * A conversation's messages as the panel keeps them: by id, in `seq` order, whether they came from a history page,
 * a post's answer or a live event (docs/events.md, org.salon.chat.*).
 */

export const POSTED = 'org.salon.chat.message.posted'
export const EDITED = 'org.salon.chat.message.edited'
export const DELETED = 'org.salon.chat.message.deleted'
export const REACTION_ADDED = 'org.salon.chat.reaction.added'
export const REACTION_REMOVED = 'org.salon.chat.reaction.removed'
export const READ = 'org.salon.chat.read'

function time(instant: string | null): number {
  return instant ? Date.parse(instant) : 0
}

/** A page fetched before an edit or a deletion that came live must not undo it. */
function fresher(had: ChatMessage, next: ChatMessage): ChatMessage {
  if (had.deletedAt && !next.deletedAt) return had
  return time(had.editedAt) > time(next.editedAt) ? had : next
}

/** Each message once, the newest version of each, in the conversation's order. */
export function merge(list: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const byId = new Map(list.map((m) => [m.id, m]))
  for (const m of incoming) {
    const had = byId.get(m.id)
    byId.set(m.id, had ? fresher(had, m) : m)
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq)
}

export function quoteOf(m: ChatMessage): Quote {
  return { id: m.id, authorId: m.authorId, authorName: m.authorName, body: m.body, deletedAt: m.deletedAt }
}

export function withReaction(m: ChatMessage, participant: string, emoji: string, on: boolean): ChatMessage {
  const r = m.reactions.find((x) => x.emoji === emoji)
  const had = r?.participants.includes(participant) ?? false
  if (had === on) return m
  const participants = on ? [...(r?.participants ?? []), participant] : r!.participants.filter((p) => p !== participant)
  const reactions = r ? m.reactions.map((x) => (x === r ? { emoji, count: participants.length, participants } : x))
    : [...m.reactions, { emoji, count: 1, participants }]
  return { ...m, reactions: reactions.filter((x) => x.count > 0) }
}

/** A change of one message (its body at least), also in the replies quoting it. */
export function change(list: ChatMessage[], id: number, fields: Pick<ChatMessage, 'body'> & Partial<ChatMessage>): ChatMessage[] {
  if (!list.some((m) => m.id === id)) return list
  return list.map((m) => (m.id === id ? { ...m, ...fields }
    : m.parent?.id === id ? { ...m, parent: { ...m.parent, body: fields.body, deletedAt: fields.deletedAt ?? m.parent.deletedAt } } : m))
}

/** The list after a chat event (the same list when it changes nothing: an event seen already, a message not loaded). */
export function applyEvent(list: ChatMessage[], type: string, d: any, me: string): ChatMessage[] {
  switch (type) {
    case POSTED: {
      if (list.some((m) => m.id === d.messageId)) return list
      const parent = d.replyTo == null ? undefined : list.find((m) => m.id === d.replyTo)
      const mentions: string[] = d.mentions ?? []
      return merge(list, [{
        id: d.messageId, seq: d.seq, conversation: d.conversationId, kind: d.kind, authorId: d.authorId, authorName: d.authorName,
        body: d.body ?? null, replyTo: d.replyTo ?? null, parent: parent ? quoteOf(parent) : null, mentions,
        mentionsAll: d.mentionsAll, mentionsMe: d.mentionsAll || mentions.includes(me), system: d.system ?? null,
        systemData: d.systemData ?? null, reactions: [], createdAt: d.createdAt, editedAt: null, deletedAt: null,
      }])
    }
    case EDITED: {
      const mentions: string[] = d.mentions ?? []
      return change(list, d.messageId, { body: d.body, mentions, mentionsAll: d.mentionsAll,
        mentionsMe: d.mentionsAll || mentions.includes(me), editedAt: d.editedAt })
    }
    case DELETED:
      // as chat-service does: its reactions and mentions go with the body
      return change(list, d.messageId, { body: null, deletedAt: d.deletedAt, reactions: [], mentions: [], mentionsAll: false,
        mentionsMe: false })
    case REACTION_ADDED:
    case REACTION_REMOVED: {
      const i = list.findIndex((m) => m.id === d.messageId)
      if (i < 0) return list
      const changed = withReaction(list[i], d.participantId, d.emoji, type === REACTION_ADDED)
      return changed === list[i] ? list : list.map((m, j) => (j === i ? changed : m))
    }
    default:
      return list
  }
}
