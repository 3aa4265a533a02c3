import type { Participant } from '../api/types'
import type { Frame } from '../signaling/SignalingClient'

/**
 * One conversation's call in this tab, without any UI: the camera and microphone (or what of them the browser and
 * the permissions give), their feed published to Janus with three simulcast layers, an optional screen share as a
 * second feed, and one subscription PeerConnection receiving everyone else's feeds, renegotiated as Janus offers
 * again. Everything goes through signaling-service's `call-*` and `media` frames (signaling-service/docs/protocol.md);
 * media-gateway speaks to Janus.
 *
 * Which received stream is whose: media-gateway subscribes with Janus's `use_msid`, so each m-line of the
 * subscription's offer says `a=msid:<Janus publisher id> <mid>` and a feed's audio and video share that stream id
 * (one MediaStream per feed); an m-line freed by a feed that left turns inactive (no msid) and is reused for the next
 * feed of its kind. The `feeds` signal says whose feeds exist (participant, session, camera or screen) but not their
 * Janus publisher id, and its order is not the offer's (both come from unordered sets in media-gateway), so the
 * match is inferred: a stream stays matched while its stream id and its feed last; a stream with an audio m-line is
 * a camera (screens are video only); a stream only one remaining feed fits is certain; what stays ambiguous (several
 * cameras at once, e.g. when joining a call of three or more) is guessed, oldest feed first, and corrected when the
 * SFU says someone speaks and exactly one guessed stream's audio is loud.
 */

/** What the call needs of the signaling connection (signaling/SignalingClient). */
export interface Signaling {
  readonly status: { session: string | null }
  request(frame: Frame, answer: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>
  send(frame: Frame): void
  on(type: string, listener: (frame: Frame) => void): () => void
}

/** The browser's WebRTC and capture, injectable since jsdom has neither. */
export interface Media {
  peerConnection(config: RTCConfiguration): RTCPeerConnection
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>
  getDisplayMedia(options: DisplayMediaStreamOptions): Promise<MediaStream>
}

export const browserMedia: Media = {
  peerConnection: (config) => new RTCPeerConnection(config),
  getUserMedia: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
  getDisplayMedia: (options) => navigator.mediaDevices.getDisplayMedia(options),
}

export type FeedName = 'camera' | 'screen'

/** A message of the catalogs (i18n), for the UI to translate. */
export interface Message {
  key: string
  params?: Record<string, string | number>
}

/** A received stream, and whose feed it is (null while unknown). */
export interface RemoteStream {
  id: string
  stream: MediaStream
  participantId: string | null
  feed: FeedName | null
}

export interface CallView {
  phase: 'idle' | 'joining' | 'joined'
  /** The camera and microphone captured (null: listen-only), for the own tile's preview. */
  local: MediaStream | null
  audio: boolean
  video: boolean
  hasAudio: boolean
  hasVideo: boolean
  /** The screen this tab shares. */
  screen: MediaStream | null
  remote: RemoteStream[]
  speaking: ReadonlySet<string>
  badConnection: ReadonlySet<string>
  /** Lasts while it holds: audio only, listen-only, reconnecting. */
  notice: Message | null
  /** Shown a few seconds: media errors, a moderator's mute. */
  flash: Message | null
}

export interface CallOptions {
  conversation: string
  /** My participant id. */
  me: string
  permissions: () => readonly string[]
  signaling: Signaling
  media: Media
  onChange: () => void
}

/** Janus reads the layers highest first; Chromium sends all three from 960x540 up (testkit WebRtc.java). */
const SIMULCAST: RTCRtpEncodingParameters[] = [
  { rid: 'h', maxBitrate: 1_200_000 },
  { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
]
const CAMERA: MediaTrackConstraints = { width: { ideal: 960 }, height: { ideal: 540 } }
const GATHERING_MS = 2_000
const ANSWER_MS = 15_000
const BAD_CONNECTION_MS = 5_000
const FLASH_MS = 6_000
/** Presence that is older news than my own change of microphone must not read as a moderator's mute. */
const SETTLE_MS = 3_000
/** Audio level (0-1) of a receiver whose participant speaks. */
const LOUD = 0.05

/**
 * A PeerConnection and the ICE candidates found after its description left: held until the SFU has answered, then
 * trickled.
 */
interface Link {
  pc: RTCPeerConnection
  /** null: the subscription. */
  feed: FeedName | null
  state: 'gathering' | 'sent' | 'open'
  late: Array<RTCIceCandidateInit | null>
}

/** A feed as the `feeds` signal tells it, or as presence suggests before the first one. */
interface Source {
  participantId: string
  session?: string
  feed: FeedName
}

interface Match extends Source {
  guessed: boolean
}

interface Section {
  mid: string
  kind: string
  /** The msid's stream id; null when inactive. */
  stream: string | null
}

export class Call {
  private phase: CallView['phase'] = 'idle'
  private iceServers: RTCIceServer[] = []
  private local: MediaStream | null = null
  private audio = false
  private video = false
  private screenStream: MediaStream | null = null
  private camera: Link | null = null
  private screen: Link | null = null
  private sub: Link | null = null
  private offers: Promise<void> = Promise.resolve()
  private sections: Section[] = []
  private readonly streams = new Map<string, MediaStream>()
  private readonly matches = new Map<string, Match>()
  private feeds: Source[] | null = null
  private readonly firstSeen = new Map<string, number>()
  private participants: Participant[] = []
  private readonly speaking = new Set<string>()
  private readonly bad = new Map<string, ReturnType<typeof setTimeout>>()
  private fallback: Message | null = null
  private reconnecting = false
  private flashed: Message | null = null
  private flashTimer: ReturnType<typeof setTimeout> | undefined
  private lastPresence = 0
  private readonly stop: Array<() => void>

  constructor(private readonly o: CallOptions) {
    const mine = (f: Frame) => f.conversation === o.conversation
    this.stop = [
      o.signaling.on('media', (f) => mine(f) && this.onMedia(f)),
      o.signaling.on('speaking', (f) => mine(f) && this.onSpeaking(f.participant, f.speaking === true)),
      o.signaling.on('bad-connection', (f) => mine(f) && this.markBad(f.participant)),
      o.signaling.on('controlled', (f) => mine(f) && f.participant === o.me && this.onControlled(f.action)),
    ]
  }

  view(): CallView {
    return {
      phase: this.phase,
      local: this.local,
      audio: this.audio,
      video: this.video,
      hasAudio: this.has('audio'),
      hasVideo: this.has('video'),
      screen: this.screenStream,
      remote: [...this.streams].map(([id, stream]) => {
        const m = this.matches.get(id)
        return { id, stream, participantId: m?.participantId ?? null, feed: m?.feed ?? null }
      }),
      speaking: new Set(this.speaking),
      badConnection: new Set(this.bad.keys()),
      notice: this.reconnecting ? { key: 'call.reconnecting' } : this.fallback,
      flash: this.flashed,
    }
  }

  /** Every PeerConnection that publishes (camera, then screen). */
  publishers(): RTCPeerConnection[] {
    return [this.camera, this.screen].flatMap((l) => (l ? [l.pc] : []))
  }

  subscription(): RTCPeerConnection | null {
    return this.sub?.pc ?? null
  }

  screenConnection(): RTCPeerConnection | null {
    return this.screen?.pc ?? null
  }

  async join(): Promise<void> {
    if (this.phase !== 'idle') return
    this.phase = 'joining'
    this.changed()
    const local = await this.capture()
    if (this.phase !== 'joining') {
      local?.getTracks().forEach((t) => t.stop())
      return
    }
    this.local = local
    this.audio = this.has('audio')
    this.video = this.has('video')
    let joined: Frame
    try {
      joined = await this.o.signaling.request({ type: 'call-join', conversation: this.o.conversation, audio: this.audio, video: this.video },
        (f) => f.type === 'call' && f.conversation === this.o.conversation)
    } catch (e) {
      if (this.phase === 'joining') {
        this.release()
        this.flash({ key: 'call.joinFailed', params: { reason: (e as Error).message } })
      }
      return
    }
    if (this.phase !== 'joining') {
      // left while the answer was on its way
      this.o.signaling.send({ type: 'call-leave', conversation: this.o.conversation })
      return
    }
    this.iceServers = joined.iceServers ?? []
    this.phase = 'joined'
    this.changed()
    try {
      await this.publishCamera()
    } catch (e) {
      if (this.phase === 'joined') this.flashError(e)
    }
    if (this.phase === 'joined') this.send({ kind: 'subscribe' })
  }

  async leave(): Promise<void> {
    if (this.phase === 'idle') return
    if (this.phase === 'joining') {
      this.release()
      return
    }
    const left = this.o.signaling.request({ type: 'call-leave', conversation: this.o.conversation },
      (f) => f.type === 'call-left' && f.conversation === this.o.conversation)
    this.release()
    await left.catch(() => undefined)
  }

  setMicrophone(on: boolean): void {
    const track = this.local?.getAudioTracks()[0]
    if (!track || this.phase !== 'joined') return
    track.enabled = on
    this.audio = on
    this.configure()
    this.presence()
    this.changed()
  }

  setCamera(on: boolean): void {
    const track = this.local?.getVideoTracks()[0]
    if (!track || this.phase !== 'joined') return
    track.enabled = on
    this.video = on
    this.configure()
    this.presence()
    this.changed()
  }

  async shareScreen(): Promise<void> {
    if (this.phase !== 'joined' || this.screenStream) return
    let stream: MediaStream
    try {
      stream = await this.o.media.getDisplayMedia({ video: true })
    } catch {
      return // the picker was closed
    }
    if (this.phase !== 'joined' || this.screenStream) {
      stream.getTracks().forEach((t) => t.stop())
      return
    }
    const track = stream.getVideoTracks()[0]
    track.contentHint = 'detail'
    // the browser's own "stop sharing"
    track.addEventListener('ended', () => this.stopScreen())
    this.screenStream = stream
    this.changed()
    try {
      await this.publishScreen()
      this.presence()
    } catch (e) {
      if (this.phase !== 'joined') return
      this.flashError(e)
      this.stopScreen()
    }
  }

  stopScreen(): void {
    if (!this.screenStream) return
    this.screenStream.getTracks().forEach((t) => t.stop())
    this.screenStream = null
    this.screen?.pc.close()
    this.screen = null
    this.send({ kind: 'unpublish', feed: 'screen' })
    this.presence()
    this.changed()
  }

  /** The conversation's participants as presence keeps them: a moderator's mute or removal of me shows there. */
  setParticipants(list: Participant[]): void {
    const before = this.participants.find((p) => p.participantId === this.o.me)
    this.participants = list
    const now = list.find((p) => p.participantId === this.o.me)
    if (this.phase === 'joined' && before && now) {
      if (before.inCall && !now.inCall) {
        this.release()
        this.flash({ key: 'call.left' })
      } else if (before.audio && !now.audio && this.audio && Date.now() - this.lastPresence > SETTLE_MS) {
        this.setMicrophone(false)
        this.flash({ key: 'call.mutedByModerator' })
      }
    }
    if (!this.feeds) this.match()
    this.changed()
  }

  /** The call ended under me (a moderator ended it): nothing is left to leave. */
  ended(): void {
    if (this.phase !== 'idle') this.release()
  }

  dispose(): void {
    this.stop.forEach((s) => s())
    this.bad.forEach((timer) => clearTimeout(timer))
    clearTimeout(this.flashTimer)
  }

  private has(kind: 'audio' | 'video'): boolean {
    return (this.local?.getTracks().some((t) => t.kind === kind)) ?? false
  }

  private may(permission: string): boolean {
    return this.o.permissions().includes(permission)
  }

  /** What the permissions allow, else the microphone alone, else nothing (listen-only). */
  private async capture(): Promise<MediaStream | null> {
    const audio = this.may('publish_audio')
    const video = this.may('publish_video')
    this.fallback = null
    if (!audio && !video) return null
    try {
      return await this.o.media.getUserMedia({ audio, video: video && CAMERA })
    } catch {
      // refused, or no such device
    }
    if (audio && video) {
      try {
        const stream = await this.o.media.getUserMedia({ audio: true })
        this.fallback = { key: 'call.audioOnly' }
        return stream
      } catch {
        // no microphone either
      }
    }
    this.fallback = { key: 'call.listenOnly' }
    return null
  }

  private link(feed: FeedName | null): Link {
    const pc = this.o.media.peerConnection({ iceServers: this.iceServers })
    const link: Link = { pc, feed, state: 'gathering', late: [] }
    pc.addEventListener('icecandidate', (e) => {
      // an empty candidate ends the gathering too
      const candidate = e.candidate?.candidate ? e.candidate.toJSON() : null
      if (link.state === 'open') this.trickle(link, candidate)
      else if (link.state === 'sent') link.late.push(candidate)
    })
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed' && [this.camera, this.screen, this.sub].includes(link)) this.recover(link)
    })
    return link
  }

  private trickle(link: Link, candidate: RTCIceCandidateInit | null): void {
    this.send(link.feed ? { kind: 'candidate', feed: link.feed, candidate } : { kind: 'candidate', candidate })
  }

  private open(link: Link): void {
    link.state = 'open'
    link.late.splice(0).forEach((c) => this.trickle(link, c))
  }

  private async publishCamera(): Promise<void> {
    const stream = this.local
    if (!stream) return
    const link = (this.camera = this.link('camera'))
    stream.getAudioTracks().forEach((track) => link.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] }))
    stream.getVideoTracks().forEach((track) => link.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream], sendEncodings: SIMULCAST }))
    await this.publish(link)
    // Janus starts the feed with what its offer carries: a microphone or camera turned off before stays off
    if ((this.has('audio') && !this.audio) || (this.has('video') && !this.video)) this.configure()
  }

  private async publishScreen(): Promise<void> {
    const stream = this.screenStream
    if (!stream) return
    const link = (this.screen = this.link('screen'))
    stream.getVideoTracks().forEach((track) => link.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] }))
    await this.publish(link)
  }

  /** Offer (an ICE restart when asked), gather (2 s at most), and apply the SFU's answer. */
  private async publish(link: Link, restart = false): Promise<void> {
    const { pc, feed } = link
    link.state = 'gathering'
    await pc.setLocalDescription(await pc.createOffer(restart ? { iceRestart: true } : undefined))
    await gathered(pc)
    link.state = 'sent'
    const answer = await this.o.signaling.request(
      { type: 'media', conversation: this.o.conversation, kind: restart ? 'restart' : 'publish', feed, sdp: pc.localDescription!.sdp },
      (f) => f.type === 'media' && f.conversation === this.o.conversation && f.feed === feed && (f.kind === 'answer' || f.kind === 'error'),
      ANSWER_MS)
    if (answer.kind === 'error') throw new Error(answer.reason)
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp })
    this.open(link)
  }

  private recover(link: Link): void {
    if (link.feed) this.publish(link, true).catch((e) => this.flashError(e))
    else this.send({ kind: 'subscribe' })
  }

  private configure(): void {
    if (this.camera?.state === 'open') this.send({ kind: 'configure', feed: 'camera', audio: this.audio, video: this.video })
  }

  /** What I send, for everyone's presence (call-media sets all three). */
  private presence(): void {
    this.lastPresence = Date.now()
    this.o.signaling.request({ type: 'call-media', conversation: this.o.conversation, audio: this.audio, video: this.video, screen: this.screenStream !== null },
      (f) => f.type === 'call' && f.conversation === this.o.conversation).catch((e) => this.flashError(e))
  }

  private onMedia(f: Frame): void {
    if (this.phase !== 'joined') return
    switch (f.kind) {
      case 'offer':
        this.offers = this.offers.then(() => this.answer(f.sdp)).catch((e) => this.flashError(e))
        break
      case 'candidate': {
        const link = f.feed === 'camera' ? this.camera : f.feed === 'screen' ? this.screen : this.sub
        if (link && f.candidate) link.pc.addIceCandidate(f.candidate).catch(() => undefined)
        break
      }
      case 'feeds':
        this.feeds = ((f.feeds ?? []) as Source[]).filter((s) => s.session !== this.o.signaling.status.session)
        this.match()
        this.changed()
        break
      case 'republish':
        this.republish()
        break
      case 'slowlink':
        this.markBad(this.o.me)
        break
      case 'error':
        this.flash({ key: 'call.mediaError', params: { reason: f.reason ?? '' } })
        break
    }
  }

  /** Janus's offer for the subscription: the first one, or again on the same PeerConnection as feeds come and go. */
  private async answer(sdp: string): Promise<void> {
    if (this.phase !== 'joined') return
    if (!this.sub) {
      this.sub = this.link(null)
      this.sub.pc.addEventListener('track', (e) => e.streams[0] && this.streams.set(e.streams[0].id, e.streams[0]))
    }
    const link = this.sub
    await link.pc.setRemoteDescription({ type: 'offer', sdp })
    await link.pc.setLocalDescription(await link.pc.createAnswer())
    if (link.state === 'gathering') await gathered(link.pc)
    this.send({ kind: 'answer', sdp: link.pc.localDescription!.sdp })
    this.open(link)
    this.sections = mediaSections(sdp)
    const live = new Set(this.sections.map((s) => s.stream))
    for (const id of [...this.streams.keys()]) {
      if (!live.has(id)) this.streams.delete(id)
    }
    this.match()
    this.changed()
  }

  /** The call moved to another Janus node: new PeerConnections, published and subscribed again. */
  private async republish(): Promise<void> {
    this.reconnecting = true
    this.closeConnections()
    this.changed()
    try {
      await this.publishCamera()
      await this.publishScreen()
    } catch (e) {
      if (this.phase === 'joined') this.flashError(e)
    }
    if (this.phase !== 'joined') return
    this.reconnecting = false
    this.send({ kind: 'subscribe' })
    this.changed()
  }

  private closeConnections(): void {
    for (const link of [this.camera, this.screen, this.sub]) link?.pc.close()
    this.camera = this.screen = this.sub = null
    this.streams.clear()
    this.matches.clear()
    this.sections = []
  }

  private release(): void {
    this.closeConnections()
    for (const stream of [this.local, this.screenStream]) stream?.getTracks().forEach((t) => t.stop())
    this.local = this.screenStream = null
    this.audio = this.video = false
    this.feeds = null
    this.fallback = null
    this.reconnecting = false
    this.phase = 'idle'
    this.changed()
  }

  /** The feeds others send: from the `feeds` signal, or before the first one, from presence. */
  private sources(): Source[] {
    if (this.feeds) return this.feeds
    return this.participants.filter((p) => p.inCall && p.participantId !== this.o.me).flatMap((p): Source[] => [
      ...(p.audio || p.video ? [{ participantId: p.participantId, feed: 'camera' as const }] : []),
      ...(p.screen ? [{ participantId: p.participantId, feed: 'screen' as const }] : []),
    ])
  }

  /** Matches the offer's streams to feeds (see the comment at the top). */
  private match(): void {
    const shapes = new Map<string, { audio: boolean }>()
    for (const s of this.sections) {
      if (s.stream) shapes.set(s.stream, { audio: (shapes.get(s.stream)?.audio ?? false) || s.kind === 'audio' })
    }
    const free = [...this.sources()]
    const now = Date.now()
    free.forEach((s) => this.firstSeen.has(key(s)) || this.firstSeen.set(key(s), now))
    free.sort((a, b) => this.firstSeen.get(key(a))! - this.firstSeen.get(key(b))!)
    const previous = new Map(this.matches)
    this.matches.clear()
    const take = (id: string, source: Source, guessed: boolean) => {
      this.matches.set(id, { participantId: source.participantId, session: source.session, feed: source.feed, guessed })
      free.splice(free.indexOf(source), 1)
    }
    for (const [id, m] of previous) {
      const same = free.find((s) => s.participantId === m.participantId && s.feed === m.feed && (!s.session || !m.session || s.session === m.session))
      if (shapes.has(id) && same) take(id, same, m.guessed)
    }
    const fits = (id: string, s: Source) => s.feed === 'camera' || !shapes.get(id)!.audio
    const open = () => [...shapes.keys()].filter((id) => !this.matches.has(id))
    for (let progress = true; progress;) {
      progress = false
      for (const id of open()) {
        const can = free.filter((s) => fits(id, s))
        if (can.length === 1) {
          take(id, can[0], false)
          progress = true
        }
      }
    }
    for (const id of open()) {
      const guess = free.find((s) => fits(id, s))
      if (guess) take(id, guess, true)
    }
  }

  private onSpeaking(participant: string, speaking: boolean): void {
    if (speaking) this.speaking.add(participant)
    else this.speaking.delete(participant)
    if (speaking) this.confirm(participant)
    this.changed()
  }

  /** The SFU hears {@code participant} speak: if exactly one guessed camera stream is loud now, it is theirs. */
  private confirm(participant: string): void {
    const guessed = [...this.matches].filter(([, m]) => m.guessed && m.feed === 'camera')
    const theirs = guessed.find(([, m]) => m.participantId === participant)
    const loud = guessed.filter(([id]) => this.level(id) > LOUD)
    if (!theirs || loud.length !== 1) return
    const [id, other] = loud[0]
    this.matches.set(id, { ...theirs[1], guessed: false })
    if (theirs[0] !== id) this.matches.set(theirs[0], other)
  }

  private level(stream: string): number {
    const mids = new Set(this.sections.filter((s) => s.stream === stream && s.kind === 'audio').map((s) => s.mid))
    const levels = (this.sub?.pc.getTransceivers() ?? []).filter((t) => t.mid !== null && mids.has(t.mid))
      .flatMap((t) => t.receiver.getSynchronizationSources().map((s) => s.audioLevel ?? 0))
    return Math.max(0, ...levels)
  }

  private markBad(participant: string): void {
    clearTimeout(this.bad.get(participant))
    this.bad.set(participant, setTimeout(() => {
      this.bad.delete(participant)
      this.changed()
    }, BAD_CONNECTION_MS))
    this.changed()
  }

  private onControlled(action: string): void {
    if (action === 'mute') this.setMicrophone(false)
    else if (action === 'remove') {
      this.release()
      this.flash({ key: 'call.left' })
    }
  }

  private flashError(e: unknown): void {
    this.flash({ key: 'call.mediaError', params: { reason: (e as Error).message } })
  }

  private flash(message: Message): void {
    this.flashed = message
    clearTimeout(this.flashTimer)
    this.flashTimer = setTimeout(() => {
      this.flashed = null
      this.changed()
    }, FLASH_MS)
    this.changed()
  }

  private send(frame: Record<string, unknown>): void {
    this.o.signaling.send({ type: 'media', conversation: this.o.conversation, ...frame })
  }

  private changed(): void {
    this.o.onChange()
  }
}

function key(s: Source): string {
  return `${s.participantId}/${s.session ?? ''}/${s.feed}`
}

/** Resolves once the PeerConnection has gathered its candidates, or after 2 s (the rest are trickled). */
function gathered(pc: RTCPeerConnection): Promise<void> {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve()
    const done = () => {
      pc.removeEventListener('icegatheringstatechange', check)
      clearTimeout(timer)
      resolve()
    }
    const check = () => pc.iceGatheringState === 'complete' && done()
    const timer = setTimeout(done, GATHERING_MS)
    pc.addEventListener('icegatheringstatechange', check)
  })
}

/** The media sections of a session description: mid, kind and msid stream id (null when inactive). */
function mediaSections(sdp: string): Section[] {
  return sdp.split(/\r?\n(?=m=)/).slice(1).map((s) => ({
    mid: /^a=mid:(\S+)/m.exec(s)?.[1] ?? '',
    kind: /^m=(\w+)/.exec(s)?.[1] ?? '',
    stream: /^a=inactive/m.test(s) ? null : /^a=msid:(\S+)/m.exec(s)?.[1] ?? null,
  }))
}
