import { defineMessages } from '@/i18n/define';

/** The back office's section tabs beside the floor (`admin.*`). */
export default defineMessages({
  en: {
    nav: 'Back office',
    sections: {
      floor: 'Floor',
      campaigns: 'Campaigns',
      offers: 'Offers',
      import: 'Import',
      duplicates: 'Duplicates',
      audit: 'Audit log',
      privacy: 'Privacy',
      users: 'Users',
      queueHours: 'Queue hours',
    },
  },
  fa: {
    nav: 'بخش‌های مدیریت',
    sections: {
      floor: 'سالن عملیات',
      campaigns: 'کمپین‌ها',
      offers: 'پیشنهادها',
      import: 'ورود اطلاعات',
      duplicates: 'موارد تکراری',
      audit: 'گزارش ممیزی',
      privacy: 'حریم خصوصی',
      users: 'کاربران',
      queueHours: 'ساعات کاری صف‌ها',
    },
  },
  'zh-CN': {
    nav: '后台管理',
    sections: {
      floor: '现场监控',
      campaigns: '外呼活动',
      offers: '推荐方案',
      import: '导入',
      duplicates: '重复记录',
      audit: '审计日志',
      privacy: '隐私',
      users: '用户',
      queueHours: '队列营业时间',
    },
  },
  ro: {
    nav: 'Administrare',
    sections: {
      floor: 'Monitorizare live',
      campaigns: 'Campanii',
      offers: 'Oferte',
      import: 'Import',
      duplicates: 'Duplicate',
      audit: 'Jurnal de audit',
      privacy: 'Confidențialitate',
      users: 'Utilizatori',
      queueHours: 'Program cozi',
    },
  },
  hu: {
    nav: 'Háttériroda',
    sections: {
      floor: 'Élő nézet',
      campaigns: 'Kampányok',
      offers: 'Ajánlatok',
      import: 'Importálás',
      duplicates: 'Duplikátumok',
      audit: 'Auditnapló',
      privacy: 'Adatvédelem',
      users: 'Felhasználók',
      queueHours: 'Sorok nyitvatartása',
    },
  },
});
