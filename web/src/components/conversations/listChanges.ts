import { ref } from 'vue'

/** Bumped when this tab creates, joins or changes a conversation, so the conversation list fetches again at once. */
export const listVersion = ref(0)

export function conversationsChanged(): void {
  listVersion.value++
}
