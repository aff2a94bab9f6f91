// The page's English, loaded only when English is chosen (js/lang.js): the scripts' words (en.js),
// the static page's (page.en.js, applied by translatePage), and those of the parts loaded later,
// which take theirs from here when present (decide.en.js, docs.en.js, embed.en.js).

import decide from '../i18n/decide.en.js';
import docs from '../i18n/docs.en.js';
import embed from '../i18n/embed.en.js';
import ui from '../i18n/en.js';
import page from '../i18n/page.en.js';

export default { ...ui, page, decide, docs, embed };
