// Every string of the page's own interface, keyed. Policy texts (names, descriptions, citations,
// explanation steps, warnings, error messages) come from the engine and are not repeated here.
//
// An English (or other) version is a sibling file with the same keys; scripts/build-site.mjs fills
// the static page from it at build time, and the scripts import it at run time. Values are plain
// strings, or functions where a number or name has to be placed inside the sentence.

export default {
  lang: 'zh-CN',

  // Document head and header
  appName: '医保报销估算',
  appShortName: '医保估算',
  manifestDescription:
    '估算城乡居民基本医疗保险、大病保险、医疗救助的报销金额和个人自付，每个数字都注明政策依据。离线可用。',
  pageTitle: '医保报销估算 · 城乡居民基本医疗保险',
  pageDescription:
    '估算一年内住院和门诊费用中城乡居民基本医疗保险、大病保险、医疗救助各报销多少、个人自付多少，每个数字都注明政策依据。离线可用，数据不离开本机。',
  headerSubtitle: '城乡居民基本医疗保险 · 大病保险 · 医疗救助',
  intro:
    '选择参保地区，填写本年度的就诊费用，页面会随输入自动估算基本医保、大病保险和医疗救助各支付多少、个人自付多少，并列出每一步依据的文件条款。',
  privacyShort: '全部计算在您的设备上完成，不上传、不保存任何信息。',
  loading: '正在载入计算程序…',
  loadFailed: '计算程序未能载入。请检查网络后刷新页面；如果之前打开过本页，离线时也应能使用。',
  noscript: '本页面需要启用 JavaScript 才能计算。',
  noWasm: '这个浏览器不支持或关闭了 WebAssembly（例如开启了“锁定模式”），无法在本机计算。请换用其他浏览器，或关闭该限制后刷新。',
  oldBrowser: '这个浏览器版本太旧，无法运行估算。请更新浏览器或换用其他浏览器。',
  skipToResult: '跳到估算结果',
  newEstimate: '重新开始',

  // Error summary (GOV.UK pattern)
  errorSummaryTitle: '请更正以下内容',
  errorSummaryLinkless: '（此项无法在表单中定位）',
  badLink: '这个链接中的情景无法读取（可能被截断或改动过）。请重新获取链接，或直接在下面填写。',

  // Section 1: region, tier, groups
  sectionPolicy: '1. 参保地区和身份',
  policyLabel: '参保地区和年度',
  policyHint: '按参保所在地和医疗年度选择。',
  policyPlaceholder: '请选择',
  policyUnknown: (id) => `${id}（未知政策）`,
  policyAbout: '关于这项政策和依据的文件',
  draftTag: '征求意见稿',
  docNumber: '文号',
  docDate: '发布日期',
  docNoNumber: '文本未载明文号',
  tierLegend: '参保档次',
  tierUnknown: (id) => `${id}（不是本政策的档次）`,
  groupsLegend: '特殊身份（可多选）',
  groupsHint: '只列出本政策文件提到的身份；没有列出的身份在本政策下不影响计算。都不符合的，不用勾选。',
  groupsNone: '本政策文件没有规定特殊身份的待遇。',
  groupOther: '本政策未提及这一身份，不影响计算',
  groupUnknown: '无法识别的身份',
  groupQuote: (clause) => `文件原文（${clause}）`,
  groupNames: {
    registered_poor: '建档立卡贫困人口',
    dibao: '低保对象',
    tekun: '特困人员',
    severe_disability: '重度残疾人',
    assistance: '医疗救助对象',
    youfu: '优抚对象',
    cadre_spouse: '离休干部无固定收入的配偶',
    student_loan: '享受国家助学贷款的高校学生',
    relapsed_poor: '返贫致贫人口',
  },

  // Section 2: visits
  sectionVisits: '2. 本年度的就诊',
  visitsHint:
    '按时间先后填写同一医疗年度内的每次住院或门诊。起付标准和最高支付限额在一年内累计计算，所以顺序会影响每次的结果。',
  visitsEmpty: '还没有就诊记录。没有就诊时，只显示本年度的缴费。',
  visitLegend: (n) => `第${n}次就诊`,
  careLabel: '就诊类型',
  careNames: {
    inpatient: '住院',
    outpatient: '普通门诊',
    special_outpatient: '门诊慢特病',
  },
  careUnknown: (v) => `${v}（无法识别）`,
  levelLabel: '医院级别',
  levelPlaceholder: '请选择',
  levelNames: { 1: '一级医院', 2: '二级医院', 3: '三级医院' },
  levelUnknown: (v) => `${v}（无法识别）`,
  totalLabel: '医疗总费用（元）',
  totalHint: '结算单上的医疗费用总额。',
  excludedLabel: '政策范围外费用（可选）',
  excludedHint: '全自费和乙类先行自付的部分，见结算单；不填按 0 计。',
  basicPaidLabel: '从结算单填写：基本医保支付（可选）',
  basicPaidHint: '已结算的，填结算单上“统筹基金支付”的金额；按这个金额计算，不再需要当地的起付标准和比例。',
  unitYuan: '元',
  buttonFor: (visit) => `：${visit}`,
  moveUp: '上移',
  moveDown: '下移',
  remove: '删除',
  addVisit: '添加一次就诊',
  announceAdded: (n) => `已添加第${n}次就诊。`,
  announceRemoved: (n) => `已删除第${n}次就诊。`,
  announceMoved: (from, to) => `第${from}次就诊已移到第${to}位。`,

  // Section 3: local parameters
  sectionParams: '3. 当地参数',
  paramsHint:
    '下面这些数值政策文件没有规定，由当地医保经办机构公布。请按当地公布的数值填写；不知道的，可向当地医保经办机构咨询。',
  paramSource: '文件未规定，由当地经办机构公布',
  paramsAlways: '计算必需',
  paramsBasic: (care) => `${care}的基本医保`,
  paramsBasicHint: (care) => `${care}没有填写结算单上的基本医保支付时，需要这些数值才能计算。`,
  paramsLayer: {
    critical: '大病保险（可选）',
    assistance: '医疗救助（可选）',
    contribution: '参保资助（可选）',
    basic: '基本医保（可选）',
  },
  paramsLayerHint: (whenAbsent) => `这一组全部不填时：${whenAbsent}填写其中一项后，同组其余必需的数值也要填写。`,
  paramsOptionalHint: '不填时：',
  paramChoicePlaceholder: '请选择',
  paramUnitRatio: '比例',

  // Results
  sectionResult: '估算结果',
  resultIntro: '选择参保地区并填写就诊费用后，这里会显示估算结果。',
  resultCurrent: '结果与所填内容一致，修改后会自动更新。',
  resultIncomplete: '还需要填写以下内容才能估算：',
  resultInvalid: '填写的内容有误，暂时无法估算。请按页面顶部的提示更正；更正后结果会自动显示。',
  resultTyping: '正在输入，输入完成后显示结果。',
  totals: {
    total: '医疗总费用',
    basic: '基本医保支付',
    critical: '大病保险支付',
    assistance: '医疗救助',
    out_of_pocket: '个人自付',
  },
  barLabel: '费用由谁支付',
  barEmpty: '没有医疗费用。',
  barAlt: (parts) => `费用构成：${parts}。`,
  visitsTable: '各次就诊',
  visitsTableEmpty: '没有就诊记录。',
  colVisit: '就诊',
  contributionTitle: '本年度缴费',
  contributionIndividual: '个人缴费',
  contributionSubsidy: '财政补助（每人）',
  warningsTitle: '估算没有包括的部分',
  stepsSummary: (n) => `计算过程和政策依据（${n}步）`,
  stepsGeneral: '参保和缴费',
  stepsVisit: (n) => `第${n}次就诊`,
  layerNames: {
    policy: '政策',
    enrolment: '参保',
    contribution: '缴费',
    basic: '基本医保',
    critical: '大病保险',
    assistance: '医疗救助',
  },
  stepAmount: '本步金额',
  citationFrom: '出自',
  docTitle: (title) => `《${title}》`,
  listSep: '，',
  clause: (c) => `条款 ${c}`,
  disclaimer:
    '这是根据政策文件的估算，仅供参考；实际报销以医保经办机构的结算为准。文件未规定的数值不会被猜测，已在结果中注明。',
  copyLink: '复制本次估算的链接',
  copied: '链接已复制，可以发给别人查看同样的估算。',
  copyFailed: '无法自动复制，请从地址栏复制链接。',
  announceUpdated: (oop) => `估算已更新：个人自付 ${oop}。`,
  announceInvalid: '填写的内容有误，结果未更新。',

  // Offline and updates
  updateReady: '已更新到新版本。',
  reload: '刷新页面',

  // Footer
  footerPrivacy:
    '隐私：本页面不使用 Cookie，不做统计，不向任何地方发送数据；所填内容只保存在本页地址（#s= 之后）中，分享链接即分享这些内容。首次打开后可离线使用。',
  footerSources: '依据的政策文件',
  footerVersion: '版本',

};
