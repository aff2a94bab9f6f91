// 嵌入经办机构网站时的提示。The words of an agency's embedding (loaded only there).
export default {
  loading: '正在载入经办机构提供的参数……',
  usingSet: (agency) => `本估算使用${agency}设定的当地参数；每一步都注明其文件和条款。您自己填写的数值优先。`,
  paramsFailed: '经办机构的参数文件有误，未能使用：',
  policyFailed: '经办机构的政策文件有误，未能使用：',
  paramsUnreadable: '网址中的参数文件无法读取（应为 base64url 编码）。',
  paramsFetchFailed: (why) => `经办机构的参数文件未能下载（${why}），以下估算未使用它。`,
  policyFetchFailed: (why) => `经办机构的政策文件未能下载（${why}）。`,
  // Beside a parameter's field: the agency's value.
  agencyValue: (value, a) => `本地经办机构设定：${value}（${a.agency}，《${a.document}》${a.number}，${a.clause}，${a.date}）。`,
  agencyOverridden: '您填写的数值优先于经办机构的设定。',
  agencyHowToOverride: '如需按其他数值估算，可在此填写。',
  agencySchedule: '分段标准',
  unitYuan: '元',
  capNone: '当地规定不设封顶线',
};
