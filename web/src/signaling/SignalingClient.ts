import { reactive } from 'vue'

/**
 * The tab's one WebSocket to signaling-service (protocol: signaling-service/docs/protocol.md). It says hello,
 * keeps the session id and the last event number, and when the connection drops it reconnects with growing pauses
 * and resumes the session, so nothing is missed; after a new session or a `resync` it joins its conversations again
 * and tells its listeners to catch up (`onRejoined`).
 */
export type Frame = Record<string, any> & { type: string }

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed'

type Listener = (frame: Frame) => void

/** An error frame, as a rejection. */
export class SignalingError extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
  }
}

const SUBPROTOCOL = 'salon.v1'
const MAX_PAUSE_MS = 10_000

export class SignalingClient {
  readonly status = reactive({ state: 'connecting' as ConnectionState, session: null as string | null })
  private socket: WebSocket | null = null
  private lastSeq = 0
  private pause = 250
  private readonly listeners = new Map<string, Set<Listener>>()
  private readonly rejoinListeners = new Set<(conversation: string) => void>()
  private readonly seenEvents = new Set<string>()
  /** Conversations joined, with what their `joined` answer said last. */
  private readonly joined = new Map<string, Frame>()
  private readonly waiting: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void; reject: (e: Error) => void }> = []
  private welcomed: Promise<void> = Promise.resolve()
  private stopped = false

  constructor(private readonly url: string, private readonly token: () => string | null) {}

  /** Connects (again) and says hello; resolves once welcomed. */
  connect(): Promise<void> {
    this.stopped = false
    this.welcomed = new Promise((resolve, reject) => {
      const token = this.token()
      const protocols = token ? [SUBPROTOCOL, encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${token}`)] : [SUBPROTOCOL]
      const ws = new WebSocket(this.url, protocols)
      this.socket = ws
      ws.onopen = () => {
        const hello: Frame = { type: 'hello', version: 1 }
        if (this.status.session) {
          hello.resume = this.status.session
          hello.lastSeq = this.lastSeq
        }
        ws.send(JSON.stringify(hello))
      }
      ws.onmessage = (message) => {
        const frame = JSON.parse(message.data) as Frame
        if (frame.type === 'welcome') {
          this.welcome(frame)
          resolve()
        }
        this.dispatch(frame)
      }
      ws.onclose = (close) => {
        if (this.socket !== ws) return
        this.socket = null
        reject(new SignalingError('closed', `connection closed (${close.code})`))
        this.waiting.splice(0).forEach((w) => w.reject(new SignalingError('closed', 'connection lost')))
        // 1000: we said goodbye; 4403: a guest's access ended; 4409: another tab took the session over
        if (this.stopped || close.code === 4403 || close.code === 4409) {
          this.status.state = 'closed'
          this.emit({ type: 'closed', code: close.code })
          return
        }
        this.status.state = 'reconnecting'
        setTimeout(() => this.connect().catch(() => undefined), this.pause)
        this.pause = Math.min(this.pause * 2, MAX_PAUSE_MS)
      }
    })
    return this.welcomed
  }

  private welcome(frame: Frame): void {
    const resumed = frame.resumed === true && frame.session === this.status.session
    this.status.session = frame.session
    this.status.state = 'open'
    this.pause = 250
    if (!resumed) {
      this.lastSeq = 0
      this.rejoinAll()
    }
  }

  /** After a new session or a resync: join every conversation again and let views catch up on what they missed. */
  private rejoinAll(): void {
    for (const conversation of [...this.joined.keys()]) {
      this.join(conversation).then(() => this.rejoinListeners.forEach((l) => l(conversation)), () => undefined)
    }
  }

  private dispatch(frame: Frame): void {
    if (typeof frame.seq === 'number') this.lastSeq = frame.seq
    if (frame.type === 'event') {
      // after a signaling instance died, a few events may come twice
      const id = frame.event?.id
      if (id) {
        if (this.seenEvents.has(id)) return
        this.seenEvents.add(id)
        if (this.seenEvents.size > 5000) this.seenEvents.delete(this.seenEvents.values().next().value as string)
      }
    }
    if (frame.type === 'resync') this.rejoinAll()
    const i = this.waiting.findIndex((w) => w.match(frame))
    if (i >= 0) {
      const [w] = this.waiting.splice(i, 1)
      if (frame.type === 'error') w.reject(new SignalingError(frame.code, frame.message))
      else w.resolve(frame)
    }
    this.emit(frame)
  }

  private emit(frame: Frame): void {
    this.listeners.get(frame.type)?.forEach((l) => l(frame))
    this.listeners.get('*')?.forEach((l) => l(frame))
  }

  /** Frames of a type ('*': all); returns how to stop listening. */
  on(type: string, listener: Listener): () => void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set())
    this.listeners.get(type)!.add(listener)
    return () => this.listeners.get(type)?.delete(listener)
  }

  /** Told when a conversation was joined again after a new session or a resync: fetch what may have been missed. */
  onRejoined(listener: (conversation: string) => void): () => void {
    this.rejoinListeners.add(listener)
    return () => this.rejoinListeners.delete(listener)
  }

  send(frame: Frame): void {
    this.socket?.send(JSON.stringify(frame))
  }

  /** Sends a frame and waits for the frame that answers it (or the error that comes instead). */
  async request(frame: Frame, answer: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    await this.welcomed
    return new Promise((resolve, reject) => {
      const entry = {
        match: (f: Frame) => answer(f) || f.type === 'error',
        resolve,
        reject,
      }
      this.waiting.push(entry)
      setTimeout(() => {
        const i = this.waiting.indexOf(entry)
        if (i >= 0) {
          this.waiting.splice(i, 1)
          reject(new SignalingError('timeout', `no answer to ${frame.type}`))
        }
      }, timeoutMs)
      this.send(frame)
    })
  }

  /** Starts receiving a conversation's events; the `joined` frame (its participants and call). */
  async join(conversation: string): Promise<Frame> {
    const joined = await this.request({ type: 'join', conversation },
      (f) => f.type === 'joined' && f.conversation === conversation)
    this.joined.set(conversation, joined)
    return joined
  }

  leave(conversation: string): void {
    this.joined.delete(conversation)
    this.send({ type: 'leave', conversation })
  }

  /** Goodbye: the session ends at once (close 1000), it leaves its calls. */
  close(): void {
    this.stopped = true
    this.socket?.close(1000)
    this.status.state = 'closed'
  }
}

/** The gateway's WebSocket address for this page. */
export function signalingUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`
}
