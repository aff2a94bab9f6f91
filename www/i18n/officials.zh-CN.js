// The static text of the officials' pages (embed.html, the configurator; batch.html, the what-if
// over a claims file), keyed: scripts/build-site.mjs fills those pages with it at build time. These
// pages are for agency staff and are in Chinese only (DESIGN.md, "Which pages speak English?");
// the resident's page has its own catalogue, page.zh-CN.js, with an English sibling.

export default {
  // The configurator for agencies (embed.html)
  cfgTitle: '嵌入估算器：经办机构配置',
  cfgSubtitle: '把估算器放到本机构网站上，并提供当地参数',
  cfgDescription: '为经办机构生成嵌入代码：选择政策，提供带文件依据的当地参数，预览后复制代码。',
  cfgIntro:
    '选择政策，上传或粘贴本机构的参数文件（每个数值都要注明本机构的文件、文号、条款和日期），选好颜色，预览无误后复制代码，粘贴到本机构网页中即可。所有检查都在本机完成，文件不会上传。',
  cfgPolicySection: '1. 政策',
  cfgPolicyLabel: '估算使用的政策',
  cfgPolicyHint: '嵌入后居民看不到政策选择，只按这里选定的政策估算。',
  cfgPolicyFileSummary: '使用未内置地区的政策文件（可选）',
  cfgPolicyFileHint: '格式与内置政策文件相同，见 docs/POLICY_FORMAT.md。载入后会加入上面的政策列表。',
  cfgPolicyFileLabel: '政策文件（TOML）',
  cfgPolicyUpload: '选择政策文件',
  cfgPolicySrcLabel: '政策文件在本机构网站上的地址',
  cfgPolicySrcHint: '嵌入代码从这个地址读取政策文件（data-policy-src），须与嵌入的网页同一网站。',
  cfgParamsSection: '2. 当地参数',
  cfgParamsHint:
    '文件未规定、由当地经办机构公布的数值（如住院起付标准、报销比例、封顶线）。每个数值都要注明依据：文件名称、文号、条款、日期，可加原文和网址。',
  cfgParamsLabel: '参数文件（TOML 或 JSON）',
  cfgParamsUpload: '选择参数文件',
  cfgParamsExample: '按所选政策生成空白模板',
  cfgParamsJson: '下载 JSON 形式（居民载入更快）',
  cfgParamsSrcLabel: '参数文件在本机构网站上的地址（可选）',
  cfgParamsSrcHint:
    '填写后，嵌入代码从这个地址读取参数文件（data-params-src），更新参数只需替换该文件；不填则把参数直接写进代码（data-params）。放在网站上的文件用 JSON 形式（上面的按钮可以下载）时，居民的浏览器不必载入 TOML 检查程序，打开更快。',
  cfgLookSection: '3. 语言和颜色',
  cfgLangLabel: '语言',
  cfgLangZh: '中文',
  cfgColorLabel: '主题颜色',
  cfgColorHint: '按钮和链接的颜色。颜色太浅时会自动加深，保证文字清晰可读（WCAG AA）。',
  cfgSnippetSection: '嵌入代码',
  cfgSnippetHint: '把这段代码粘贴到网页中希望显示估算器的位置。',
  cfgSnippetLabel: '嵌入代码',
  cfgCopy: '复制嵌入代码',
  cfgIframeSummary: '网站不允许添加 <script> 时：只用 <iframe>',
  cfgIframeHint: '参数写在地址里；高度固定，不会随内容自动调整。不能使用未内置地区的政策文件。',
  cfgIframeLabel: 'iframe 代码',
  cfgPreviewSection: '预览',
  cfgPreviewHint: '与居民在本机构网站上看到的相同。',
  cfgBack: '返回估算器',

  // What-if over a claims file, for agencies (batch.html)
  batchTitle: '理赔数据测算：经办机构用',
  batchSubtitle: '用一年的理赔记录，测算调整当地参数对基金和个人的影响',
  batchDescription: '在本机上用一年的理赔记录测算：按政策和当地参数计算每个人的报销，比较调整方案的基金支出和个人负担变化。文件不会上传。',
  batchIntro:
    '选择理赔文件（CSV，每行一次就诊，列名见下），选择政策和本机构的参数文件，可再加一个调整方案（另一份参数文件），然后开始计算。计算全部在本机浏览器中完成，文件不会上传；结果可以下载为 CSV。',
  batchFileSection: '1. 理赔文件',
  batchFileLabel: '理赔文件（CSV 或 JSON lines）',
  batchFileHint:
    '第一行是列名：person（人员编号）、seq（就诊顺序）、tier（档次，可空）、groups（身份，多个用 ; 分隔，可空）、care（就诊类型）、level（医院级别）、total（总费用）、excluded（政策范围外费用，可空）、basic_paid（结算单上的基本医保支付额，可空）。其他列会被忽略。同一人的各行可以在文件任意位置。',
  batchDrop: '把文件拖到这里，或点击选择文件',
  batchPolicySection: '2. 政策和参数',
  batchPolicyLabel: '政策',
  batchSetLabel: '本机构参数文件（TOML 或 JSON，可选）',
  batchSetHint: '文件未规定的当地数值（起付标准、报销比例、封顶线等），每项注明依据。不提供时，需要这些数值的人会被列为无法计算。',
  batchReformSection: '3. 调整方案（可选）',
  batchReformLabel: '调整后的参数文件（TOML 或 JSON）',
  batchReformHint: '提供后，每个人还会按调整后的参数再算一次，结果中列出基金支出的变化，以及多少人个人负担增加、减少或不变。',
  batchRun: '开始计算',
  batchCancel: '取消',
  batchResultSection: '测算结果',
  batchDownload: '下载每人结果（CSV）',
  batchBack: '返回估算器',
  batchSkip: '跳到主要内容',
  batchPrivacy: '隐私：本页面不使用 Cookie，不做统计；所选文件只在本机浏览器中读取和计算，不上传到任何地方，关闭页面后不留存。',
};
