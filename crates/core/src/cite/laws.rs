//! Law names: the bare short names people write without 《》, the draft's aliases, and the
//! comparison of names (width, whitespace, stage markers and 中华人民共和国 do not count).

/// Short names of national laws, codes and State Council regulations that opinions and reports
/// cite without 《》 (CITATIONS.md §2.4 step 1: `民法典第一千一百六十五条`). Longest match wins, so
/// 劳动合同法 is not read as 合同法. A name that is the draft's own alias resolves to the draft.
pub(super) const BARE_LAW_NAMES: &[&str] = &[
    // The constitution and the codes.
    "宪法",
    "民法典",
    "民法总则",
    "民法通则",
    "刑法",
    "民事诉讼法",
    "刑事诉讼法",
    "行政诉讼法",
    // Civil and commercial law.
    "合同法",
    "物权法",
    "担保法",
    "侵权责任法",
    "婚姻法",
    "继承法",
    "收养法",
    "公司法",
    "合伙企业法",
    "个人独资企业法",
    "企业破产法",
    "破产法",
    "证券法",
    "保险法",
    "票据法",
    "信托法",
    "商业银行法",
    "海商法",
    "著作权法",
    "专利法",
    "商标法",
    "反不正当竞争法",
    "反垄断法",
    "消费者权益保护法",
    "产品质量法",
    "电子商务法",
    "广告法",
    "价格法",
    "招标投标法",
    "政府采购法",
    "拍卖法",
    "农村土地承包法",
    "土地承包法",
    "城市房地产管理法",
    "铁路法",
    "民用航空法",
    "公路法",
    "港口法",
    "邮政法",
    "电信条例",
    // Labour and social affairs.
    "劳动法",
    "劳动合同法",
    "劳动争议调解仲裁法",
    "就业促进法",
    "社会保险法",
    "工会法",
    "安全生产法",
    "职业病防治法",
    "妇女权益保障法",
    "未成年人保护法",
    "预防未成年人犯罪法",
    "老年人权益保障法",
    "残疾人保障法",
    "慈善法",
    "义务教育法",
    "教育法",
    "高等教育法",
    "职业教育法",
    "教师法",
    "民办教育促进法",
    "家庭教育促进法",
    "学前教育法",
    "体育法",
    "反家庭暴力法",
    "兵役法",
    "国防法",
    "国防教育法",
    // Administration.
    "立法法",
    "行政处罚法",
    "行政许可法",
    "行政强制法",
    "行政复议法",
    "国家赔偿法",
    "治安管理处罚法",
    "公务员法",
    "监察法",
    "人民警察法",
    "居民身份证法",
    "出境入境管理法",
    "户口登记条例",
    "村民委员会组织法",
    "城市居民委员会组织法",
    "地方各级人民代表大会和地方各级人民政府组织法",
    "地方组织法",
    "全国人民代表大会组织法",
    "代表法",
    "选举法",
    "保守国家秘密法",
    "国家安全法",
    "网络安全法",
    "数据安全法",
    "个人信息保护法",
    "反恐怖主义法",
    "反电信网络诈骗法",
    "突发事件应对法",
    "档案法",
    "统计法",
    "审计法",
    "预算法",
    "会计法",
    "税收征收管理法",
    "个人所得税法",
    "企业所得税法",
    "增值税法",
    "车船税法",
    "契税法",
    "城乡规划法",
    "建筑法",
    "消防法",
    "道路交通安全法",
    "道路运输条例",
    "道路交通安全法实施条例",
    "食品安全法",
    "药品管理法",
    "疫苗管理法",
    "传染病防治法",
    "基本医疗卫生与健康促进法",
    "医师法",
    "精神卫生法",
    "中医药法",
    "动物防疫法",
    "野生动物保护法",
    "环境保护法",
    "大气污染防治法",
    "水污染防治法",
    "土壤污染防治法",
    "固体废物污染环境防治法",
    "噪声污染防治法",
    "环境噪声污染防治法",
    "环境影响评价法",
    "森林法",
    "草原法",
    "水法",
    "防洪法",
    "土地管理法",
    "矿产资源法",
    "农业法",
    "种子法",
    "渔业法",
    "畜牧法",
    "节约能源法",
    "电力法",
    "循环经济促进法",
    "防震减灾法",
    "气象法",
    "测绘法",
    "文物保护法",
    "非物质文化遗产法",
    "公共文化服务保障法",
    "电影产业促进法",
    "旅游法",
    "人民调解法",
    "仲裁法",
    "律师法",
    "公证法",
    "法官法",
    "检察官法",
    "人民法院组织法",
    "人民检察院组织法",
    "外商投资法",
    "对外贸易法",
    "海关法",
    "进出口商品检验法",
    "反洗钱法",
    "中国人民银行法",
    "银行业监督管理法",
    "乡村振兴法",
    "长江保护法",
    "黄河保护法",
    // State Council regulations often cited by short name.
    "物业管理条例",
    "信访条例",
    "政府信息公开条例",
    "优化营商环境条例",
    "保障农民工工资支付条例",
    "工伤保险条例",
    "失业保险条例",
    "劳动保障监察条例",
    "国有土地上房屋征收与补偿条例",
    "城镇排水与污水处理条例",
    "城市市容和环境卫生管理条例",
    "机动车交通事故责任强制保险条例",
    "建设工程质量管理条例",
    "建设工程安全生产管理条例",
    "生产安全事故报告和调查处理条例",
    "危险化学品安全管理条例",
    "特种设备安全监察条例",
    "娱乐场所管理条例",
    "营业性演出管理条例",
    "医疗纠纷预防和处理条例",
    "医疗事故处理条例",
    "住房公积金管理条例",
    "社会救助暂行办法",
    "消防监督检查规定",
    "电动自行车安全技术规范",
];

/// Words that end like a law name but are not one (依法, 方法, 说法…): a bare name found by
/// walking back from 第 is refused when it is one of these or ends with one of them.
pub(super) const NOT_LAW_ENDINGS: &[&str] = &[
    "依法",
    "违法",
    "合法",
    "非法",
    "执法",
    "守法",
    "无法",
    "方法",
    "做法",
    "说法",
    "看法",
    "想法",
    "用法",
    "写法",
    "算法",
    "手法",
    "司法",
    "枉法",
    "设法",
    "办法规定",
];

/// The document-type words a title ends with, most specific first. A draft titled …条例 is
/// also cited as 条例 and 本条例; …法 as 本法 only.
pub(super) const DOC_TYPES: &[&str] = &[
    "实施细则",
    "实施办法",
    "条例",
    "办法",
    "规定",
    "细则",
    "规则",
    "解释",
    "决定",
    "安排",
    "意见",
    "批复",
    "准则",
    "规程",
    "规范",
    "法",
];

/// Stage markers that follow a draft's title (CITATIONS.md §1.4): a name carrying one is the
/// draft under consultation.
pub(super) const STAGE_MARKERS: &[&str] = &[
    "修订草案征求意见稿",
    "草案征求意见稿",
    "修订草案",
    "修正草案",
    "草案修改稿",
    "草案修改二稿",
    "草案二次审议稿",
    "草案三次审议稿",
    "草案建议表决稿",
    "征求意见稿",
    "送审稿",
    "审议稿",
    "修改稿",
    "二审稿",
    "三审稿",
    "一审稿",
    "建议稿",
    "草案",
];

/// Folds a character for matching: full-width forms to ASCII, the traditional characters of
/// CITATIONS.md §2.1 step 3 (and a few more that occur in citations) to simplified ones,
/// quotes and brackets to one form, ideographic and no-break spaces to a space.
#[inline]
pub(super) fn fold(c: char) -> char {
    if super::prescan::folds_to_itself(c) { c } else { fold_slow(c) }
}

/// [`fold`] by the table of characters (builds the fast path's table at compile time).
pub(super) const fn fold_slow(c: char) -> char {
    if c.is_ascii() {
        return match c {
            '\t' => ' ',
            '\r' => '\n',
            _ => c,
        };
    }
    match c {
        '\u{FF01}'..='\u{FF5E}' => match char::from_u32(c as u32 - 0xFEE0) {
            Some(f) => f,
            None => c,
        },
        '﹙' | '⁽' => '(',
        '﹚' | '⁾' => ')',
        '\u{3000}' | '\u{A0}' | '\t' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => ' ',
        '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => '\n',
        '〜' | '\u{223C}' => '~',
        '—' | '–' | '―' | '‐' | '‑' | '‒' | '\u{2212}' | '\u{FE63}' => '-',
        '「' | '『' | '\u{FF62}' => '“',
        '」' | '』' | '\u{FF63}' => '”',
        '\u{FF64}' => '、',
        '\u{FF61}' => '。',
        '〖' => '【',
        '〗' => '】',
        '條' => '条',
        '項' => '项',
        '節' => '节',
        '編' => '编',
        '則' => '则',
        '萬' => '万',
        '兩' => '两',
        '貳' => '贰',
        '參' => '叁',
        '陸' => '陆',
        '刪' => '删',
        '議' => '议',
        '為' => '为',
        '設' => '设',
        '規' => '规',
        '該' => '该',
        '後' => '后',
        '與' => '与',
        '審' => '审',
        '號' => '号',
        '於' => '于',
        '國' => '国',
        '華' => '华',
        '現' => '现',
        '釋' => '释',
        '辦' => '办',
        '調' => '调',
        '將' => '将',
        '並' => '并',
        '應' => '应',
        '認' => '认',
        '門' => '门',
        '屆' => '届',
        '決' => '决',
        '護' => '护',
        '權' => '权',
        '稅' => '税',
        '務' => '务',
        '業' => '业',
        '處' => '处',
        '罰' => '罚',
        '產' => '产',
        '動' => '动',
        '車' => '车',
        '電' => '电',
        '適' => '适',
        '據' => '据',
        '關' => '关',
        '書' => '书',
        '個' => '个',
        '實' => '实',
        '請' => '请',
        '義' => '义',
        '論' => '论',
        '說' => '说',
        '價' => '价',
        '營' => '营',
        '環' => '环',
        '險' => '险',
        '證' => '证',
        '訴' => '诉',
        '訟' => '讼',
        '憲' => '宪',
        '勞' => '劳',
        '會' => '会',
        '藥' => '药',
        '醫' => '医',
        '衛' => '卫',
        '當' => '当',
        '組' => '组',
        '織' => '织',
        '總' => '总',
        '補' => '补',
        '増' => '增',
        _ => c,
    }
}

/// The comparison form of a law or document name: folded, without whitespace, 《》, 〈〉, the
/// stage markers at its end (also in brackets), a trailing serial number in brackets
/// (…解释（一）) and a leading 中华人民共和国.
pub(super) fn name_key(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(fold)
        .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '〈' | '〉' | '<' | '>'))
        .collect();
    loop {
        let before = s.len();
        if s.ends_with(')')
            && let Some(open) = s.rfind('(')
        {
            let inner = &s[open + 1..s.len() - 1];
            if is_stage_marker(inner) || is_serial(inner) {
                s.truncate(open);
            }
        }
        for marker in STAGE_MARKERS {
            if s.len() > marker.len() && s.ends_with(marker) {
                s.truncate(s.len() - marker.len());
                break;
            }
        }
        if s.ends_with('·') {
            s.pop();
        }
        if s.len() == before {
            break;
        }
    }
    if let Some(rest) = s.strip_prefix("中华人民共和国")
        && !rest.is_empty()
    {
        s = rest.to_owned();
    }
    s
}

/// Whether `s` (folded) is a stage marker or a combination of them (草案·修改稿, 草案 征求意见稿).
pub(super) fn is_stage_marker(s: &str) -> bool {
    let s = s.trim_matches(|c: char| c == '·' || c.is_whitespace());
    if s.is_empty() {
        return false;
    }
    let mut rest = s;
    while !rest.is_empty() {
        rest = rest.trim_start_matches(|c: char| c == '·' || c.is_whitespace());
        match STAGE_MARKERS.iter().find(|m| rest.starts_with(**m)) {
            Some(m) => rest = &rest[m.len()..],
            None => return false,
        }
    }
    true
}

/// （一）, （二）…: the serial number of a document in a series.
fn is_serial(s: &str) -> bool {
    !s.is_empty() && s.chars().count() <= 3 && s.chars().all(crate::numeral::is_numeral_char)
}

/// Whether the name carries a stage marker: such a name is the draft under consultation.
pub(super) fn has_stage_marker(name: &str) -> bool {
    let folded: String = name.chars().map(fold).filter(|c| !c.is_whitespace()).collect();
    let trimmed = folded.trim_end_matches(['》', ')']);
    STAGE_MARKERS.iter().any(|m| trimmed.ends_with(m))
        || folded.contains("(草案")
        || folded.contains("草案)")
}

/// The aliases of a draft derived from its title (CITATIONS.md §1.5): the title, without stage
/// marker and 中华人民共和国, without the name of the province or city that makes it, and the
/// document-type words (条例, 本条例; 本法; 解释, 本解释…). Returned as comparison keys.
pub(super) fn derive_aliases(title: &str) -> Vec<String> {
    let mut out = Vec::new();
    let full = name_key(title);
    if full.is_empty() {
        return out;
    }
    push_unique(&mut out, full.clone());
    // Without the legislature's place: 滨江市电动自行车管理条例 → 电动自行车管理条例.
    if let Some(local) = strip_place(&full) {
        push_unique(&mut out, local);
    }
    if let Some(doc_type) = DOC_TYPES.iter().find(|t| full.ends_with(**t) && full.len() > t.len()) {
        if *doc_type == "法" {
            push_unique(&mut out, "本法".to_owned());
        } else {
            push_unique(&mut out, (*doc_type).to_owned());
            push_unique(&mut out, format!("本{doc_type}"));
        }
    }
    out
}

/// The title without a leading place name (…省, …市, …自治区, …自治州, …县, …区), when what is
/// left is still a name of at least four characters.
fn strip_place(key: &str) -> Option<String> {
    let chars: Vec<char> = key.chars().collect();
    let limit = chars.len().min(12);
    let mut cut = None;
    for i in 1..limit {
        let here = chars[i];
        let is_place_end = matches!(here, '省' | '市' | '县' | '州' | '区' | '盟' | '旗');
        if is_place_end && chars.len() - (i + 1) >= 4 {
            cut = Some(i + 1);
            if here == '市' || here == '县' || here == '区' {
                // A city inside a province: keep looking for the innermost place.
                continue;
            }
        }
    }
    let cut = cut?;
    let rest: String = chars[cut..].iter().collect();
    // 人民代表大会…, 人民政府…: the rest is an institution, not a topic.
    if rest.starts_with("人民") { None } else { Some(rest) }
}

fn push_unique(out: &mut Vec<String>, s: String) {
    if !s.is_empty() && !out.contains(&s) {
        out.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_width_markers_and_the_state_name() {
        assert_eq!(name_key("《中华人民共和国刑法》"), "刑法");
        assert_eq!(name_key("滨江市电动自行车管理条例（草案）"), "滨江市电动自行车管理条例");
        assert_eq!(
            name_key("厦门经济特区社会信用条例（草案修改二稿征求意见稿）"),
            "厦门经济特区社会信用条例"
        );
        assert_eq!(name_key("行政立法听证规则(草案)(征求意见稿)"), "行政立法听证规则");
        assert_eq!(
            name_key("关于适用《民法典》侵权责任编的解释（一）"),
            "关于适用民法典侵权责任编的解释"
        );
        assert_eq!(name_key("民法总则草案"), "民法总则");
    }

    #[test]
    fn aliases_of_a_title() {
        assert_eq!(
            derive_aliases("滨江市电动自行车管理条例（草案征求意见稿）"),
            ["滨江市电动自行车管理条例", "电动自行车管理条例", "条例", "本条例"]
        );
        assert_eq!(derive_aliases("中华人民共和国刑法"), ["刑法", "本法"]);
        assert_eq!(
            derive_aliases("最高人民法院关于内地与香港特别行政区相互执行仲裁裁决的安排"),
            ["最高人民法院关于内地与香港特别行政区相互执行仲裁裁决的安排", "安排", "本安排"]
        );
        assert_eq!(derive_aliases("浙江省宁波市物业管理条例")[1], "物业管理条例");
        assert!(derive_aliases("").is_empty());
    }

    #[test]
    fn stage_markers() {
        assert!(has_stage_marker("上海市养老服务条例（草案）"));
        assert!(has_stage_marker("民法总则草案"));
        assert!(!has_stage_marker("刑法修正案（七）"));
        assert!(is_stage_marker("草案·修改稿"));
        assert!(!is_stage_marker("七"));
    }
}
