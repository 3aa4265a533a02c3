export default {
  en: {} as Record<string, string>,
  fr: {} as Record<string, string>,
}
