import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Participant } from '../api/types'
import { Call } from './Call'
import { CONVERSATION, FakePeerConnection, FakeSignaling, FakeTrack, fakeMedia, janusOffer, until } from './fakes'

const ALL = ['start_call', 'join_call', 'publish_audio', 'publish_video', 'share_screen']

function setUp(options: { answerPublish?: boolean; permissions?: string[] } = {}) {
  const signaling = new FakeSignaling(options.answerPublish ?? true)
  const media = fakeMedia()
  const call = new Call({ conversation: CONVERSATION, me: 'me', permissions: () => options.permissions ?? ALL, signaling, media, onChange: () => undefined })
  return { signaling, media, call }
}

/** Joined, camera published and answered, subscribed. */
async function joined(options: { permissions?: string[] } = {}) {
  const t = setUp(options)
  await t.call.join()
  return t
}

function participant(id: string, fields: Partial<Participant> = {}): Participant {
  return { participantId: id, kind: 'user', role: 'member', name: id, online: true, inCall: true, audio: true, video: true, screen: false, ...fields }
}

const pc = (i: number) => FakePeerConnection.created[i]

/** Each received stream as "participant feed" ("null null": nobody's yet). */
const whose = (call: Call) => Object.fromEntries(call.view().remote.map((r) => [r.id, `${r.participantId} ${r.feed}`]))

beforeEach(() => {
  FakePeerConnection.created.length = 0
})

afterEach(() => {
  vi.useRealTimers()
})

describe('Call', () => {
  it('joins: call-join with the camera starting meanwhile, then subscribes and offers the camera at once, its candidates after the answer; answers each offer on one PeerConnection', async () => {
    const { signaling, media, call } = setUp({ answerPublish: false })
    const joining = call.join()
    await until(() => signaling.mediaSent('publish').length)

    expect(media.userMedia).toHaveBeenCalledWith({ audio: true, video: { width: { ideal: 960 }, height: { ideal: 540 } } })
    expect(signaling.sent.map((f) => f.type)).toEqual(['call-join', 'media', 'media'])
    expect(signaling.sent[0]).toEqual({ type: 'call-join', conversation: CONVERSATION, audio: true, video: true })
    expect(signaling.mediaSent('subscribe')).toEqual([{ type: 'media', conversation: CONVERSATION, kind: 'subscribe' }])
    const camera = pc(0)
    expect(camera.config).toEqual({ iceServers: [{ urls: ['stun:stun.example:3478'] }] })
    expect(camera.transceivers.map((t) => [t.track?.kind, t.init?.direction])).toEqual([['audio', 'sendonly'], ['video', 'sendonly']])
    expect(camera.transceivers[1].init?.sendEncodings?.map((e) => e.rid)).toEqual(['h', 'm', 'l'])
    expect(signaling.mediaSent('publish')).toEqual([{ type: 'media', conversation: CONVERSATION, kind: 'publish', feed: 'camera', sdp: 'offer pc1 #1' }])

    // the offer left before any candidate: they wait for the answer
    const host = { candidate: 'candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host', sdpMid: '0' }
    camera.gather(host)
    expect(signaling.mediaSent('candidate')).toEqual([])
    signaling.media('answer', { feed: 'camera', sdp: 'janus answer' })
    await joining
    expect(camera.remoteDescription).toEqual({ type: 'answer', sdp: 'janus answer' })
    expect(signaling.mediaSent('candidate')).toEqual([{ type: 'media', conversation: CONVERSATION, kind: 'candidate', feed: 'camera', candidate: host }])
    camera.gather(null)
    expect(signaling.mediaSent('candidate')).toHaveLength(2)

    const first = janusOffer([['0', 'audio', '11'], ['1', 'video', '11']])
    signaling.media('offer', { sdp: first })
    await until(() => signaling.mediaSent('answer').length)
    const subscription = pc(1)
    expect(call.subscription()).toBe(subscription)
    expect(subscription.remoteDescription).toEqual({ type: 'offer', sdp: first })
    expect(signaling.mediaSent('answer')).toEqual([{ type: 'media', conversation: CONVERSATION, kind: 'answer', sdp: subscription.localDescription!.sdp }])
    expect(subscription.localDescription!.sdp).toContain('a=setup:passive\r\n') // Janus starts DTLS: see Call.answer

    const again = janusOffer([['0', 'audio', '11'], ['1', 'video', '11'], ['2', 'video', '22']])
    signaling.media('offer', { sdp: again })
    await until(() => signaling.mediaSent('answer').length === 2)
    expect(FakePeerConnection.created).toHaveLength(2)
    expect(subscription.remoteDescription).toEqual({ type: 'offer', sdp: again })
  })

  it('turns the microphone off: the track, a configure without audio, and call-media for everyone', async () => {
    const { signaling, call } = await joined()
    const mic = pc(0).transceivers[0].track!

    call.setMicrophone(false)

    expect(mic.enabled).toBe(false)
    expect(signaling.mediaSent('configure')).toEqual([{ type: 'media', conversation: CONVERSATION, kind: 'configure', feed: 'camera', audio: false, video: true }])
    expect(signaling.sent.at(-1)).toEqual({ type: 'call-media', conversation: CONVERSATION, audio: false, video: true, screen: false })
    expect(call.view().audio).toBe(false)
  })

  it('publishes and subscribes again on new PeerConnections when told to republish', async () => {
    const { signaling, call } = await joined()
    signaling.media('offer', { sdp: janusOffer([['0', 'audio', '11']]) })
    await until(() => signaling.mediaSent('answer').length)
    const [camera, subscription] = FakePeerConnection.created

    signaling.media('republish', { reason: 'The media server of this call failed' })
    expect(call.view().notice).toEqual({ key: 'call.reconnecting' })
    await until(() => signaling.mediaSent('subscribe').length === 2)

    expect(camera.closed && subscription.closed).toBe(true)
    const again = pc(2)
    expect(again.transceivers.map((t) => t.track)).toEqual(camera.transceivers.map((t) => t.track))
    expect(signaling.mediaSent('publish').map((f) => f.sdp)).toEqual(['offer pc1 #1', 'offer pc3 #1'])
    expect(again.remoteDescription).toEqual({ type: 'answer', sdp: 'janus answer to offer pc3 #1' })
    expect(call.publishers()).toEqual([again])
    expect(call.view().notice).toBeNull()
  })

  it('joins the call and subscribes while the camera is still starting, and publishes it once it has started', async () => {
    const { signaling, media, call } = setUp()
    let started: (s: unknown) => void = () => undefined
    const real = media.userMedia.getMockImplementation()!
    media.userMedia.mockImplementationOnce((c: MediaStreamConstraints) => new Promise((resolve) => { started = () => resolve(real(c)) }))
    const joining = call.join()
    await until(() => signaling.mediaSent('subscribe').length)

    expect(signaling.sent.map((f) => f.type)).toEqual(['call-join', 'media'])
    expect(call.view().phase).toBe('joined')
    expect(signaling.mediaSent('publish')).toEqual([])
    started(undefined)
    await joining
    expect(signaling.mediaSent('publish')).toHaveLength(1)
    expect(signaling.sent.filter((f) => f.type === 'call-media')).toEqual([])
  })

  it('stops the camera that starts after the call was left while joining', async () => {
    const { signaling, media, call } = setUp()
    let started: (s: unknown) => void = () => undefined
    const real = media.userMedia.getMockImplementation()!
    let stream: MediaStream | undefined
    media.userMedia.mockImplementationOnce((c: MediaStreamConstraints) => new Promise((resolve) => {
      started = async () => { stream = await real(c); resolve(stream) }
    }))
    const joining = call.join()
    await until(() => signaling.mediaSent('subscribe').length)
    await call.leave()
    started(undefined)
    await joining

    expect(stream!.getTracks().map((t) => (t as unknown as FakeTrack).stopped)).toEqual([true, true])
    expect(signaling.mediaSent('publish')).toEqual([])
    expect(call.view().phase).toBe('idle')
  })

  it('listens only when neither camera and microphone nor the microphone alone can be had', async () => {
    const { signaling, media, call } = setUp()
    media.userMedia.mockRejectedValue(new DOMException('Permission denied', 'NotAllowedError'))

    await call.join()

    expect(media.userMedia.mock.calls.map(([c]) => c)).toEqual([{ audio: true, video: { width: { ideal: 960 }, height: { ideal: 540 } } }, { audio: true }])
    // joined as what the permissions allow, then told the call what could be had
    expect(signaling.sent[0]).toEqual({ type: 'call-join', conversation: CONVERSATION, audio: true, video: true })
    expect(signaling.sent.filter((f) => f.type === 'call-media')).toEqual([{ type: 'call-media', conversation: CONVERSATION, audio: false, video: false, screen: false }])
    expect(signaling.mediaSent('publish')).toEqual([])
    expect(signaling.mediaSent('subscribe')).toHaveLength(1)
    expect(FakePeerConnection.created).toHaveLength(0)
    expect(call.view()).toMatchObject({ phase: 'joined', local: null, notice: { key: 'call.listenOnly' } })
  })

  it('falls back to the microphone alone and publishes audio only', async () => {
    const { signaling, media, call } = setUp()
    media.userMedia.mockRejectedValueOnce(new DOMException('No camera', 'NotFoundError'))

    await call.join()

    expect(signaling.sent.filter((f) => f.type === 'call-media')).toEqual([{ type: 'call-media', conversation: CONVERSATION, audio: true, video: false, screen: false }])
    expect(pc(0).transceivers.map((t) => t.track?.kind)).toEqual(['audio'])
    expect(call.view().notice).toEqual({ key: 'call.audioOnly' })
  })

  it('asks only for what the permissions allow', async () => {
    const { signaling, media } = await joined({ permissions: ['join_call', 'publish_audio'] })
    expect(media.userMedia).toHaveBeenCalledWith({ audio: true, video: false })
    expect(signaling.sent[0]).toMatchObject({ audio: true, video: false })
  })

  it('matches each received stream to the feed that names its stream id, in whatever order the feeds signal lists them', async () => {
    const { signaling, call } = await joined()
    // my own feed is listed too, and not in my subscription
    signaling.media('feeds', { feeds: [
      { participantId: 'bob', session: 'sb', feed: 'camera', audio: true, video: true, stream: 'J3' },
      { participantId: 'me', session: 'sm', feed: 'camera', audio: true, video: true, stream: 'J0' },
      { participantId: 'bob', session: 'sb', feed: 'screen', audio: false, video: true, stream: 'J2' },
      { participantId: 'carol', session: 'sc', feed: 'camera', audio: true, video: true, stream: 'J1' },
    ] })
    signaling.media('offer', { sdp: janusOffer([['0', 'audio', 'J1'], ['1', 'video', 'J1'], ['2', 'video', 'J2'], ['3', 'audio', 'J3'], ['4', 'video', 'J3']]) })
    await until(() => signaling.mediaSent('answer').length)

    expect(whose(call)).toEqual({ J1: 'carol camera', J2: 'bob screen', J3: 'bob camera' })
  })

  it('matches a newcomer whose feed Janus puts on the m-lines of one that left, by its new stream id', async () => {
    const { signaling, call } = await joined()
    signaling.media('feeds', { feeds: [
      { participantId: 'bob', session: 'sb', feed: 'camera', audio: true, video: true, stream: 'J1' },
      { participantId: 'carol', session: 'sc', feed: 'camera', audio: true, video: true, stream: 'J2' },
    ] })
    signaling.media('offer', { sdp: janusOffer([['0', 'audio', 'J1'], ['1', 'video', 'J1'], ['2', 'audio', 'J2'], ['3', 'video', 'J2']]) })
    await until(() => signaling.mediaSent('answer').length)
    expect(whose(call)).toEqual({ J1: 'bob camera', J2: 'carol camera' })

    // bob leaves and dave comes: Janus reuses bob's m-lines for dave's feed
    signaling.media('feeds', { feeds: [
      { participantId: 'dave', session: 'sd', feed: 'camera', audio: true, video: true, stream: 'J4' },
      { participantId: 'carol', session: 'sc', feed: 'camera', audio: true, video: true, stream: 'J2' },
    ] })
    signaling.media('offer', { sdp: janusOffer([['0', 'audio', 'J4'], ['1', 'video', 'J4'], ['2', 'audio', 'J2'], ['3', 'video', 'J2']]) })
    await until(() => signaling.mediaSent('answer').length === 2)

    expect(whose(call)).toEqual({ J4: 'dave camera', J2: 'carol camera' })
  })

  it('leaves a stream no feed names unmatched, whoever is in the call or speaks, until a feeds signal names it', async () => {
    const { signaling, call } = await joined()
    // carol's feed is still to come to my subscription; J2 is a feed newer than this signal
    signaling.media('feeds', { feeds: [
      { participantId: 'bob', session: 'sb', feed: 'camera', audio: true, video: true, stream: 'J1' },
      { participantId: 'carol', session: 'sc', feed: 'camera', audio: true, video: true, stream: 'J3' },
    ] })
    signaling.media('offer', { sdp: janusOffer([['0', 'audio', 'J1'], ['1', 'video', 'J1'], ['2', 'audio', 'J2'], ['3', 'video', 'J2']]) })
    await until(() => signaling.mediaSent('answer').length)
    expect(whose(call)).toEqual({ J1: 'bob camera', J2: 'null null' })

    call.setParticipants([participant('me'), participant('bob'), participant('carol'), participant('dave')])
    signaling.deliver({ type: 'speaking', conversation: CONVERSATION, participant: 'dave', speaking: true })
    expect(whose(call)).toEqual({ J1: 'bob camera', J2: 'null null' })
    expect(call.view().speaking.has('dave')).toBe(true)

    signaling.media('feeds', { feeds: [
      { participantId: 'bob', session: 'sb', feed: 'camera', audio: true, video: true, stream: 'J1' },
      { participantId: 'carol', session: 'sc', feed: 'camera', audio: true, video: true, stream: 'J3' },
      { participantId: 'dave', session: 'sd', feed: 'camera', audio: true, video: true, stream: 'J2' },
    ] })
    expect(whose(call)).toEqual({ J1: 'bob camera', J2: 'dave camera' })
  })

  it('shares the screen as a second feed without simulcast, and stops when the browser ends the share', async () => {
    const { signaling, media, call } = await joined()

    await call.shareScreen()

    expect(media.displayMedia).toHaveBeenCalledWith({ video: true })
    const screen = pc(1)
    const track = screen.transceivers[0].track!
    expect(track.contentHint).toBe('detail')
    expect(screen.transceivers.map((t) => [t.track?.kind, t.init?.direction, t.init?.sendEncodings])).toEqual([['video', 'sendonly', undefined]])
    expect(signaling.mediaSent('publish').at(-1)).toMatchObject({ feed: 'screen', sdp: 'offer pc2 #1' })
    expect(screen.remoteDescription?.type).toBe('answer')
    expect(signaling.sent.at(-1)).toEqual({ type: 'call-media', conversation: CONVERSATION, audio: true, video: true, screen: true })
    expect(call.screenConnection()).toBe(screen)

    track.dispatchEvent(new Event('ended'))

    expect(signaling.mediaSent('unpublish')).toEqual([{ type: 'media', conversation: CONVERSATION, kind: 'unpublish', feed: 'screen' }])
    expect(signaling.sent.at(-1)).toMatchObject({ type: 'call-media', screen: false })
    expect(screen.closed).toBe(true)
    expect(call.screenConnection()).toBeNull()
  })

  it('restarts ICE of a published feed whose connection failed, and asks the subscription again', async () => {
    const { signaling } = await joined()
    signaling.media('offer', { sdp: janusOffer([['0', 'audio', '11']]) })
    await until(() => signaling.mediaSent('answer').length)

    pc(0).fail()
    await until(() => signaling.mediaSent('restart').length)
    expect(pc(0).offerOptions.at(-1)).toEqual({ iceRestart: true })
    expect(signaling.mediaSent('restart')).toEqual([{ type: 'media', conversation: CONVERSATION, kind: 'restart', feed: 'camera', sdp: 'offer pc1 #2' }])

    pc(1).fail()
    expect(signaling.mediaSent('subscribe')).toHaveLength(2)
  })

  it('leaves: call-leave, every PeerConnection closed and every track stopped', async () => {
    const { signaling, call } = await joined()
    await call.shareScreen()
    const tracks = FakePeerConnection.created.flatMap((p) => p.transceivers.map((t) => t.track!))

    await call.leave()

    expect(signaling.sent.filter((f) => f.type === 'call-leave')).toEqual([{ type: 'call-leave', conversation: CONVERSATION }])
    expect(FakePeerConnection.created.every((p) => p.closed)).toBe(true)
    expect(tracks.every((t) => t.stopped)).toBe(true)
    expect(call.view().phase).toBe('idle')
  })

  it("turns my microphone off when a moderator mutes me, and leaves when they remove me", async () => {
    const { signaling, call } = await joined()
    call.setParticipants([participant('me'), participant('bob')])

    call.setParticipants([participant('me', { audio: false }), participant('bob')])
    expect(pc(0).transceivers[0].track!.enabled).toBe(false)
    expect(signaling.mediaSent('configure').at(-1)).toMatchObject({ audio: false })
    expect(call.view().flash).toEqual({ key: 'call.mutedByModerator' })

    call.setParticipants([participant('me', { audio: false, inCall: false }), participant('bob')])
    expect(pc(0).closed).toBe(true)
    expect(call.view().phase).toBe('idle')
  })

  it('shows a bad connection until 5 s after the last warning', () => {
    vi.useFakeTimers()
    const { signaling, call } = setUp()
    const warn = () => signaling.deliver({ type: 'bad-connection', conversation: CONVERSATION, participant: 'bob', feed: 'camera' })

    warn()
    vi.advanceTimersByTime(4_000)
    warn()
    vi.advanceTimersByTime(4_000)
    expect(call.view().badConnection.has('bob')).toBe(true)
    vi.advanceTimersByTime(1_100)
    expect(call.view().badConnection.has('bob')).toBe(false)
  })

  it('plays no part in another conversation', async () => {
    const { signaling, call } = await joined()
    signaling.deliver({ type: 'media', conversation: 'other', kind: 'republish' })
    signaling.deliver({ type: 'bad-connection', conversation: 'other', participant: 'bob', feed: 'camera' })
    expect(signaling.mediaSent('publish')).toHaveLength(1)
    expect(call.view().badConnection.size).toBe(0)
  })
})

