// English of page.zh-CN.js: the static page's own text (index.html and the manifest). Same keys; see
// page.zh-CN.js for what each is. The scripts' strings are in en.js.

export default {
  lang: 'en',

  // Document head and header
  appName: 'Medical insurance reimbursement estimator',
  appShortName: 'Yibao estimator',
  manifestDescription:
    "Estimates the reimbursements from urban-rural residents' basic medical insurance, critical-illness insurance and medical assistance, and the out-of-pocket payment, giving the policy basis of every figure. Works offline.",
  pageTitle: "Medical insurance reimbursement estimator · Urban-rural residents' basic medical insurance",
  pageDescription:
    "Estimates how much of a year's inpatient and outpatient costs urban-rural residents' basic medical insurance, critical-illness insurance and medical assistance each reimburse, and how much is paid out of pocket, giving the policy basis of every figure. Works offline; your data never leaves your device.",
  headerSubtitle: "Urban-rural residents' basic medical insurance · Critical-illness insurance · Medical assistance",
  intro:
    "Choose the region of enrolment and enter this year's medical costs. As you type, the page estimates how much basic medical insurance (基本医保), critical-illness insurance (大病保险) and medical assistance (医疗救助) each pay and how much is paid out of pocket (个人自付), and lists the document clauses behind each step.",
  privacyShort: 'All calculations are done on your device; nothing is uploaded or stored.',
  loading: 'Loading the calculator…',
  noscript: 'This page needs JavaScript turned on to calculate.',
  oldBrowser: 'This browser version is too old to run the estimate. Please update your browser or use another one.',
  skipToResult: 'Skip to the estimate',
  // The language switch: the other language's name, in that language (it carries lang="…").
  langOther: '中文',
  langOtherCode: 'zh-CN',
  newEstimate: 'Start again',

  // Error summary (GOV.UK pattern)
  errorSummaryTitle: 'Please correct the following',

  // Section 1: region, tier, groups
  sectionPolicy: '1. Region of enrolment and group',
  policyLabel: 'Region of enrolment and year',
  policyHint: 'Choose by where you are enrolled and by the insurance year.',
  tierLegend: 'Enrolment tier',
  groupsLegend: 'Special groups (choose all that apply)',
  groupsHint:
    "Only the groups this policy's documents mention are listed; groups not listed do not affect the calculation under this policy. If none applies, leave them all unticked.",

  // Section 2: visits
  sectionVisits: "2. This year's visits",
  visitsHint:
    'Enter each inpatient stay or outpatient visit in the same insurance year, in order of date. The deductible (起付标准) and the annual cap (最高支付限额) accumulate over the year, so the order affects the result of each visit.',
  visitsEmpty: "No visits yet. With no visits, only this year's contribution is shown.",

  addVisit: 'Add a visit',

  // Section 3: local parameters
  sectionParams: '3. Local parameters',
  paramsHint:
    'The policy documents do not set the values below; the local insurance agency (医保经办机构) publishes them. Please enter the locally published values; if you do not know them, ask the local insurance agency.',

  // Results
  sectionResult: 'Estimate',

  barLabel: 'Who pays the costs',
  visitsTable: 'Visit by visit',
  colVisit: 'Visit',
  contributionTitle: "This year's contribution",
  contributionIndividual: 'Individual contribution',
  contributionSubsidy: 'Fiscal subsidy (per person)',
  warningsTitle: 'What the estimate does not include',

  disclaimer:
    'This is an estimate based on the policy documents, for reference only; the actual reimbursement is as settled by the local insurance agency. Values not set by the documents are not guessed; the result points them out.',
  copyLink: 'Copy a link to this estimate',
  printButton: 'Print a summary',
  csvButton: 'Download CSV',
  printRules: 'Policy rules version:',
  printDate: 'Printed on:',
  printLink: 'Link to this estimate:',
  compareSummary: 'Compare enrolment tiers: which costs less over the year',
  curveSummary: 'One more visit: how much the funds and the individual each pay',
  decideLoading: 'Loading…',

  // Footer
  footerPrivacy:
    "Privacy: this page uses no cookies and no analytics, and sends data nowhere; what you enter is kept only in this page's address (after #s=), so sharing the link shares it. After the first visit, the page also works offline.",
  footerVersion: 'Version',
  footerAgencies: 'For medical insurance agencies:',
  footerEmbed: "Embed the estimator on your agency's website",
  footerBatch: 'Test parameter changes with claims data',
};
