// “政策原文”面板（按需载入）的文字。The document panel's words, loaded with it.
export default {
  close: '关闭',
  loading: '正在载入文件原文…',
  failed: '文件原文未能载入：第一次查看需要联网，载入后离线也能查看。请联网后重试。',
  notFound: '未能在原文中定位这句话，下面是文件全文。',
  clauseLabel: '条款',
};
