// English of zh-CN.js: every string the page's scripts show. Same keys; see zh-CN.js for what each is.
// Terms follow the engine's English (data/messages/en.toml); an official Chinese term is given in
// brackets where it helps the reader match a settlement slip or a document.

export default {
  // Document head and header
  loadFailed:
    'The calculator could not be loaded. Please check your network connection and refresh the page; if you have opened this page before, it should also work offline.',
  englishFailed: 'English could not be loaded: it needs a connection the first time. The page below is still shown in Chinese.',
  noWasm:
    'This browser does not support WebAssembly or has it turned off (for example by "Lockdown Mode"), so the estimate cannot be calculated on this device. Please use another browser, or turn off that restriction and refresh.',

  // Error summary (GOV.UK pattern)
  badLink: 'The scenario in this link cannot be read (it may have been cut short or changed). Please get the link again, or fill in the form below.',

  // Section 1: region, tier, groups
  policyPlaceholder: 'Please choose',
  policyUnknown: (id) => `${id} (unknown policy)`,
  policyAbout: 'About this policy and the documents it is based on',
  draftTag: 'Draft for comment',
  docDate: 'Issued',
  docNoNumber: 'The text gives no document number (文号)',
  tierUnknown: (id) => `${id} (not a tier of this policy)`,
  groupsNone: 'The documents of this policy set no special terms for any group.',
  groupOther: 'This policy does not mention this group; it does not affect the calculation',
  groupUnknown: 'Unrecognised group',
  groupQuote: (clause) => `The document's own words (clause ${clause})`,

  // Section 2: visits
  visitLegend: (n) => `Visit ${n}`,
  careLabel: 'Type of care',

  careUnknown: (v) => `${v} (not recognised)`,
  levelLabel: 'Hospital level',
  levelPlaceholder: 'Please choose',
  levelUnknown: (v) => `${v} (not recognised)`,
  totalLabel: 'Total medical cost (yuan)',
  totalHint: 'The total medical cost (医疗费用总额) on the settlement slip (结算单).',
  excludedLabel: 'Out-of-policy cost (optional)',
  excludedHint:
    'The fully self-paid part (全自费) and the part of Category B items paid first by the patient (乙类先行自付), as on the settlement slip; if left empty, it counts as 0.',
  basicPaidLabel: 'From the settlement slip: basic insurance payment (optional)',
  basicPaidHint:
    'If the visit has been settled, enter the amount of "Fund payment" (统筹基金支付) on the settlement slip; the estimate then uses this amount and no longer needs the local deductible and ratios.',
  unitYuan: 'yuan',
  buttonFor: (visit) => `: ${visit}`,
  moveUp: 'Move up',
  moveDown: 'Move down',
  remove: 'Remove',
  announceAdded: (n) => `Visit ${n} added.`,
  announceRemoved: (n) => `Visit ${n} removed.`,
  announceMoved: (from, to) => `Visit ${from} moved to position ${to}.`,

  // Section 3: local parameters
  paramsAlways: 'Needed for every calculation',
  paramsBasic: (care) => `Basic insurance: ${care}`,
  paramsOptionalGroup: (layer) => `${layer.charAt(0).toUpperCase()}${layer.slice(1)} (optional)`,
  paramsLayerHint: (whenAbsent) =>
    `If none of this group is filled in: ${whenAbsent} Once one of them is filled in, the other required values in this group must be filled in too.`,
  paramsOptionalHint: 'If left empty: ',
  paramChoicePlaceholder: 'Please choose',
  paramUnitRatio: 'ratio',
  capNone: 'No cap under the local rules',
  scheduleHint:
    'Fill in each band as the locality publishes it: a band\'s upper limit is counted on the eligible medical costs (合规医疗费用) borne by the individual, accumulated over the year and counted from 0.',
  scheduleDeductible: 'Deductible (yuan)',
  scheduleDeductibleHint: 'Only the part of the personal burden accumulated over the year above this amount goes to critical-illness insurance.',
  scheduleBand: (n) => `Band ${n}`,
  scheduleUpto: 'Upper limit of this band (yuan)',
  scheduleUptoHint: 'The accumulated personal burden up to this amount is paid at this band\'s ratio.',
  scheduleUptoLastHint: 'The last band may be left empty: everything above it is then paid at this band\'s ratio.',
  scheduleRatio: 'Payment ratio',
  scheduleRatioHint: 'A decimal between 0 and 1, e.g. 0.5 for 50%.',
  scheduleRemove: 'Remove this band',
  scheduleAdd: 'Add a band',
  scheduleCap: 'Annual cap (封顶线, yuan)',
  scheduleCapHint: 'If you do not know it, leave it empty; the result is then an upper bound.',
  announceBandAdded: (band) => `${band} added.`,
  announceBandRemoved: (band) => `${band} removed.`,

  // Results
  resultIntro: 'Choose the region of enrolment and fill in the costs of the visits; the estimate will appear here.',
  resultCurrent: 'The result matches what you have filled in, and updates automatically when you change it.',
  resultIncomplete: 'To make the estimate, please also fill in:',
  resultInvalid:
    'Something filled in is not valid, so no estimate can be made yet. Please correct it as shown at the top of the page; the result will then appear automatically.',
  resultTyping: 'Typing: the result appears when you have finished.',

  barEmpty: 'No medical costs.',
  barAlt: (parts) => `Breakdown of the costs: ${parts}.`,
  visitsTableEmpty: 'No visits.',
  atLeastAmount: (amount) => `at least ${amount}`,
  stepsSummary: 'How it was calculated, and the policy basis',
  stepsLoading: 'Loading the calculation steps…',
  stepsLoadFailed:
    'The calculation steps could not be loaded: the first time, they need a network connection; once loaded, they can also be viewed offline. Please connect and open them again.',
  stepsGeneral: 'Enrolment and contribution',
  stepsVisit: (n) => `Visit ${n}`,

  // Printed above the steps: the documents they cite, numbered; each step's clauses follow it as [n].
  printDocuments: 'Documents the steps cite ([n] after a step refers to this list):',
  citationFrom: 'Source: ',
  openDocument: 'Original text',
  showVisit: (amount, n) => `${amount}: highlight visit ${n} in the visits table`,
  docTitle: (title) => `《${title}》`,
  // Between the items of a series: the reasons an amount is a bound, a step's printed clauses.
  seriesSep: '; ',
  listSep: ', ',
  clauseLabel: 'clause',
  copied: 'Link copied. Anyone you send it to will see the same estimate.',
  copyFailed: 'The link could not be copied automatically; please copy it from the address bar.',
  rulesChanged: (then, now) =>
    `This link was made with policy rules version ${then}; the current version is ${now}. The rules have been updated: the estimate below follows the current rules, and the result may differ from what it was then.`,
  csvFile: 'yibao-visits.csv',
  csvVisit: 'Visit',
  csvCare: 'Type of care',
  csvLevel: 'Hospital level',
  csvYear: 'Year total',
  csvDownloaded: 'CSV file downloaded.',
  announceUpdated: (oop) => `Estimate updated: out-of-pocket payment ${oop}.`,

  // Offline and updates
  updateReady: 'Updated to a new version.',
  reload: 'Refresh the page',
};
