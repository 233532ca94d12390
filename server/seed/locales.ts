import type { Rng } from './random.js';

/*
 * Country data for the demo customers: names, cities, streets and phone plans. Phone prefixes are real
 * numbering ranges so that libphonenumber-js accepts the numbers; UK landlines use Ofcom's drama ranges.
 */

export type Country = 'GB' | 'FR' | 'DE' | 'RO' | 'HU' | 'IR' | 'CN';

export interface City {
  name: string;
  region: string;
  postcode: (rng: Rng) => string;
  /** National landline prefix after the country code, and how many random digits follow it. */
  landline: [prefix: string, digits: number];
  /** The demo retailer's store serving the city. */
  store: string;
}

export interface Locale {
  country: Country;
  callingCode: string;
  language: string;
  timezone: string;
  male: readonly string[];
  female: readonly string[];
  last: readonly string[];
  cities: readonly City[];
  street: (rng: Rng) => string;
  /** Mobile prefixes after the country code, each with how many random digits follow it. */
  mobile: ReadonlyArray<[prefix: string, digits: number]>;
  /** How a company name is built from a surname or city and an industry word; `family` firms always use the surname. */
  company: (rng: Rng, last: string, city: string, word: string, family: boolean) => string;
  /** A person's name as the country writes it (Hungarian and Chinese put the family name first); default "first last". */
  fullName?: (first: string, last: string) => string;
  /** Whether some households carry names from another country (people move); the others always use their own. */
  mixedNames?: boolean;
}

/** A person's full name in the order and spacing of the country whose names they carry. */
export const fullNameIn = (names: Locale, first: string, last: string) => names.fullName?.(first, last) ?? `${first} ${last}`;

/** Persian digits, for house numbers written in a Persian address. */
const faDigits = (n: number | string) => String(n).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);

const words = (s: string) => s.split(' ');
const list = (s: string) => s.split('|');
const num = (rng: Rng) => rng.int(1, 180);
const pad = (n: number, len: number) => String(n).padStart(len, '0');
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const ukPost = (...areas: string[]) => (rng: Rng) =>
  `${rng.pick(areas)}${rng.int(1, 20)} ${rng.int(1, 9)}${rng.pick([...LETTERS])}${rng.pick([...LETTERS])}`;
const range = (from: number, to: number, len = 5) => (rng: Rng) => pad(rng.int(from, to), len);
const oneOf = (...codes: string[]) => (rng: Rng) => rng.pick(codes);

const GB_STREETS = list('High Street|Station Road|Church Lane|Victoria Road|Park Avenue|Mill Lane|King Street|Queens Road|Manor Way|Elm Grove|The Crescent');
const FR_STREETS = list('rue de la République|avenue Jean Jaurès|rue Victor Hugo|boulevard Voltaire|rue des Lilas|rue Pasteur|avenue de la Gare|rue du Moulin');
const DE_STREETS = list('Hauptstraße|Bahnhofstraße|Gartenstraße|Schulstraße|Dorfstraße|Lindenstraße|Bergstraße|Goethestraße|Schillerstraße|Kirchweg');
const RO_STREETS = list('Strada Victoriei|Bulevardul Unirii|Strada Mihai Eminescu|Calea Dorobanților|Strada Avram Iancu|Bulevardul Independenței|Strada Florilor');
const HU_STREETS = list('Petőfi utca|Kossuth Lajos utca|Rákóczi út|Dózsa György út|Ady Endre utca|Arany János utca|Fő utca|Jókai utca|Széchenyi tér');

const GB: Locale = {
  country: 'GB',
  callingCode: '44',
  language: 'en',
  timezone: 'Europe/London',
  male: words('James Oliver Harry George Thomas William Jack Daniel Samuel Matthew David Michael Christopher Andrew Richard Mohammed Arjun Liam Ethan Joseph'),
  female: words('Olivia Amelia Emily Sophie Charlotte Jessica Hannah Sarah Emma Lucy Grace Rebecca Laura Chloe Priya Aisha Megan Katie Eleanor Rachel'),
  last: words('Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Patel Khan Hughes Edwards Harrison Murphy Campbell Stewart'),
  cities: [
    { name: 'London', region: 'Greater London', postcode: ukPost('E', 'N', 'SE', 'SW', 'W', 'NW'), landline: ['2079460', 3], store: 'London Oxford Street' },
    { name: 'Manchester', region: 'Greater Manchester', postcode: ukPost('M'), landline: ['1614960', 3], store: 'Manchester Arndale' },
    { name: 'Birmingham', region: 'West Midlands', postcode: ukPost('B'), landline: ['1214960', 3], store: 'Birmingham Bullring' },
    { name: 'Leeds', region: 'West Yorkshire', postcode: ukPost('LS'), landline: ['1134960', 3], store: 'Leeds Trinity' },
    { name: 'Bristol', region: 'Bristol', postcode: ukPost('BS'), landline: ['1174960', 3], store: 'Bristol Cabot Circus' },
    { name: 'Edinburgh', region: 'Scotland', postcode: ukPost('EH'), landline: ['1314960', 3], store: 'Edinburgh Princes Street' },
    { name: 'Glasgow', region: 'Scotland', postcode: ukPost('G'), landline: ['1414960', 3], store: 'Glasgow Buchanan Galleries' },
    { name: 'Cardiff', region: 'Wales', postcode: ukPost('CF'), landline: ['2920180', 3], store: 'Cardiff St David\'s' },
  ],
  street: (rng) => `${num(rng)} ${rng.pick(GB_STREETS)}`,
  mobile: [['77000', 5], ['77001', 5], ['7400', 6], ['7825', 6], ['7956', 6], ['7970', 6]],
  company: (rng, last, city, word, family) => (family || rng.chance(0.5) ? `${last} ${word} Ltd` : `${city} ${word} Ltd`),
  mixedNames: true,
};

const FR: Locale = {
  country: 'FR',
  callingCode: '33',
  language: 'fr',
  timezone: 'Europe/Paris',
  male: words('Jean Pierre Louis Nicolas Julien Antoine Thomas Mathieu Olivier François Hugo Lucas Théo Étienne Mehdi Sébastien Laurent Philippe'),
  female: words('Marie Camille Léa Chloé Manon Julie Sophie Émilie Claire Inès Céline Élodie Nathalie Isabelle Aurélie Margaux Anaïs Sarah'),
  last: words('Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet Faure'),
  cities: [
    { name: 'Paris', region: 'Île-de-France', postcode: (rng) => `750${pad(rng.int(1, 20), 2)}`, landline: ['1', 8], store: 'Paris La Défense' },
    { name: 'Lyon', region: 'Auvergne-Rhône-Alpes', postcode: (rng) => `6900${rng.int(1, 9)}`, landline: ['4', 8], store: 'Lyon Part-Dieu' },
    { name: 'Marseille', region: 'Provence-Alpes-Côte d\'Azur', postcode: (rng) => `130${pad(rng.int(1, 16), 2)}`, landline: ['4', 8], store: 'Marseille Terrasses du Port' },
    { name: 'Toulouse', region: 'Occitanie', postcode: oneOf('31000', '31100', '31200', '31300', '31400', '31500'), landline: ['5', 8], store: 'Toulouse Blagnac' },
    { name: 'Lille', region: 'Hauts-de-France', postcode: oneOf('59000', '59160', '59260', '59800'), landline: ['3', 8], store: 'Lille Euralille' },
    { name: 'Nantes', region: 'Pays de la Loire', postcode: oneOf('44000', '44100', '44200', '44300'), landline: ['2', 8], store: 'Nantes Atlantis' },
  ],
  street: (rng) => `${num(rng)} ${rng.pick(FR_STREETS)}`,
  mobile: [['6', 8], ['7', 8]],
  company: (rng, last, _city, word) => (rng.chance(0.5) ? `${word} ${last} SARL` : `${word} ${last} SAS`),
  mixedNames: true,
};

const DE: Locale = {
  country: 'DE',
  callingCode: '49',
  language: 'de',
  timezone: 'Europe/Berlin',
  male: words('Lukas Leon Maximilian Felix Jonas Paul Jan Tobias Michael Thomas Stefan Andreas Markus Florian Sebastian Jürgen Klaus Uwe'),
  female: words('Anna Lena Laura Julia Sarah Lea Hannah Katharina Sabine Petra Claudia Jana Sophie Ursula Monika Birgit Jessica Franziska'),
  last: words('Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Werner Krause Weiß'),
  cities: [
    { name: 'Berlin', region: 'Berlin', postcode: range(10115, 14199), landline: ['30', 8], store: 'Berlin Alexanderplatz' },
    { name: 'Hamburg', region: 'Hamburg', postcode: range(20095, 22769), landline: ['40', 8], store: 'Hamburg Mönckebergstraße' },
    { name: 'München', region: 'Bayern', postcode: range(80331, 81929), landline: ['89', 8], store: 'München Pasing' },
    { name: 'Köln', region: 'Nordrhein-Westfalen', postcode: range(50667, 51149), landline: ['221', 7], store: 'Köln Hohe Straße' },
    { name: 'Frankfurt am Main', region: 'Hessen', postcode: range(60306, 60599), landline: ['69', 8], store: 'Frankfurt Zeil' },
    { name: 'Stuttgart', region: 'Baden-Württemberg', postcode: range(70173, 70619), landline: ['711', 7], store: 'Stuttgart Königstraße' },
  ],
  street: (rng) => `${rng.pick(DE_STREETS)} ${num(rng)}`,
  mobile: [['151', 8], ['160', 7], ['170', 7], ['176', 8]],
  company: (rng, last, _city, word) => (rng.chance(0.7) ? `${last} ${word} GmbH` : `${last} ${word} GmbH & Co. KG`),
  mixedNames: true,
};

const RO: Locale = {
  country: 'RO',
  callingCode: '40',
  language: 'ro',
  timezone: 'Europe/Bucharest',
  male: words('Andrei Alexandru Ion Mihai Ștefan Gabriel Adrian Cristian Florin Bogdan Vlad Radu Ionuț Marius Daniel Cătălin Sorin Dumitru'),
  female: words('Maria Elena Ioana Ana Andreea Alexandra Cristina Mihaela Gabriela Raluca Diana Irina Simona Roxana Oana Bianca Larisa Anca'),
  last: words('Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu Munteanu Constantin Marin Tudor Lungu Moldovan Dobre Barbu Nistor Florea Ene Mocanu Diaconu Tănase Neagu Sârbu'),
  cities: [
    { name: 'București', region: 'București', postcode: (rng) => `0${rng.int(1, 6)}${rng.digits(4)}`, landline: ['21', 7], store: 'București AFI Cotroceni' },
    { name: 'Cluj-Napoca', region: 'Cluj', postcode: (rng) => `400${rng.digits(3)}`, landline: ['264', 6], store: 'Cluj Iulius Mall' },
    { name: 'Timișoara', region: 'Timiș', postcode: (rng) => `300${rng.digits(3)}`, landline: ['256', 6], store: 'Timișoara Iulius Town' },
    { name: 'Iași', region: 'Iași', postcode: (rng) => `700${rng.digits(3)}`, landline: ['232', 6], store: 'Iași Palas' },
    { name: 'Brașov', region: 'Brașov', postcode: (rng) => `500${rng.digits(3)}`, landline: ['268', 6], store: 'Brașov Coresi' },
  ],
  // Flats in a block (bloc, apartament) are how much of urban Romania lives.
  street: (rng) => `${rng.pick(RO_STREETS)} ${num(rng)}${rng.chance(0.4) ? `, bl. ${rng.pick([...'ABCD'])}${rng.int(1, 9)}, ap. ${rng.int(1, 60)}` : ''}`,
  mobile: [['72', 7], ['74', 7], ['75', 7], ['76', 7], ['78', 7]],
  company: (_rng, last, _city, word) => `${word} ${last} SRL`,
};

const HU: Locale = {
  country: 'HU',
  callingCode: '36',
  language: 'hu',
  timezone: 'Europe/Budapest',
  male: words('László István József Zoltán Sándor Gábor Ferenc Attila Péter Tamás Zsolt Balázs Bence Máté Dávid Ádám Levente Csaba'),
  female: words('Mária Erzsébet Katalin Éva Ilona Anna Zsuzsanna Judit Ágnes Eszter Andrea Krisztina Réka Anikó Zsófia Dóra Nóra Viktória'),
  last: words('Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár Németh Farkas Balogh Papp Takács Juhász Lakatos Mészáros Oláh Simon Rácz Fekete Szilágyi Török Fehér Balázs Gál Kis Szűcs Kocsis'),
  cities: [
    { name: 'Budapest', region: 'Budapest', postcode: (rng) => `1${pad(rng.int(1, 23), 2)}${rng.int(1, 9)}`, landline: ['1', 7], store: 'Budapest WestEnd' },
    { name: 'Debrecen', region: 'Hajdú-Bihar', postcode: range(4024, 4032, 4), landline: ['52', 6], store: 'Debrecen Fórum' },
    { name: 'Szeged', region: 'Csongrád-Csanád', postcode: range(6720, 6728, 4), landline: ['62', 6], store: 'Szeged Árkád' },
    { name: 'Pécs', region: 'Baranya', postcode: range(7621, 7633, 4), landline: ['72', 6], store: 'Pécs Árkád' },
    { name: 'Győr', region: 'Győr-Moson-Sopron', postcode: range(9021, 9029, 4), landline: ['96', 6], store: 'Győr Árkád' },
  ],
  street: (rng) => `${rng.pick(HU_STREETS)} ${num(rng)}.`,
  mobile: [['20', 7], ['30', 7], ['70', 7]],
  company: (_rng, last, _city, word) => `${last} ${word} Kft.`,
  // Hungarian names read family name first: Nagy László.
  fullName: (first, last) => `${last} ${first}`,
};

// Iran: names, cities and streets in Persian script, house numbers (پلاک) and units (واحد) in Persian digits.
const IR_STREETS = list('خیابان ولیعصر|خیابان انقلاب|خیابان آزادی|بلوار کشاورز|خیابان شریعتی|خیابان حافظ|خیابان فردوسی|خیابان بهار|بلوار میرداماد|خیابان چهارباغ');
const IR: Locale = {
  country: 'IR',
  callingCode: '98',
  language: 'fa',
  timezone: 'Asia/Tehran',
  male: words('محمد علی حسین رضا مهدی امیر حمید سعید آرش داریوش فرهاد بهرام کاوه سینا'),
  female: words('فاطمه زهرا مریم سارا نرگس لیلا شیرین مهسا نیلوفر پریسا الهام ترانه آزاده یاسمن'),
  last: words('محمدی حسینی رضایی احمدی کریمی موسوی جعفری رحیمی صادقی کاظمی هاشمی قاسمی نوری تهرانی شیرازی اکبری'),
  cities: [
    { name: 'تهران', region: 'استان تهران', postcode: (rng) => `1${rng.digits(4)}-${rng.digits(5)}`, landline: ['2188', 6], store: 'تهران ـ ایران‌مال' },
    { name: 'اصفهان', region: 'استان اصفهان', postcode: (rng) => `81${rng.digits(3)}-${rng.digits(5)}`, landline: ['3132', 6], store: 'اصفهان ـ سیتی‌سنتر' },
    { name: 'شیراز', region: 'استان فارس', postcode: (rng) => `71${rng.digits(3)}-${rng.digits(5)}`, landline: ['7136', 6], store: 'شیراز ـ مجتمع خلیج فارس' },
    { name: 'مشهد', region: 'استان خراسان رضوی', postcode: (rng) => `91${rng.digits(3)}-${rng.digits(5)}`, landline: ['5138', 6], store: 'مشهد ـ پروما' },
    { name: 'تبریز', region: 'استان آذربایجان شرقی', postcode: (rng) => `51${rng.digits(3)}-${rng.digits(5)}`, landline: ['4133', 6], store: 'تبریز ـ لاله پارک' },
  ],
  street: (rng) => `${rng.pick(IR_STREETS)}، پلاک ${faDigits(num(rng))}${rng.chance(0.5) ? `، واحد ${faDigits(rng.int(1, 24))}` : ''}`,
  mobile: [['912', 7], ['935', 7], ['919', 7], ['901', 7]],
  company: (rng, last, city, word, family) => (family || rng.chance(0.6) ? `${word} ${last}` : `${word} ${city}`),
};

// China: names, cities and streets in simplified Chinese; a name is family name then given name, unspaced.
const CN_STREETS = list('人民路|解放路|中山路|建设路|南京路|长安街|和平路|新华路|延安路|花园路');
const CN: Locale = {
  country: 'CN',
  callingCode: '86',
  language: 'zh',
  timezone: 'Asia/Shanghai',
  male: words('伟 强 磊 军 洋 勇 杰 涛 明 超 浩宇 俊杰 鹏 志强'),
  female: words('芳 娜 敏 静 丽 艳 娟 霞 婷 雪 颖 琳 慧 佳怡'),
  last: words('王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 高 罗'),
  cities: [
    { name: '北京', region: '北京市', postcode: range(100000, 102629, 6), landline: ['10', 8], store: '北京西单大悦城' },
    { name: '上海', region: '上海市', postcode: range(200000, 202100, 6), landline: ['21', 8], store: '上海南京东路' },
    { name: '广州', region: '广东省', postcode: range(510000, 511500, 6), landline: ['20', 8], store: '广州天河城' },
    { name: '深圳', region: '广东省', postcode: range(518000, 518133, 6), landline: ['755', 8], store: '深圳万象城' },
    { name: '成都', region: '四川省', postcode: range(610000, 611900, 6), landline: ['28', 8], store: '成都春熙路' },
  ],
  street: (rng) => `${rng.pick(CN_STREETS)}${num(rng)}号${rng.chance(0.6) ? `${rng.int(1, 12)}栋${rng.int(1, 30)}0${rng.int(1, 6)}室` : ''}`,
  mobile: [['138', 8], ['139', 8], ['186', 8], ['150', 8]],
  company: (rng, last, city, word, family) => (family || rng.chance(0.6) ? `${city}${last}氏${word}有限公司` : `${city}${word}有限公司`),
  fullName: (first, last) => `${last}${first}`,
};

export const LOCALES: Readonly<Record<Country, Locale>> = { GB, FR, DE, RO, HU, IR, CN };

/**
 * Where the demo customers live: the retailer is UK-first with continental branches, and serves Persian
 * and Chinese speakers (the console's own languages) from branches in Iran and China.
 */
export const COUNTRY_WEIGHTS: ReadonlyArray<readonly [Country, number]> = [
  ['GB', 34],
  ['FR', 12],
  ['DE', 12],
  ['RO', 12],
  ['HU', 12],
  ['IR', 9],
  ['CN', 9],
];

/** Latin spellings of the Persian and Chinese words the demo data uses, for e-mail addresses and web domains. */
const LATIN: Record<string, string> = {
  // Persian names, cities, industry words
  محمد: 'mohammad', علی: 'ali', حسین: 'hossein', رضا: 'reza', مهدی: 'mahdi', امیر: 'amir', حمید: 'hamid', سعید: 'saeed', آرش: 'arash',
  داریوش: 'dariush', فرهاد: 'farhad', بهرام: 'bahram', کاوه: 'kaveh', سینا: 'sina', فاطمه: 'fatemeh', زهرا: 'zahra', مریم: 'maryam',
  سارا: 'sara', نرگس: 'narges', لیلا: 'leila', شیرین: 'shirin', مهسا: 'mahsa', نیلوفر: 'niloufar', پریسا: 'parisa', الهام: 'elham',
  ترانه: 'taraneh', آزاده: 'azadeh', یاسمن: 'yasaman', محمدی: 'mohammadi', حسینی: 'hosseini', رضایی: 'rezaei', احمدی: 'ahmadi',
  کریمی: 'karimi', موسوی: 'mousavi', جعفری: 'jafari', رحیمی: 'rahimi', صادقی: 'sadeghi', کاظمی: 'kazemi', هاشمی: 'hashemi',
  قاسمی: 'ghasemi', نوری: 'nouri', تهرانی: 'tehrani', شیرازی: 'shirazi', اکبری: 'akbari', تهران: 'tehran', اصفهان: 'isfahan',
  شیراز: 'shiraz', مشهد: 'mashhad', تبریز: 'tabriz', هتل: 'hotel', رستوران: 'restaurant', دندانپزشکی: 'dental', حسابداری: 'hesabdari',
  املاک: 'amlak', فناوری: 'fanavari', اطلاعات: 'it', کافه: 'cafe', آموزشگاه: 'amoozeshgah',
  // Chinese names, cities, industry words
  伟: 'wei', 强: 'qiang', 磊: 'lei', 军: 'jun', 洋: 'yang', 勇: 'yong', 杰: 'jie', 涛: 'tao', 明: 'ming', 超: 'chao', 浩宇: 'haoyu',
  俊杰: 'junjie', 鹏: 'peng', 志强: 'zhiqiang', 芳: 'fang', 娜: 'na', 敏: 'min', 静: 'jing', 丽: 'li', 艳: 'yan', 娟: 'juan', 霞: 'xia',
  婷: 'ting', 雪: 'xue', 颖: 'ying', 琳: 'lin', 慧: 'hui', 佳怡: 'jiayi', 王: 'wang', 李: 'li', 张: 'zhang', 刘: 'liu', 陈: 'chen',
  杨: 'yang', 黄: 'huang', 赵: 'zhao', 吴: 'wu', 周: 'zhou', 徐: 'xu', 孙: 'sun', 马: 'ma', 朱: 'zhu', 胡: 'hu', 郭: 'guo', 何: 'he',
  林: 'lin', 高: 'gao', 罗: 'luo', 北京: 'beijing', 上海: 'shanghai', 广州: 'guangzhou', 深圳: 'shenzhen', 成都: 'chengdu',
  酒店: 'hotel', 餐饮: 'canyin', 口腔: 'dental', 财务: 'caiwu', 物业: 'wuye', 信息技术: 'it', 咖啡: 'coffee', 教育: 'edu', 氏: '', 有限公司: '',
};
const LATIN_KEYS = Object.keys(LATIN).sort((a, b) => b.length - a.length);

/** The Latin spelling of a Persian or Chinese name or company name (known words only); Latin text is kept. */
export function toLatin(text: string): string {
  let out = text;
  for (const key of LATIN_KEYS) if (out.includes(key)) out = out.split(key).join(` ${LATIN[key]} `);
  return out.replace(/\s+/g, ' ').trim();
}

/** Folds a name to what an e-mail local part or domain can hold: lower case ASCII letters only. */
export function asciiFold(text: string): string {
  return toLatin(text)
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
