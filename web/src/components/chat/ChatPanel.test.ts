import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Conversation, Participant } from '../../api/types'
import { session } from '../../session'
import ChatPanel from './ChatPanel.vue'
import type { ChatMessage } from './types'

/** The tab's signaling client, faked: the test delivers frames and sees what the panel sends. */
const fake = vi.hoisted(() => {
  const listeners = new Map<string, Set<(f: any) => void>>()
  const rejoined = new Set<(conversation: string) => void>()
  return {
    on(type: string, listener: (f: any) => void) {
      if (!listeners.has(type)) listeners.set(type, new Set())
      listeners.get(type)!.add(listener)
      return () => listeners.get(type)!.delete(listener)
    },
    onRejoined(listener: (conversation: string) => void) {
      rejoined.add(listener)
      return () => rejoined.delete(listener)
    },
    send: vi.fn(),
    deliver(frame: Record<string, any>) {
      listeners.get(frame.type)?.forEach((l) => l(frame))
    },
    rejoin(conversation: string) {
      rejoined.forEach((l) => l(conversation))
    },
  }
})
vi.mock('../../signaling', () => ({ signaling: () => fake }))

const C = '4f1d2a7c-8c9e-4b7a-a1d2-2f3e4d5c6b7a'
const MESSAGES = `/api/chat/conversations/${C}/messages`

const conversation: Conversation = {
  id: C, name: 'Team', description: null, type: 'group', allowGuests: false, hasPassword: false, link: null, readOnly: false,
  lobby: { enabled: false, openAt: null, active: false }, whoMayStartCall: 'everyone', role: 'member', permissions: ['chat'],
  unread: 0, joinable: false, call: { running: false, startedAt: null }, lastActivity: '2026-01-05T10:00:00Z',
}

function participant(participantId: string, name: string): Participant {
  return { participantId, kind: 'user', role: 'member', name, online: true, inCall: false, audio: false, video: false, screen: false }
}
const participants = [participant('alice', 'Alice'), participant('bob', 'Bob')]

function message(id: number, body: string, authorId = 'bob', extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id, seq: id, conversation: C, kind: 'comment', authorId, authorName: authorId === 'bob' ? 'Bob' : 'Alice', body, replyTo: null,
    parent: null, mentions: [], mentionsAll: false, mentionsMe: false, system: null, systemData: null, reactions: [],
    createdAt: `2026-01-05T10:0${id % 10}:00Z`, editedAt: null, deletedAt: null, ...extra,
  }
}

function posted(id: number, body: string, authorId = 'bob') {
  return {
    type: 'event', conversation: C,
    event: { id: `event-${id}`, type: 'org.salon.chat.message.posted', data: { conversationId: C, messageId: id, seq: id, kind: 'comment',
      authorId, authorName: authorId === 'bob' ? 'Bob' : 'Alice', body, replyTo: null, mentions: [], mentionsAll: false,
      system: null, systemData: null, createdAt: '2026-01-05T11:00:00Z' } },
  }
}

function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

interface Call {
  url: string
  method: string
  body: any
}

let calls: Call[] = []
/** What the server answers, per request; history and read markers have defaults. */
let answer: (call: Call) => Response | Promise<Response> | undefined
let history: ChatMessage[] = []
let wrapper: VueWrapper | null = null

beforeEach(() => {
  calls = []
  history = []
  answer = () => undefined
  session.me = { id: 'alice', displayName: 'Alice', guest: false, conversation: null }
  fake.send.mockClear()
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
    const call = { url, method: init.method ?? 'GET', body: init.body ? JSON.parse(init.body as string) : undefined }
    calls.push(call)
    const given = await answer(call)
    if (given) return given
    if (url.endsWith('/read')) return json({ messageId: 0, seq: 0, everyoneMessageId: 0, everyoneSeq: 0 })
    if (call.method === 'GET' && url.startsWith(`${MESSAGES}?limit=`)) return json([...history].reverse())
    if (call.method === 'GET' && url.startsWith(`${MESSAGES}?after=`)) return json([])
    throw new Error(`unexpected ${call.method} ${url}`)
  }))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
})

async function open(): Promise<VueWrapper> {
  wrapper = mount(ChatPanel, { props: { conversation, participants }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

function texts(w: VueWrapper): string[] {
  return w.findAll('.chat-body, .chat-system, .chat-deleted').map((e) => e.text())
}

async function type(w: VueWrapper, text: string): Promise<void> {
  const area = w.get('textarea[aria-label="Message"]')
  await area.setValue(text)
  ;(area.element as HTMLTextAreaElement).setSelectionRange(text.length, text.length)
  await area.trigger('keyup')
}

async function pressEnter(w: VueWrapper): Promise<void> {
  await w.get('textarea[aria-label="Message"]').trigger('keydown', { key: 'Enter' })
}

describe('ChatPanel', () => {
  it('shows the latest history in order, system messages in words, and marks it read', async () => {
    history = [
      message(1, '', 'system', { kind: 'system', authorName: '', body: null, system: 'conversation_created', systemData: { createdBy: 'alice' } }),
      message(2, 'Hi **there**'),
      message(3, 'Hello <b>Bob</b>', 'alice'),
    ]
    const w = await open()
    expect(calls[0]).toMatchObject({ method: 'GET', url: `${MESSAGES}?limit=50` })
    const log = w.get('[role="log"]')
    expect(log.attributes('aria-live')).toBe('polite')
    expect(texts(w)).toEqual(['Alice created the conversation', 'Hi there', 'Hello <b>Bob</b>'])
    expect(w.get('.chat-body strong').text()).toBe('there')
    expect(calls.find((c) => c.url.endsWith('/read') && c.method === 'POST')?.body).toEqual({ messageId: 3 })
  })

  it('appends a live message once, even delivered twice, and ignores other conversations', async () => {
    history = [message(1, 'first')]
    const w = await open()
    fake.deliver(posted(2, 'live one'))
    fake.deliver(posted(2, 'live one'))
    fake.deliver({ ...posted(3, 'elsewhere'), conversation: 'another' })
    await flushPromises()
    expect(texts(w)).toEqual(['first', 'live one'])
  })

  it('shows a sent message at once as pending and replaces it with the stored one', async () => {
    const w = await open()
    let store!: (r: Response) => void
    answer = (c) => (c.method === 'POST' && c.url === MESSAGES ? new Promise<Response>((resolve) => (store = resolve)) : undefined)
    await type(w, 'hello @Bob!')
    await pressEnter(w)
    await flushPromises()

    const post = calls.find((c) => c.method === 'POST' && c.url === MESSAGES)!
    expect(post.body).toEqual({ body: 'hello @Bob!', idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), replyTo: null })
    expect(w.get('.chat-pending').text()).toContain('Sending…')
    expect((w.get('textarea[aria-label="Message"]').element as HTMLTextAreaElement).value).toBe('')

    store(json(message(7, 'hello @Bob!', 'alice', { mentions: ['bob'] }), 201))
    await flushPromises()
    fake.deliver(posted(7, 'hello @Bob!', 'alice'))
    await flushPromises()
    expect(w.find('.chat-pending').exists()).toBe(false)
    expect(texts(w)).toEqual(['hello @Bob!'])
    expect(w.get('.chat-body .mention').text()).toBe('@Bob')
  })

  it('sends messages written in quick succession one after another, so they are stored in the order written', async () => {
    const w = await open()
    const stores: Array<(r: Response) => void> = []
    answer = (c) => (c.method === 'POST' && c.url === MESSAGES ? new Promise<Response>((resolve) => stores.push(resolve)) : undefined)
    await type(w, 'first')
    await pressEnter(w)
    await type(w, 'second')
    await pressEnter(w)
    await flushPromises()
    const posts = () => calls.filter((c) => c.method === 'POST' && c.url === MESSAGES).map((c) => c.body.body)
    expect(posts()).toEqual(['first'])
    expect(w.findAll('.chat-pending')).toHaveLength(2)

    stores[0](json(message(7, 'first', 'alice'), 201))
    await flushPromises()
    expect(posts()).toEqual(['first', 'second'])
    stores[1](json(message(8, 'second', 'alice'), 201))
    await flushPromises()
    expect(texts(w)).toEqual(['first', 'second'])
  })

  it('retries a post that got no answer with the same key', async () => {
    const w = await open()
    let attempts = 0
    answer = (c) => {
      if (c.method !== 'POST' || c.url !== MESSAGES) return undefined
      if (++attempts === 1) throw new TypeError('Failed to fetch')
      return json(message(8, 'again', 'alice'))
    }
    await type(w, 'again')
    await pressEnter(w)
    await flushPromises()
    expect(w.get('.chat-pending').text()).toContain('Not sent')

    await w.get('.chat-pending button').trigger('click')
    await flushPromises()
    const posts = calls.filter((c) => c.method === 'POST' && c.url === MESSAGES)
    expect(posts).toHaveLength(2)
    expect(posts[1].body.idempotencyKey).toBe(posts[0].body.idempotencyKey)
    expect(texts(w)).toEqual(['again'])
  })

  it('keeps the text of a refused post and says why', async () => {
    const w = await open()
    let detail = 'You are posting too fast; wait 2 s'
    answer = (c) => (c.method === 'POST' ? json({ title: 'Too Many Requests', detail }, 429, { 'Retry-After': '2' }) : undefined)
    await type(w, 'too fast')
    await pressEnter(w)
    await flushPromises()
    expect(w.get('[role="alert"]').text()).toBe('Message not sent: You are posting too fast; wait 2 s')
    expect((w.get('textarea[aria-label="Message"]').element as HTMLTextAreaElement).value).toBe('too fast')
    expect(w.find('.chat-pending').exists()).toBe(false)

    detail = ''
    await pressEnter(w)
    await flushPromises()
    expect(w.get('[role="alert"]').text()).toBe('Message not sent: Too Many Requests (try again in 2 s)')
    expect((w.get('textarea[aria-label="Message"]').element as HTMLTextAreaElement).value).toBe('too fast')
  })

  it('says who is typing, and tells others at most every 3 s', async () => {
    const w = await open()
    fake.deliver({ type: 'typing', conversation: C, participant: 'bob', name: 'Bob', typing: true })
    fake.deliver({ type: 'typing', conversation: C, participant: 'alice', name: 'Alice', typing: true })
    await flushPromises()
    expect(w.get('.chat-typing').text()).toBe('Bob is typing…')
    fake.deliver({ type: 'typing', conversation: C, participant: 'bob', name: 'Bob', typing: false })
    await flushPromises()
    expect(w.get('.chat-typing').text()).toBe('')

    answer = (c) => (c.method === 'POST' && c.url === MESSAGES ? json(message(9, 'ab', 'alice')) : undefined)
    const area = w.get('textarea[aria-label="Message"]')
    await area.setValue('a')
    await area.setValue('ab')
    await pressEnter(w)
    expect(fake.send.mock.calls.map(([f]) => f)).toEqual([
      { type: 'typing', conversation: C, typing: true },
      { type: 'typing', conversation: C, typing: false },
    ])
  })

  it('shows a deleted message as deleted, live or when I delete mine', async () => {
    history = [message(1, 'secret'), message(2, 'mine', 'alice')]
    const w = await open()
    fake.deliver({ type: 'event', conversation: C, event: { id: 'd1', type: 'org.salon.chat.message.deleted',
      data: { conversationId: C, messageId: 1, seq: 1, deletedBy: 'bob', deletedAt: '2026-01-05T12:00:00Z' } } })
    await flushPromises()
    expect(texts(w)).toEqual(['Message deleted', 'mine'])

    answer = (c) => (c.method === 'DELETE' ? json(message(2, '', 'alice', { body: null, deletedAt: '2026-01-05T12:01:00Z' })) : undefined)
    const mine = w.findAll('article')[1]
    await mine.get('button[aria-label="Delete"]').trigger('click')
    await mine.get('.chat-confirm button.danger').trigger('click')
    await flushPromises()
    expect(calls.at(-1)).toMatchObject({ method: 'DELETE', url: `${MESSAGES}/2` })
    expect(texts(w)).toEqual(['Message deleted', 'Message deleted'])
  })

  it('catches up after a rejoin with what came after its newest message', async () => {
    history = [message(1, 'one'), message(2, 'two')]
    const w = await open()
    answer = (c) => (c.url.startsWith(`${MESSAGES}?after=2`) ? json([message(2, 'two'), message(3, 'missed')]) : undefined)
    fake.rejoin(C)
    await flushPromises()
    expect(texts(w)).toEqual(['one', 'two', 'missed'])
  })

  it('pages back from the oldest message it has', async () => {
    history = Array.from({ length: 50 }, (_, i) => message(i + 51, `m${i + 51}`))
    const w = await open()
    answer = (c) => (c.url === `${MESSAGES}?before=51&limit=50` ? json([message(50, 'm50')]) : undefined)
    await w.get('button.chat-older').trigger('click')
    await flushPromises()
    expect(texts(w)[0]).toBe('m50')
    expect(texts(w)).toHaveLength(51)
    expect(w.find('button.chat-older').exists()).toBe(false)
  })

  it('replies with the parent id, and reacts', async () => {
    history = [message(4, 'question', 'bob', { reactions: [{ emoji: '👍', count: 1, participants: ['bob'] }] })]
    const w = await open()
    answer = (c) => (c.method === 'PUT' ? new Response(null, { status: 204 })
      : c.method === 'POST' && c.url === MESSAGES ? json(message(5, 'answer', 'alice', { replyTo: 4 })) : undefined)

    const reaction = w.get('.chat-reaction')
    await reaction.trigger('click')
    expect(reaction.text()).toBe('👍 2')
    expect(reaction.attributes('aria-pressed')).toBe('true')
    await flushPromises()
    expect(calls.at(-1)).toMatchObject({ method: 'PUT', url: `${MESSAGES}/4/reactions/${encodeURIComponent('👍')}` })

    await w.get('button[aria-label="Reply"]').trigger('click')
    expect(w.get('.chat-replying').text()).toContain('Replying to Bob')
    await type(w, 'answer')
    await pressEnter(w)
    await flushPromises()
    expect(calls.find((c) => c.method === 'POST' && c.url === MESSAGES)!.body).toMatchObject({ body: 'answer', replyTo: 4 })
    expect(w.find('.chat-replying').exists()).toBe(false)
  })

  it('offers participants after @ and inserts the mention chat-service reads', async () => {
    const w = await open()
    await type(w, 'hey @bo')
    const options = w.findAll('[role="option"]')
    expect(options.map((o) => o.text())).toEqual(['Bob'])
    await pressEnter(w)
    await flushPromises()
    expect((w.get('textarea[aria-label="Message"]').element as HTMLTextAreaElement).value).toBe('hey @Bob ')
    expect(calls.some((c) => c.method === 'POST' && c.url === MESSAGES)).toBe(false)
  })
})
