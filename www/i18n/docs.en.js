// English of docs.zh-CN.js: the words of the "Original text" document panel, loaded with it.
export default {
  close: 'Close',
  loading: 'Loading the document text…',
  failed: 'The document text could not be loaded: the first time, it needs a network connection; once loaded, it can also be viewed offline. Please connect and try again.',
  notFound: 'This sentence could not be found in the document; the full text is below.',
  clauseLabel: 'clause',
};
