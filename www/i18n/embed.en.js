// English of embed.zh-CN.js: the words of an agency's embedding (loaded only there). Same keys; see
// embed.zh-CN.js.
export default {
  loading: 'Loading the parameters provided by the local insurance agency…',
  usingSet: (agency) =>
    `This estimate uses the local parameters set by ${agency}; each step names the agency's document and clause. Values you fill in yourself take precedence.`,
  paramsFailed: "The agency's parameter file has errors and was not used: ",
  policyFailed: "The agency's policy file has errors and was not used: ",
  paramsUnreadable: 'The parameter file in the web address cannot be read (it should be base64url-encoded).',
  paramsFetchFailed: (why) => `The agency's parameter file could not be downloaded (${why}); the estimate below does not use it.`,
  policyFetchFailed: (why) => `The agency's policy file could not be downloaded (${why}).`,
  // Beside a parameter's field: the agency's value.
  agencyValue: (value, a) =>
    `Set by the local insurance agency (本地经办机构设定): ${value} (${a.agency}, 《${a.document}》 ${a.number}, ${a.clause}, ${a.date}). `,
  agencyOverridden: 'The value you filled in takes precedence over the agency\'s.',
  agencyHowToOverride: 'To estimate with a different value, fill it in here.',
  agencySchedule: 'Band schedule',
  unitYuan: 'yuan',
  capNone: 'No cap under the local rules',
};
