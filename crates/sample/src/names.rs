//! Fixed lists: people, places, contact points, collectors, organisations, phrases.
//! Everything is fictional (滨江市 does not exist); real-looking on purpose.

use crate::rng::Rng;

/// Surnames with rough frequency weights (per mille of the population, rounded).
pub(crate) const SURNAMES: [(&str, u32); 80] = [
    ("王", 72),
    ("李", 72),
    ("张", 68),
    ("刘", 54),
    ("陈", 46),
    ("杨", 32),
    ("黄", 24),
    ("赵", 23),
    ("吴", 21),
    ("周", 20),
    ("徐", 18),
    ("孙", 16),
    ("马", 15),
    ("朱", 14),
    ("胡", 13),
    ("郭", 12),
    ("何", 12),
    ("林", 11),
    ("高", 11),
    ("罗", 10),
    ("郑", 10),
    ("梁", 9),
    ("谢", 8),
    ("宋", 7),
    ("唐", 7),
    ("许", 7),
    ("韩", 7),
    ("冯", 7),
    ("邓", 7),
    ("曹", 6),
    ("彭", 6),
    ("曾", 6),
    ("肖", 6),
    ("田", 5),
    ("董", 5),
    ("潘", 5),
    ("袁", 5),
    ("蔡", 5),
    ("蒋", 5),
    ("余", 5),
    ("于", 5),
    ("杜", 4),
    ("叶", 4),
    ("程", 4),
    ("魏", 4),
    ("苏", 4),
    ("吕", 4),
    ("丁", 4),
    ("任", 4),
    ("卢", 4),
    ("姚", 4),
    ("沈", 4),
    ("钟", 4),
    ("姜", 4),
    ("崔", 3),
    ("谭", 3),
    ("陆", 3),
    ("范", 3),
    ("汪", 3),
    ("廖", 3),
    ("石", 3),
    ("金", 3),
    ("韦", 3),
    ("贾", 3),
    ("夏", 3),
    ("方", 3),
    ("邹", 2),
    ("熊", 2),
    ("孟", 2),
    ("秦", 2),
    ("邱", 2),
    ("侯", 2),
    ("江", 2),
    ("尹", 2),
    ("薛", 2),
    ("段", 2),
    ("雷", 2),
    ("顾", 2),
    ("毛", 2),
    ("欧阳", 1),
];

/// Characters of given names (one or two of them).
pub(crate) const GIVEN: [&str; 128] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "文", "辉", "玲", "红", "鹏", "飞",
    "玉", "兰", "萍", "宇", "浩", "凯", "斌", "俊", "波", "宁", "欣", "雪", "琳", "晨", "颖", "佳",
    "婷", "子", "涵", "梓", "轩", "博", "雅", "瑞", "睿", "志", "海", "林", "峰", "东", "亮", "春",
    "晓", "燕", "梅", "荣", "德", "福", "金", "宏", "云", "光", "成", "新", "龙", "庆", "永", "祥",
    "生", "学", "民", "兴", "胜", "立", "慧", "丹", "倩", "琴", "蓉", "莉", "鑫", "昊", "鸿", "晖",
    "嘉", "怡", "欢", "彬", "健", "良", "忠", "秋", "菊", "凤", "美", "军", "振", "家", "耀", "思",
    "雨", "彤", "诗", "若", "梦", "乐", "安", "晴", "宏", "伦", "卫", "兵", "松", "柏", "玮", "琪",
];

pub(crate) fn person_name(rng: &mut Rng) -> String {
    let mut s = String::from(*rng.pick_weighted(&SURNAMES));
    s.push_str(rng.pick_str(&GIVEN));
    if rng.chance(0.72) {
        s.push_str(rng.pick_str(&GIVEN));
    }
    s
}

pub(crate) const DISTRICTS: [&str; 6] =
    ["江南区", "江北区", "城东区", "望湖区", "高新区", "西河县"];

pub(crate) const STREETS: [&str; 12] = [
    "春晓街道",
    "望湖街道",
    "新民街道",
    "城东街道",
    "江滨街道",
    "文昌街道",
    "白鹭街道",
    "西河镇",
    "高新街道",
    "紫荆街道",
    "云栖街道",
    "南湖街道",
];

pub(crate) const ESTATES: [&str; 32] = [
    "春晓小区",
    "望湖花园",
    "锦绣家园",
    "江南新村",
    "翠苑一区",
    "翠苑二区",
    "阳光水岸",
    "和平里",
    "学府名苑",
    "丽景湾",
    "金桂苑",
    "桃源新村",
    "枫林雅苑",
    "幸福里",
    "滨河嘉园",
    "红星新村",
    "紫荆花园",
    "梧桐苑",
    "文昌小区",
    "白鹭湾",
    "新民一村",
    "新民二村",
    "东湖小区",
    "电力宿舍",
    "纺织厂宿舍",
    "南湖春天",
    "云栖雅居",
    "香樟园",
    "玉兰公寓",
    "教师新村",
    "城东嘉苑",
    "百合苑",
];

pub(crate) const ROADS: [&str; 14] = [
    "春晓路",
    "人民大道",
    "望湖路",
    "新民街",
    "学院路",
    "滨河路",
    "建设路",
    "文昌路",
    "江滨大道",
    "兴业路",
    "和平路",
    "白鹭路",
    "紫荆路",
    "南湖路",
];

pub(crate) fn address(rng: &mut Rng) -> String {
    let district = rng.pick(&DISTRICTS);
    let road = rng.pick(&ROADS);
    let no = rng.range(1, 388);
    let building = rng.range(1, 24);
    let unit = rng.range(1, 4);
    let room = rng.range(1, 18) * 100 + rng.range(1, 4);
    match rng.weighted(&[45, 25, 15, 15]) {
        0 => format!("滨江市{district}{road}{no}号{building}幢{unit}单元{room}室"),
        1 => format!("{district}{road}{no}号{}{building}幢{unit}单元{room}室", rng.pick(&ESTATES)),
        2 => format!("滨江市{district}{}{building}幢{room}室", rng.pick(&ESTATES)),
        _ => format!("{road}{no}号{building}-{unit}-{room}"),
    }
}

/// Kinds of contact point, which decide the channels they collect through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PointKind {
    Street,
    Lawyers,
    Academic,
    Industry,
    Enterprise,
    Office,
}

/// Contact points (基层立法联系点) and the office itself, with their collectors (信息员).
pub(crate) const CONTACT_POINTS: [(&str, PointKind, &[&str]); 9] = [
    ("江南区春晓街道基层立法联系点", PointKind::Street, &["沈佳怡", "吴国平", "陆晓燕"]),
    ("江北区望湖街道基层立法联系点", PointKind::Street, &["何丽娟", "周建军", "钱思远"]),
    ("城东区新民社区基层立法联系点", PointKind::Street, &["许文华", "蒋美玲"]),
    ("西河镇人大主席团基层立法联系点", PointKind::Street, &["唐志刚", "邱桂英"]),
    ("滨江市律师协会基层立法联系点", PointKind::Lawyers, &["郑立群", "严雅琴"]),
    ("滨江大学法学院基层立法联系点", PointKind::Academic, &["林书涵", "韩博文"]),
    ("滨江市快递物流行业协会基层立法联系点", PointKind::Industry, &["马永胜", "叶小燕"]),
    ("高新区企业服务中心基层立法联系点", PointKind::Enterprise, &["孙立新", "方晓琳"]),
    ("滨江市人大常委会法制工作委员会", PointKind::Office, &["张宏伟", "黄思琪", "陈立"]),
];

pub(crate) fn channels(kind: PointKind) -> &'static [(&'static str, u32)] {
    match kind {
        PointKind::Street => &[("座谈会", 38), ("入户走访", 27), ("微信小程序", 27), ("信函", 8)],
        PointKind::Lawyers => &[("座谈会", 50), ("电子邮件", 35), ("微信小程序", 15)],
        PointKind::Academic => &[("座谈会", 45), ("电子邮件", 45), ("信函", 10)],
        PointKind::Industry => &[("座谈会", 45), ("微信小程序", 45), ("入户走访", 10)],
        PointKind::Enterprise => &[("座谈会", 50), ("电子邮件", 30), ("微信小程序", 20)],
        PointKind::Office => &[("网上征求意见系统", 72), ("电子邮件", 14), ("信函", 14)],
    }
}

pub(crate) const COMPANIES: [&str; 10] = [
    "滨江市绿驰车业有限公司",
    "滨江捷运电动车销售有限公司",
    "滨江市安骑电动车商行",
    "滨江锂能科技有限公司",
    "滨江市顺达换电科技有限公司",
    "滨江恒通电池回收有限公司",
    "滨江市小蜂出行科技有限公司",
    "江北区永安车行",
    "滨江市东方电动车制造有限公司",
    "滨江飞驰智能科技有限公司",
];

pub(crate) const PROPERTY_FIRMS: [&str; 6] = [
    "滨江安居物业服务有限公司",
    "滨江市锦城物业管理有限公司",
    "滨江嘉和物业服务有限公司",
    "望湖物业管理有限公司",
    "滨江市城东物业服务中心",
    "滨江和园物业服务有限公司",
];

pub(crate) const LAW_FIRMS: [&str; 5] = [
    "滨江正衡律师事务所",
    "滨江明理律师事务所",
    "滨江天平律师事务所",
    "滨江律和律师事务所",
    "江北区法律援助中心",
];

pub(crate) const INSTITUTES: [&str; 6] = [
    "滨江大学法学院",
    "滨江大学交通运输学院",
    "滨江市交通规划研究院",
    "滨江职业技术学院",
    "滨江市消防协会",
    "滨江市社会科学院",
];

pub(crate) const DEPUTY_UNITS: [&str; 6] = [
    "滨江市第一人民医院",
    "江南区春晓社区居民委员会",
    "滨江市实验小学",
    "滨江公交集团有限公司",
    "西河镇东岙村村民委员会",
    "滨江市总工会",
];

pub(crate) const SCHOOLS: [&str; 3] = ["滨江大学", "滨江第二中学", "滨江职业技术学院"];

pub(crate) const RIDER_STATIONS: [&str; 4] = ["快跑外卖", "饿不着外卖", "闪送达配送", "同城急送"];

pub(crate) const COURIERS: [&str; 4] = ["迅达快递", "通途速运", "安捷快递", "百顺物流"];

/// Openings written by the submitter.
pub(crate) const OPENINGS_WRITTEN: [&str; 18] = [
    "您好！",
    "你好！",
    "尊敬的领导：",
    "各位领导好！",
    "认真学习了条例草案，提一点意见。",
    "针对这次征求意见的条例草案，提以下建议：",
    "本人对草案有一点意见：",
    "关于电动车条例，说说我的看法。",
    "看到市人大在征求意见，我也来说两句。",
    "条例草案写得很好，但还有需要完善的地方。",
    "对电动自行车条例提个建议。",
    "有个问题想反映一下。",
    "建议如下：",
    "意见：",
    "我的意见是：",
    "尊敬的市人大常委会法工委：",
    "我想提一个建议。",
    "在网上看到了征求意见稿，提一点看法。",
];

/// Openings of residents that lead straight into the point (they end with "，").
pub(crate) const OPENINGS_CITIZEN: [&str; 6] = [
    "我是一名普通市民，",
    "作为一名骑了十多年电动车的老市民，",
    "我在滨江生活了二十多年，",
    "看了条例草案，",
    "在网上看到了征求意见稿，",
    "作为一名普通群众，",
];

/// Openings a collector writes when typing up a forum or a home visit.
pub(crate) const OPENINGS_FORUM: [&str; 10] = [
    "座谈会上，有{g}提出：",
    "与会人员认为，",
    "有参会人员建议：",
    "参会代表提出，",
    "座谈中有人反映，",
    "{g}代表提出：",
    "{s}{h}（{g}）提出：",
    "有{g}反映，",
    "会上大家讨论比较多的是，",
    "与会{g}表示，",
];

pub(crate) const OPENINGS_VISIT: [&str; 6] = [
    "走访中居民反映：",
    "入户走访时，住户提出：",
    "{s}阿姨说：",
    "{s}大爷反映，",
    "走访{e}时，居民表示，",
    "{s}师傅提出：",
];

pub(crate) const CLOSINGS_WRITTEN: [&str; 16] = [
    "以上意见，供参考。",
    "以上建议，请予考虑。",
    "望采纳！",
    "望采纳，谢谢！",
    "谢谢！",
    "希望能够采纳。",
    "恳请予以考虑。",
    "此致\n敬礼！",
    "希望条例早日出台。",
    "不知道这个意见是否合适，仅供参考。",
    "请领导重视。",
    "谢谢你们听取群众意见。",
    "以上是我的一点想法。",
    "希望有关部门认真研究。",
    "麻烦了，谢谢。",
    "盼复。",
];

pub(crate) const CLOSINGS_FORUM: [&str; 5] = [
    "其他与会人员表示赞同。",
    "（记录人整理）",
    "多名居民表示同意。",
    "该意见得到多数参会人员认同。",
    "以上意见已现场记录。",
];
