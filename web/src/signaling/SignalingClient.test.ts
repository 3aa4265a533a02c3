import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SignalingClient, type Frame } from './SignalingClient'

/** A WebSocket the test plays the server of: it sees what the client sends and says what the server would. */
class FakeSocket {
  static all: FakeSocket[] = []
  readonly sent: Frame[] = []
  onopen: (() => void) | null = null
  onmessage: ((m: { data: string }) => void) | null = null
  onclose: ((c: { code: number }) => void) | null = null

  constructor(readonly url: string, readonly protocols: string[]) {
    FakeSocket.all.push(this)
  }

  send(text: string): void {
    this.sent.push(JSON.parse(text))
  }

  close(code: number): void {
    this.onclose?.({ code })
  }

  /** The server's side. */
  open(): void {
    this.onopen?.()
  }

  receive(frame: Frame): void {
    this.onmessage?.({ data: JSON.stringify(frame) })
  }

  drop(code = 1006): void {
    this.onclose?.({ code })
  }
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1]

async function connected(client: SignalingClient, session: string): Promise<FakeSocket> {
  const welcomed = client.connect()
  const socket = latest()
  socket.open()
  socket.receive({ type: 'welcome', session, resumed: false, conversations: [] })
  await welcomed
  return socket
}

beforeEach(() => {
  FakeSocket.all = []
  vi.stubGlobal('WebSocket', FakeSocket)
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('SignalingClient', () => {
  it('carries the token as a subprotocol and says hello', async () => {
    const client = new SignalingClient('ws://gateway/ws', () => 'tok en')
    const socket = await connected(client, 's1')
    expect(socket.protocols).toEqual(['salon.v1', encodeURIComponent('quarkus-http-upgrade#Authorization#Bearer tok en')])
    expect(socket.sent[0]).toEqual({ type: 'hello', version: 1 })
    expect(client.status.state).toBe('open')
  })

  it('reconnects after a lost connection and resumes its session from the last event it got, saying so meanwhile', async () => {
    const client = new SignalingClient('ws://gateway/ws', () => 'token')
    const first = await connected(client, 's1')
    const events: Frame[] = []
    client.on('event', (f) => events.push(f))
    first.receive({ type: 'event', seq: 7, conversation: 'c1', event: { id: 'e7' } })
    first.drop()
    expect(client.status.state).toBe('reconnecting')
    expect(FakeSocket.all).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(250)
    const second = latest()
    expect(second).not.toBe(first)
    second.open()
    expect(second.sent[0]).toEqual({ type: 'hello', version: 1, resume: 's1', lastSeq: 7 })
    second.receive({ type: 'welcome', session: 's1', resumed: true, conversations: ['c1'] })
    expect(client.status.state).toBe('open')
    // an event replayed after an instance died comes twice: it reaches the listeners once
    second.receive({ type: 'event', seq: 8, conversation: 'c1', event: { id: 'e7' } })
    second.receive({ type: 'event', seq: 9, conversation: 'c1', event: { id: 'e9' } })
    expect(events.map((f) => f.event.id)).toEqual(['e7', 'e9'])
    expect(second.sent.filter((f) => f.type === 'join')).toHaveLength(0)
  })

  it('joins its conversations again when the session could not be resumed, and lets views catch up', async () => {
    const client = new SignalingClient('ws://gateway/ws', () => 'token')
    const first = await connected(client, 's1')
    const joining = client.join('c1')
    await vi.advanceTimersByTimeAsync(0)
    first.receive({ type: 'joined', conversation: 'c1', participants: [], call: null })
    await joining
    const caughtUp: string[] = []
    client.onRejoined((c) => caughtUp.push(c))
    first.drop()
    await vi.advanceTimersByTimeAsync(250)
    const second = latest()
    second.open()
    second.receive({ type: 'welcome', session: 's2', resumed: false, conversations: [] })
    await vi.advanceTimersByTimeAsync(0)
    expect(second.sent.filter((f) => f.type === 'join')).toEqual([{ type: 'join', conversation: 'c1' }])
    second.receive({ type: 'joined', conversation: 'c1', participants: [], call: null })
    await vi.advanceTimersByTimeAsync(0)
    expect(caughtUp).toEqual(['c1'])
    expect(client.status.session).toBe('s2')
  })

  it('waits longer between attempts while the server stays away, and gives up on a takeover or a guest shut out', async () => {
    const client = new SignalingClient('ws://gateway/ws', () => 'token')
    const first = await connected(client, 's1')
    first.drop()
    await vi.advanceTimersByTimeAsync(250)
    latest().drop()
    await vi.advanceTimersByTimeAsync(499)
    expect(FakeSocket.all).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(FakeSocket.all).toHaveLength(3)
    latest().open()
    latest().receive({ type: 'welcome', session: 's1', resumed: true, conversations: [] })
    latest().drop(4409)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(FakeSocket.all).toHaveLength(3)
    expect(client.status.state).toBe('closed')
  })

  it('rejects a request the server refuses with its error code', async () => {
    const client = new SignalingClient('ws://gateway/ws', () => 'token')
    const socket = await connected(client, 's1')
    const joining = client.join('c9')
    await vi.advanceTimersByTimeAsync(0)
    socket.receive({ type: 'error', code: 'forbidden', message: 'Not a participant' })
    await expect(joining).rejects.toMatchObject({ code: 'forbidden' })
  })
})
