import type { Participant } from '../api/types'
import type { Frame } from '../signaling/SignalingClient'

/**
 * One conversation's call in this tab, without any UI: the camera and microphone (or what of them the browser and
 * the permissions give), their feed published to Janus with three simulcast layers, an optional screen share as a
 * second feed, and one subscription PeerConnection receiving everyone else's feeds, renegotiated as Janus offers
 * again. Everything goes through signaling-service's `call-*` and `media` frames (signaling-service/docs/protocol.md);
 * media-gateway speaks to Janus.
 *
 * Which received stream is whose: each entry of the `feeds` signal names the stream id its tracks carry in the
 * subscription's offer (`a=msid:<stream> <mid>`, one MediaStream per feed), and the match goes by that id alone: the
 * signal's order is not the offer's, and Janus reuses an m-line a feed left for the next feed, under its new stream
 * id. media-gateway sends the signal before the first offer and again as feeds change; a stream no feed names yet is
 * nobody's until one does.
 */

/** What the call needs of the signaling connection (signaling/SignalingClient). */
export interface Signaling {
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

/** A received stream, and whose feed it is (null until the `feeds` signal names its stream). */
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
const ANSWER_MS = 15_000
const BAD_CONNECTION_MS = 5_000
const FLASH_MS = 6_000
/** Presence that is older news than my own change of microphone must not read as a moderator's mute. */
const SETTLE_MS = 3_000

/**
 * A PeerConnection and the ICE candidates found after its description left: held until the SFU has answered, then
 * trickled.
 */
interface Link {
  pc: RTCPeerConnection
  /** null: the subscription. */
  feed: FeedName | null
  /** new: nothing sent; sent: the offer or answer is on its way, candidates wait; open: candidates trickle. */
  state: 'new' | 'sent' | 'open'
  late: Array<RTCIceCandidateInit | null>
}

/** An entry of the `feeds` signal, as far as the call reads it. */
interface Feed {
  participantId: string
  feed: FeedName
  /** The stream id of its tracks in the subscription's offer. */
  stream: string
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
  private readonly streams = new Map<string, MediaStream>()
  private feeds: Feed[] = []
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
        const f = this.feeds.find((x) => x.stream === id)
        return { id, stream, participantId: f?.participantId ?? null, feed: f?.feed ?? null }
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
    // the devices and the call at once: the camera's start is much of a join's time; the call hears what I could
    // not have once it is known
    const capturing = this.capture()
    const stop = () => capturing.then((local) => local?.getTracks().forEach((t) => t.stop()))
    this.audio = this.may('publish_audio')
    this.video = this.may('publish_video')
    let joined: Frame
    try {
      joined = await this.o.signaling.request({ type: 'call-join', conversation: this.o.conversation, audio: this.audio, video: this.video },
        (f) => f.type === 'call' && f.conversation === this.o.conversation)
    } catch (e) {
      void stop()
      if (this.phase === 'joining') {
        this.release()
        this.flash({ key: 'call.joinFailed', params: { reason: (e as Error).message } })
      }
      return
    }
    if (this.phase !== 'joining') {
      // left while the answer was on its way
      void stop()
      this.o.signaling.send({ type: 'call-leave', conversation: this.o.conversation })
      return
    }
    this.iceServers = joined.iceServers ?? []
    this.phase = 'joined'
    this.changed()
    // receiving the others waits neither for my camera nor for its offer
    this.send({ kind: 'subscribe' })
    const local = await capturing
    if (this.phase !== 'joined') {
      local?.getTracks().forEach((t) => t.stop())
      return
    }
    this.local = local
    if (this.has('audio') !== this.audio || this.has('video') !== this.video) {
      this.audio = this.has('audio')
      this.video = this.has('video')
      this.presence()
    }
    this.changed()
    try {
      await this.publishCamera()
    } catch (e) {
      if (this.phase === 'joined') this.flashError(e)
    }
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
    const link: Link = { pc, feed, state: 'new', late: [] }
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

  /**
   * Offer (an ICE restart when asked) at once, and apply the SFU's answer; the candidates follow it (trickled), so
   * the call does not wait for the browser's gathering (a STUN server's answer can take long).
   */
  private async publish(link: Link, restart = false): Promise<void> {
    const { pc, feed } = link
    link.state = 'sent'
    await pc.setLocalDescription(await pc.createOffer(restart ? { iceRestart: true } : undefined))
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
        this.feeds = (f.feeds ?? []) as Feed[]
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
    if (link.state === 'new') link.state = 'sent'
    await link.pc.setRemoteDescription({ type: 'offer', sdp })
    const answer = await link.pc.createAnswer()
    // Janus learns of this answer a Kafka round trip after ICE connects: the DTLS client's first packet would reach it
    // before it can take it, and its retransmission comes a second later. Passive here, Janus starts DTLS when ready.
    await link.pc.setLocalDescription({ type: 'answer', sdp: answer.sdp?.replace(/^a=setup:active\r?$/gm, (line) => line.replace('active', 'passive')) })
    this.send({ kind: 'answer', sdp: link.pc.localDescription!.sdp })
    this.open(link)
    const live = streamIds(sdp)
    for (const id of [...this.streams.keys()]) {
      if (!live.has(id)) this.streams.delete(id)
    }
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
  }

  private release(): void {
    this.closeConnections()
    for (const stream of [this.local, this.screenStream]) stream?.getTracks().forEach((t) => t.stop())
    this.local = this.screenStream = null
    this.audio = this.video = false
    this.feeds = []
    this.fallback = null
    this.reconnecting = false
    this.phase = 'idle'
    this.changed()
  }

  private onSpeaking(participant: string, speaking: boolean): void {
    if (speaking) this.speaking.add(participant)
    else this.speaking.delete(participant)
    this.changed()
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

/** The stream ids (msid) of a session description's active media sections. */
function streamIds(sdp: string): Set<string> {
  return new Set(sdp.split(/\r?\n(?=m=)/).slice(1).filter((s) => !/^a=inactive/m.test(s))
    .flatMap((s) => /^a=msid:(\S+)/m.exec(s)?.[1] ?? []))
}
