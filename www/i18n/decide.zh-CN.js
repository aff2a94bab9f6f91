// 档次比较和费用曲线（按需载入）的文字。The words of the tier comparison and the cost curve, which
// load only when one of their panels is first opened.
export default {
  loadFailed: '未能载入：第一次查看需要联网，载入后离线也能查看。请联网后重新打开。',
  compareCaption: '各档次全年花费（元）',
  compareItem: '项目',
  compareIndividual: '个人缴费',
  compareOop: '个人自付',
  compareYear: '全年花费（缴费加自付）',
  compareChosen: '当前档次',
  compareCheapest: '更省',
  compareNotes: '说明',
  curveCare: '再加一次就诊：就诊类型',
  curveLevel: '医院级别',
  curveLevelNone: '不区分级别',
  curveCaption: (care) => `再加一次${care}时，按这次就诊的总费用，基金和个人各付多少（元）`,
  curveFund: '基金支付（三项合计）',
  curveOop: '个人支付',
  curveTotal: '这次就诊的总费用',
  curveAdd: '按此费用添加就诊',
  // A chart point's accessible name: adding a visit there, and what begins there.
  pointLabel: (add, begins) => `${add}：${begins.join('；')}`,
  curveAddLabel: (amount) => `按总费用 ${amount} 元添加一次就诊`,
  curveAdded: (amount) => `已按总费用 ${amount} 元添加一次就诊。`,
  curveAxisX: '总费用（元）',
  // A kink's clause, after what begins there.
  clause: (doc, clause) => `（${doc} ${clause}）`,
};
