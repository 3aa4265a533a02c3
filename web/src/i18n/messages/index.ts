import call from './call'
import chat from './chat'
import common from './common'
import conversations from './conversations'
import guest from './guest'

/** One file per area of the app ({ en, fr } each), merged. */
const areas = [common, conversations, chat, call, guest]

export const catalogs: Record<'en' | 'fr', Record<string, string>> = {
  en: Object.assign({}, ...areas.map((a) => a.en)),
  fr: Object.assign({}, ...areas.map((a) => a.fr)),
}
