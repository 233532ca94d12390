import { defineMessages } from '@/i18n/define';

/** Who else has the same customer open (`presence.*`). */
export default defineMessages({
  en: { alsoViewing: 'Also viewing: {names}', separator: ', ' },
  fa: { alsoViewing: 'در حال مشاهده توسط دیگران: {names}', separator: '، ' },
  'zh-CN': { alsoViewing: '同时在查看：{names}', separator: '、' },
  ro: { alsoViewing: 'Mai vizualizează: {names}', separator: ', ' },
  hu: { alsoViewing: 'Még megtekinti: {names}', separator: ', ' },
});
