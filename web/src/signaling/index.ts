import { session } from '../session'
import { SignalingClient, signalingUrl } from './SignalingClient'

/** The tab's signaling connection, opened once someone is logged in (or let in as a guest). */
let client: SignalingClient | null = null

export function signaling(): SignalingClient {
  if (!client) {
    client = new SignalingClient(signalingUrl(), () => session.token)
    client.connect().catch(() => undefined)
  }
  return client
}

export function closeSignaling(): void {
  client?.close()
  client = null
}
