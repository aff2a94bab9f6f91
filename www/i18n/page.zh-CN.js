// The static page's own text (index.html and the manifest), keyed: scripts/build-site.mjs fills
// the page with it at build time, so the scripts never carry it. The scripts' strings are in
// zh-CN.js; the build looks a key up in both.

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
  noscript: '本页面需要启用 JavaScript 才能计算。',
  oldBrowser: '这个浏览器版本太旧，无法运行估算。请更新浏览器或换用其他浏览器。',
  skipToResult: '跳到估算结果',
  // The language switch: the other language's name, in that language (it carries lang="…").
  langOther: 'English',
  langOtherCode: 'en',
  newEstimate: '重新开始',

  // Error summary (GOV.UK pattern)
  errorSummaryTitle: '请更正以下内容',

  // Section 1: region, tier, groups
  sectionPolicy: '1. 参保地区和身份',
  policyLabel: '参保地区和年度',
  policyHint: '按参保所在地和医疗年度选择。',
  tierLegend: '参保档次',
  groupsLegend: '特殊身份（可多选）',
  groupsHint: '只列出本政策文件提到的身份；没有列出的身份在本政策下不影响计算。都不符合的，不用勾选。',

  // Section 2: visits
  sectionVisits: '2. 本年度的就诊',
  visitsHint:
    '按时间先后填写同一医疗年度内的每次住院或门诊。起付标准和最高支付限额在一年内累计计算，所以顺序会影响每次的结果。',
  visitsEmpty: '还没有就诊记录。没有就诊时，只显示本年度的缴费。',

  addVisit: '添加一次就诊',

  // Section 3: local parameters
  sectionParams: '3. 当地参数',
  paramsHint:
    '下面这些数值政策文件没有规定，由当地医保经办机构公布。请按当地公布的数值填写；不知道的，可向当地医保经办机构咨询。',

  // Results
  sectionResult: '估算结果',

  barLabel: '费用由谁支付',
  visitsTable: '各次就诊',
  colVisit: '就诊',
  contributionTitle: '本年度缴费',
  contributionIndividual: '个人缴费',
  contributionSubsidy: '财政补助（每人）',
  warningsTitle: '估算没有包括的部分',

  disclaimer:
    '这是根据政策文件的估算，仅供参考；实际报销以医保经办机构的结算为准。文件未规定的数值不会被猜测，已在结果中注明。',
  copyLink: '复制本次估算的链接',
  printButton: '打印摘要',
  csvButton: '下载 CSV',
  printRules: '政策规则版本：',
  printDate: '打印日期：',
  printLink: '本估算的链接：',
  compareSummary: '比较参保档次：哪一档全年更省',
  curveSummary: '再加一次就诊：基金和个人各付多少',
  decideLoading: '正在载入…',

  // Footer
  footerPrivacy:
    '隐私：本页面不使用 Cookie，不做统计，不向任何地方发送数据；所填内容只保存在本页地址（#s= 之后）中，分享链接即分享这些内容。首次打开后可离线使用。',
  footerVersion: '版本',
  footerAgencies: '经办机构：',
  footerEmbed: '把估算器嵌入本机构网站',
  footerBatch: '用理赔数据测算参数调整',
};
