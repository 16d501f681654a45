//! The draft's articles and the bank of opinion points (`data/points.txt`), parsed once.

use crate::cn::parse_cn_number;
use crate::phrase::Phrase;

/// One article of the draft: number, chapter number and its lines (款 and 项).
#[derive(Debug, Clone)]
pub(crate) struct Article {
    pub(crate) number: u32,
    pub(crate) chapter: u32,
    pub(crate) text: String,
}

/// Parse `第X条　…` lines and `## 第X章　…` headings of the draft.
pub(crate) fn parse_draft(text: &str) -> Vec<Article> {
    let mut out: Vec<Article> = Vec::new();
    let mut chapter = 0;
    let mut in_body = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("# ") {
            in_body = true;
            continue;
        }
        if !in_body || line.is_empty() {
            continue;
        }
        if let Some(h) = line.strip_prefix("## 第") {
            if let Some((num, _)) = h.split_once('章') {
                chapter = parse_cn_number(num).unwrap_or(chapter);
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix('第')
            && let Some((num, body)) = rest.split_once('条')
            && let Some(n) = parse_cn_number(num)
            && body.starts_with('\u{3000}')
        {
            out.push(Article {
                number: n,
                chapter,
                text: body.trim_start_matches('\u{3000}').to_string(),
            });
            continue;
        }
        if let Some(last) = out.last_mut() {
            last.text.push('\n');
            last.text.push_str(line);
        }
    }
    out
}

/// A suggestion with the reasons that fit it.
#[derive(Debug, Clone)]
pub(crate) struct Ask {
    pub(crate) text: Phrase,
    pub(crate) reasons: Vec<Phrase>,
}

/// One opinion point: what is said about one unit of the draft (or about the whole draft).
#[derive(Debug, Clone)]
pub(crate) struct Point {
    /// `"28.1.1"`, `"44"`, `"0#3"` (general): stable, written into the truth as `points`.
    pub(crate) key: String,
    /// Article (0 = general).
    pub(crate) article: u32,
    pub(crate) paragraph: Option<u32>,
    pub(crate) item: Option<u32>,
    /// What the point is about, for an opinion that describes it (楼道停放充电).
    pub(crate) topic: Phrase,
    pub(crate) quote: String,
    /// Used for `{R}` when the opinion does not name the article.
    pub(crate) stand_in: Phrase,
    pub(crate) contexts: Vec<Phrase>,
    pub(crate) shared_reasons: Vec<Phrase>,
    pub(crate) asks: Vec<Ask>,
}

impl Point {
    pub(crate) fn is_general(&self) -> bool {
        self.article == 0
    }
}

/// Parse the bank. Panics on a malformed line: the file is part of the crate.
pub(crate) fn parse_points(text: &str) -> Vec<Point> {
    let mut points: Vec<Point> = Vec::new();
    let mut general_count = 0;
    // The tag of the last sentence line, which a `|` line gives another phrasing of.
    let mut last_tag = ' ';
    for (lineno, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (tag, rest) = line.split_at(1);
        let rest = rest.trim_start_matches(['=', ' ']);
        match tag {
            "=" => {
                let fields: Vec<&str> = split_fields(rest);
                assert!(fields.len() >= 2, "points.txt:{}: header needs ART | topic", lineno + 1);
                let mut nums = fields[0].split('.').map(|s| s.parse::<u32>().expect("number"));
                let article = nums.next().unwrap_or(0);
                let paragraph = nums.next();
                let item = nums.next();
                let key = if article == 0 {
                    general_count += 1;
                    format!("0#{general_count}")
                } else {
                    let n = points
                        .iter()
                        .filter(|p| p.key.split('#').next() == Some(fields[0]))
                        .count();
                    if n == 0 { fields[0].to_string() } else { format!("{}#{}", fields[0], n + 1) }
                };
                let topic = Phrase::new(fields[1]);
                let quote = fields.get(2).map(|s| s.to_string()).unwrap_or_default();
                let stand_in =
                    Phrase::new(fields.get(3).filter(|s| !s.is_empty()).unwrap_or(&"相关规定"));
                last_tag = '=';
                points.push(Point {
                    key,
                    article,
                    paragraph,
                    item,
                    topic,
                    quote,
                    stand_in,
                    contexts: Vec::new(),
                    shared_reasons: Vec::new(),
                    asks: Vec::new(),
                });
            }
            "+" | "?" | "~" | "|" => {
                let p = points
                    .last_mut()
                    .unwrap_or_else(|| panic!("points.txt:{}: line before a header", lineno + 1));
                let body = line[1..].trim();
                match tag {
                    "+" => p.asks.push(Ask { text: Phrase::new(body), reasons: Vec::new() }),
                    "~" => p.contexts.push(Phrase::new(body)),
                    "?" => match p.asks.last_mut() {
                        Some(a) => a.reasons.push(Phrase::new(body)),
                        None => p.shared_reasons.push(Phrase::new(body)),
                    },
                    _ => {
                        let last = match last_tag {
                            '+' => p.asks.last_mut().map(|a| &mut a.text),
                            '~' => p.contexts.last_mut(),
                            '?' => match p.asks.last_mut() {
                                Some(a) => a.reasons.last_mut(),
                                None => p.shared_reasons.last_mut(),
                            },
                            _ => None,
                        };
                        last.unwrap_or_else(|| {
                            panic!("points.txt:{}: | must follow a + ? or ~ line", lineno + 1)
                        })
                        .add_variant(body);
                    }
                }
                if tag != "|" {
                    last_tag = tag.chars().next().unwrap_or(' ');
                }
            }
            _ => panic!("points.txt:{}: unknown line {line:?}", lineno + 1),
        }
    }
    points
}

/// The `|`-separated fields of a header, trimmed; a `|` inside `[…]` separates choices, not
/// fields.
fn split_fields(line: &str) -> Vec<&str> {
    let mut fields = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (at, c) in line.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '|' if depth == 0 => {
                fields.push(line[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    fields.push(line[start..].trim());
    fields
}
