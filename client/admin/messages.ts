import { defineMessages } from '@/i18n/define';

/** The back office's section tabs beside the floor (`admin.*`). */
export default defineMessages({
  en: {
    nav: 'Back office',
    sections: {
      floor: 'Floor',
      campaigns: 'Campaigns',
      offers: 'Offers',
      cannedReplies: 'Canned replies',
      import: 'Import',
      duplicates: 'Duplicates',
      audit: 'Audit log',
      privacy: 'Privacy',
      users: 'Users',
    },
  },
  fa: {
    nav: 'بخش‌های مدیریت',
    sections: {
      floor: 'سالن عملیات',
      campaigns: 'کمپین‌ها',
      offers: 'پیشنهادها',
      cannedReplies: 'پاسخ‌های آماده',
      import: 'ورود اطلاعات',
      duplicates: 'موارد تکراری',
      audit: 'گزارش ممیزی',
      privacy: 'حریم خصوصی',
      users: 'کاربران',
    },
  },
  'zh-CN': {
    nav: '后台管理',
    sections: {
      floor: '现场监控',
      campaigns: '外呼活动',
      offers: '推荐方案',
      cannedReplies: '快捷回复',
      import: '导入',
      duplicates: '重复记录',
      audit: '审计日志',
      privacy: '隐私',
      users: '用户',
    },
  },
  ro: {
    nav: 'Administrare',
    sections: {
      floor: 'Monitorizare live',
      campaigns: 'Campanii',
      offers: 'Oferte',
      cannedReplies: 'Răspunsuri predefinite',
      import: 'Import',
      duplicates: 'Duplicate',
      audit: 'Jurnal de audit',
      privacy: 'Confidențialitate',
      users: 'Utilizatori',
    },
  },
  hu: {
    nav: 'Háttériroda',
    sections: {
      floor: 'Élő nézet',
      campaigns: 'Kampányok',
      offers: 'Ajánlatok',
      cannedReplies: 'Sablonválaszok',
      import: 'Importálás',
      duplicates: 'Duplikátumok',
      audit: 'Auditnapló',
      privacy: 'Adatvédelem',
      users: 'Felhasználók',
    },
  },
});
