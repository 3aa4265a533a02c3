import { vi } from 'vitest'
import type { Frame } from '../signaling/SignalingClient'
import type { Media, Signaling } from './Call'

/** Test doubles for Call: signaling-service as far as the call uses it, and the browser's WebRTC (jsdom has none). */

export const CONVERSATION = 'conv-1'

/** signaling-service: answers call frames at once (and publish offers too, unless told not to). */
export class FakeSignaling implements Signaling {
  readonly sent: Frame[] = []
  private readonly listeners = new Map<string, Set<(f: Frame) => void>>()
  private readonly waiting: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void; reject: (e: Error) => void }> = []

  constructor(private readonly answerPublish = true) {}

  request(frame: Frame, answer: (f: Frame) => boolean): Promise<Frame> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ match: (f) => answer(f) || f.type === 'error', resolve, reject })
      this.send(frame)
    })
  }

  send(frame: Frame): void {
    this.sent.push(frame)
    const answer = this.answer(frame)
    if (answer) queueMicrotask(() => this.deliver(answer))
  }

  private answer(f: Frame): Frame | undefined {
    const conversation = f.conversation
    switch (f.type) {
      case 'call-join':
      case 'call-media':
        return { type: 'call', conversation, callId: 'call-1', participants: [], iceServers: [{ urls: ['stun:stun.example:3478'] }] }
      case 'call-leave':
        return { type: 'call-left', conversation }
      case 'media':
        return this.answerPublish && (f.kind === 'publish' || f.kind === 'restart')
          ? { type: 'media', conversation, kind: 'answer', feed: f.feed, sdp: `janus answer to ${f.sdp}` } : undefined
    }
  }

  on(type: string, listener: (f: Frame) => void): () => void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set())
    this.listeners.get(type)!.add(listener)
    return () => this.listeners.get(type)?.delete(listener)
  }

  /** A frame from the server, as SignalingClient dispatches it: to the request it answers, then to listeners. */
  deliver(frame: Frame): void {
    const i = this.waiting.findIndex((w) => w.match(frame))
    if (i >= 0) {
      const [w] = this.waiting.splice(i, 1)
      if (frame.type === 'error') w.reject(new Error(frame.message))
      else w.resolve(frame)
    }
    this.listeners.get(frame.type)?.forEach((l) => l(frame))
  }

  media(kind: string, fields: Record<string, unknown> = {}): void {
    this.deliver({ type: 'media', conversation: CONVERSATION, kind, ...fields })
  }

  /** The `media` frames of a kind sent so far. */
  mediaSent(kind: string): Frame[] {
    return this.sent.filter((f) => f.type === 'media' && f.kind === kind)
  }
}

export class FakeTrack extends EventTarget {
  enabled = true
  stopped = false
  contentHint = ''
  readonly id = Math.random().toString(36).slice(2, 10)

  constructor(readonly kind: 'audio' | 'video') {
    super()
  }

  stop(): void {
    this.stopped = true
  }
}

export class FakeStream {
  constructor(readonly id: string, private readonly tracks: FakeTrack[]) {}

  getTracks(): FakeTrack[] {
    return [...this.tracks]
  }

  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio')
  }

  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'video')
  }
}

interface FakeTransceiver {
  mid: string
  track: FakeTrack | null
  init: RTCRtpTransceiverInit | undefined
}

/**
 * A PeerConnection whose candidates come when a test says ({@link gather}); applying an offer adds a receiving
 * transceiver per new m-line and fires `track` with one stream per msid, as Chromium does.
 */
export class FakePeerConnection extends EventTarget {
  static created: FakePeerConnection[] = []
  /** pc1, pc2… in the order of creation (since {@link created} was last emptied). */
  readonly name: string
  readonly transceivers: FakeTransceiver[] = []
  readonly candidates: RTCIceCandidateInit[] = []
  readonly offerOptions: Array<RTCOfferOptions | undefined> = []
  localDescription: RTCSessionDescriptionInit | null = null
  remoteDescription: RTCSessionDescriptionInit | null = null
  connectionState: RTCPeerConnectionState = 'new'
  closed = false
  private answers = 0
  private readonly streams = new Map<string, FakeStream>()

  constructor(readonly config: RTCConfiguration) {
    super()
    this.name = `pc${FakePeerConnection.created.push(this)}`
  }

  addTransceiver(track: FakeTrack, init?: RTCRtpTransceiverInit): void {
    this.add(String(this.transceivers.length), track, init)
  }

  private add(mid: string, track: FakeTrack | null, init?: RTCRtpTransceiverInit): FakeTransceiver {
    const t: FakeTransceiver = { mid, track, init }
    this.transceivers.push(t)
    return t
  }

  async createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> {
    this.offerOptions.push(options)
    return { type: 'offer', sdp: `offer ${this.name} #${this.offerOptions.length}` }
  }

  async createAnswer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'answer', sdp: `answer ${this.name} #${++this.answers}\r\na=setup:active\r\n` }
  }

  async setLocalDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.localDescription = d
  }

  async setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.remoteDescription = d
    if (d.type !== 'offer') return
    for (const s of d.sdp!.split('\r\nm=').slice(1)) {
      const mid = /a=mid:(\S+)/.exec(s)![1]
      const msid = /a=msid:(\S+)/.exec(s)?.[1]
      const kind = s.startsWith('audio') ? 'audio' : 'video'
      const t = this.transceivers.find((x) => x.mid === mid) ?? this.add(mid, new FakeTrack(kind))
      if (!msid) continue
      if (!this.streams.has(msid)) this.streams.set(msid, new FakeStream(msid, []))
      const stream = this.streams.get(msid)!
      this.dispatchEvent(Object.assign(new Event('track'), { track: t.track, streams: [stream] }))
    }
  }

  async addIceCandidate(c: RTCIceCandidateInit): Promise<void> {
    this.candidates.push(c)
  }

  /** The browser found a candidate (null: gathering ended). */
  gather(candidate: RTCIceCandidateInit | null): void {
    const found = candidate && { ...candidate, toJSON: () => candidate }
    this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: found }))
  }

  close(): void {
    this.closed = true
  }

  fail(): void {
    this.connectionState = 'failed'
    this.dispatchEvent(new Event('connectionstatechange'))
  }
}

/** Janus's subscription offer: one m-line per [mid, kind, msid stream id (null: inactive)]. */
export function janusOffer(lines: Array<[string, 'audio' | 'video', string | null]>): string {
  return 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=VideoRoom 1\r\nt=0 0\r\na=msid-semantic: WMS *' + lines.map(([mid, kind, stream]) =>
    `\r\nm=${kind} 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n${stream ? 'a=sendonly' : 'a=inactive'}\r\na=mid:${mid}`
    + (stream ? `\r\na=msid:${stream} ${mid}` : '')).join('') + '\r\n'
}

/** The browser's capture: camera and microphone as asked (unless made to fail), a screen from the picker. */
export function fakeMedia(): Media & { userMedia: ReturnType<typeof vi.fn>; displayMedia: ReturnType<typeof vi.fn> } {
  const userMedia = vi.fn(async (c: MediaStreamConstraints) => new FakeStream('local',
    [...(c.audio ? [new FakeTrack('audio')] : []), ...(c.video ? [new FakeTrack('video')] : [])]))
  const displayMedia = vi.fn(async () => new FakeStream('screen', [new FakeTrack('video')]))
  return {
    userMedia,
    displayMedia,
    peerConnection: (config) => new FakePeerConnection(config) as unknown as RTCPeerConnection,
    getUserMedia: userMedia as unknown as Media['getUserMedia'],
    getDisplayMedia: displayMedia as unknown as Media['getDisplayMedia'],
  }
}

/** Lets pending promises and zero-delay timers run until {@code done} holds (or gives up after 100 rounds). */
export async function until(done: () => unknown): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 0))
}
