/** What chat-service answers (chat-service/src/main/java/org/salon/chat/api/MessageResource.java, ReadMarkerResource.java). */

export interface ReactionSummary {
  emoji: string
  count: number
  participants: string[]
}

/** The message a reply answers, as the reply quotes it (body null once deleted). */
export interface Quote {
  id: number
  authorId: string
  authorName: string
  body: string | null
  deletedAt: string | null
}

export interface ChatMessage {
  id: number
  /** 1, 2, 3... within the conversation, in commit order. */
  seq: number
  conversation: string
  kind: 'comment' | 'system' | string
  authorId: string
  authorName: string
  /** Markdown subset as typed; null once deleted and for system messages. */
  body: string | null
  replyTo: number | null
  parent: Quote | null
  mentions: string[]
  mentionsAll: boolean
  mentionsMe: boolean
  /** What a system message says happened (participant_added, call_ended...), with its event's data. */
  system: string | null
  systemData: Record<string, any> | null
  reactions: ReactionSummary[]
  createdAt: string
  editedAt: string | null
  deletedAt: string | null
}

/** Where I have read to, and where everyone has (the slowest current participant; 0 while one has read nothing). */
export interface ReadState {
  messageId: number
  seq: number
  everyoneMessageId: number
  everyoneSeq: number
}

/** A message of mine on its way: shown at once, replaced by the server's answer; a retry reuses its key. */
export interface PendingMessage {
  key: string
  body: string
  replyTo: number | null
  parent: Quote | null
  createdAt: string
  state: 'sending' | 'failed'
}
