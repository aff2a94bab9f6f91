// English of decide.zh-CN.js: the words of the tier comparison and the cost curve, which load only
// when one of their panels is first opened. Same keys; see decide.zh-CN.js.
export default {
  loadFailed: 'Could not be loaded: the first time, this needs a network connection; once loaded, it also works offline. Please connect and open it again.',
  compareCaption: 'Year cost of each tier (yuan)',
  compareItem: 'Item',
  compareIndividual: 'Individual contribution',
  compareOop: 'Out-of-pocket payment',
  compareYear: 'Year cost (contribution plus out-of-pocket)',
  compareChosen: 'Current tier',
  compareCheapest: 'Cheaper',
  compareNotes: 'Notes',
  curveCare: 'One more visit: type of care',
  curveLevel: 'Hospital level',
  curveLevelNone: 'Level not specified',
  curveCaption: (care) => `One more ${care} visit: how much the funds and the individual pay, by the total cost of this visit (yuan)`,
  curveFund: 'Funds (all three together)',
  curveOop: 'Paid by the individual',
  curveTotal: 'Total cost of this visit',
  curveAdd: 'Add a visit at this cost',
  // A chart point's accessible name: adding a visit there, and what begins there.
  pointLabel: (add, begins) => `${add}: ${begins.join('; ')}`,
  curveAddLabel: (amount) => `Add a visit with a total cost of ${amount} yuan`,
  curveAdded: (amount) => `Added a visit with a total cost of ${amount} yuan.`,
  curveAxisX: 'Total cost (yuan)',
  // A kink's clause, after what begins there.
  clause: (doc, clause) => ` (${doc} clause ${clause})`,
};
