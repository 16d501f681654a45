//! The draft's articles and the bank of opinion points (`data/points.txt`), parsed once.

use crate::cn::parse_cn_number;

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
    pub(crate) text: String,
    pub(crate) reasons: Vec<String>,
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
    pub(crate) topic: String,
    pub(crate) quote: String,
    /// Used for `{R}` when the opinion does not name the article.
    pub(crate) stand_in: String,
    pub(crate) contexts: Vec<String>,
    pub(crate) shared_reasons: Vec<String>,
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
    for (lineno, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (tag, rest) = line.split_at(1);
        let rest = rest.trim_start_matches(['=', ' ']);
        match tag {
            "=" => {
                let fields: Vec<&str> = rest.split('|').map(str::trim).collect();
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
                let topic = fields[1].to_string();
                let quote = fields.get(2).map(|s| s.to_string()).unwrap_or_default();
                let stand_in = fields
                    .get(3)
                    .filter(|s| !s.is_empty())
                    .map_or_else(|| "相关规定".to_string(), |s| s.to_string());
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
            "+" | "?" | "~" => {
                let p = points
                    .last_mut()
                    .unwrap_or_else(|| panic!("points.txt:{}: line before a header", lineno + 1));
                let body = line[1..].trim().to_string();
                match tag {
                    "+" => p.asks.push(Ask { text: body, reasons: Vec::new() }),
                    "~" => p.contexts.push(body),
                    _ => match p.asks.last_mut() {
                        Some(a) => a.reasons.push(body),
                        None => p.shared_reasons.push(body),
                    },
                }
            }
            _ => panic!("points.txt:{}: unknown line {line:?}", lineno + 1),
        }
    }
    points
}
