// Every string the page's scripts show, keyed. Policy texts (names, descriptions, citations,
// explanation steps, warnings, error messages) and the vocabulary (names of care types, levels,
// groups, layers and amounts: policies()' `vocabulary`) come from the engine and are not repeated
// here. The static page's own text is in page.zh-CN.js, which only the build reads (it fills
// index.html), so it is not downloaded twice.
//
// An English (or other) version is a sibling file with the same keys. Values are plain strings, or
// functions where a number or name has to be placed inside the sentence.

export default {
  // Document head and header
  loadFailed: '计算程序未能载入。请检查网络后刷新页面；如果之前打开过本页，离线时也应能使用。',
  englishFailed: 'English could not be loaded: it needs a connection the first time. 英文界面需要联网载入一次，下面仍用中文显示。',
  noWasm: '这个浏览器不支持或关闭了 WebAssembly（例如开启了“锁定模式”），无法在本机计算。请换用其他浏览器，或关闭该限制后刷新。',

  // Error summary (GOV.UK pattern)
  badLink: '这个链接中的情景无法读取（可能被截断或改动过）。请重新获取链接，或直接在下面填写。',

  // Section 1: region, tier, groups
  policyPlaceholder: '请选择',
  policyUnknown: (id) => `${id}（未知政策）`,
  policyAbout: '关于这项政策和依据的文件',
  draftTag: '征求意见稿',
  docDate: '发布日期',
  docNoNumber: '文本未载明文号',
  tierUnknown: (id) => `${id}（不是本政策的档次）`,
  groupsNone: '本政策文件没有规定特殊身份的待遇。',
  groupOther: '本政策未提及这一身份，不影响计算',
  groupUnknown: '无法识别的身份',
  groupQuote: (clause) => `文件原文（${clause}）`,

  // Section 2: visits
  visitLegend: (n) => `第${n}次就诊`,
  careLabel: '就诊类型',

  careUnknown: (v) => `${v}（无法识别）`,
  levelLabel: '医院级别',
  levelPlaceholder: '请选择',
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
  announceAdded: (n) => `已添加第${n}次就诊。`,
  announceRemoved: (n) => `已删除第${n}次就诊。`,
  announceMoved: (from, to) => `第${from}次就诊已移到第${to}位。`,

  // Section 3: local parameters
  paramsAlways: '计算必需',
  paramsBasic: (care) => `${care}的基本医保`,
  paramsOptionalGroup: (layer) => `${layer}（可选）`,
  paramsLayerHint: (whenAbsent) => `这一组全部不填时：${whenAbsent}填写其中一项后，同组其余必需的数值也要填写。`,
  paramsOptionalHint: '不填时：',
  paramChoicePlaceholder: '请选择',
  paramUnitRatio: '比例',
  capNone: '当地规定不设封顶线',
  scheduleHint: '按当地公布的标准逐段填写：分段上限按一年内累计的个人负担合规医疗费用计算，从 0 起算。',
  scheduleDeductible: '起付标准（元）',
  scheduleDeductibleHint: '一年内累计个人负担超过这个数额的部分才进入大病保险。',
  scheduleBand: (n) => `第${n}段`,
  scheduleUpto: '本段上限（元）',
  scheduleUptoHint: '累计个人负担到这个数额为止按本段比例支付。',
  scheduleUptoLastHint: '最后一段可以不填，表示以上部分都按本段比例支付。',
  scheduleRatio: '支付比例',
  scheduleRatioHint: '0 到 1 之间的小数，例如 0.5 表示 50%。',
  scheduleRemove: '删除这一段',
  scheduleAdd: '添加一段',
  scheduleCap: '年度最高支付限额（封顶线，元）',
  scheduleCapHint: '不知道的可以不填；不填时结果是上限。',
  announceBandAdded: (band) => `已添加${band}。`,
  announceBandRemoved: (band) => `已删除${band}。`,

  // Results
  resultIntro: '选择参保地区并填写就诊费用后，这里会显示估算结果。',
  resultCurrent: '结果与所填内容一致，修改后会自动更新。',
  resultIncomplete: '还需要填写以下内容才能估算：',
  resultInvalid: '填写的内容有误，暂时无法估算。请按页面顶部的提示更正；更正后结果会自动显示。',
  resultTyping: '正在输入，输入完成后显示结果。',

  barEmpty: '没有医疗费用。',
  barAlt: (parts) => `费用构成：${parts}。`,
  visitsTableEmpty: '没有就诊记录。',
  atLeastAmount: (amount) => `不低于 ${amount}`,
  stepsSummary: '计算过程和政策依据',
  stepsLoading: '正在载入计算过程…',
  stepsLoadFailed: '计算过程未能载入：第一次查看需要联网，载入后离线也能查看。请联网后重新打开。',
  stepsGeneral: '参保和缴费',
  stepsVisit: (n) => `第${n}次就诊`,

  // Printed above the steps: the documents they cite, numbered; each step's clauses follow it as [n].
  printDocuments: '各步骤依据的文件（步骤后的 [n] 指下列文件）：',
  citationFrom: '出自',
  openDocument: '政策原文',
  showVisit: (amount, n) => `${amount}：在就诊表中标出第${n}次就诊`,
  docTitle: (title) => `《${title}》`,
  // Between the items of a series: the reasons an amount is a bound, a step's printed clauses.
  seriesSep: '；',
  listSep: '，',
  clauseLabel: '条款',
  copied: '链接已复制，可以发给别人查看同样的估算。',
  copyFailed: '无法自动复制，请从地址栏复制链接。',
  rulesChanged: (then, now) => `这个链接生成时的政策规则版本是 ${then}，现在是 ${now}：规则已经更新，下面按现在的规则估算，结果可能与当时不同。`,
  csvFile: 'yibao-visits.csv',
  csvVisit: '就诊',
  csvCare: '就诊类型',
  csvLevel: '医院级别',
  csvYear: '全年合计',
  csvDownloaded: '已下载 CSV 文件。',
  announceUpdated: (oop) => `估算已更新：个人自付 ${oop}。`,

  // Offline and updates
  updateReady: '已更新到新版本。',
  reload: '刷新页面',
};
