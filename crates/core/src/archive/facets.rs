//! Facet counts over the fast fields: matching opinions per consultation (a string column) and
//! per article (a multi-valued u64 column), in one pass with the search.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts per consultation, most first, and per article (`None`: no article), most first.
pub(super) type Facets = (Vec<(String, u64)>, Vec<(Option<u32>, u64)>);

pub(super) struct FacetCollector {
    consultation: &'static str,
    article: &'static str,
}

impl FacetCollector {
    pub(super) fn new(consultation: &'static str, article: &'static str) -> FacetCollector {
        FacetCollector { consultation, article }
    }
}

pub(super) struct SegmentFacets {
    consultation: Option<StrColumn>,
    article: Column<u64>,
    by_ord: Vec<u64>,
    /// Counts by article number (articles are numbered densely from 1).
    by_article: Vec<u64>,
    /// Counts of article numbers too large for the vector (not seen in real drafts).
    by_large_article: HashMap<u64, u64>,
    no_article: u64,
}

/// What one segment counted: consultation names with counts, article counts, no-article count.
pub(super) type SegmentFruit = (Vec<(String, u64)>, HashMap<u64, u64>, u64);

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let fast = segment.fast_fields();
        let consultation = fast.str(self.consultation)?;
        let ords = consultation.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegmentFacets {
            consultation,
            article: fast.u64(self.article)?,
            by_ord: vec![0; ords],
            by_article: vec![0; 1024],
            by_large_article: HashMap::new(),
            no_article: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Facets> {
        let mut consultations: HashMap<String, u64> = HashMap::new();
        let mut articles: HashMap<Option<u32>, u64> = HashMap::new();
        for (names, by_article, none) in fruits {
            for (name, n) in names {
                *consultations.entry(name).or_default() += n;
            }
            for (a, n) in by_article {
                *articles.entry(u32::try_from(a).ok()).or_default() += n;
            }
            if none > 0 {
                *articles.entry(None).or_default() += none;
            }
        }
        let mut consultations: Vec<(String, u64)> = consultations.into_iter().collect();
        consultations.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut articles: Vec<(Option<u32>, u64)> = articles.into_iter().collect();
        articles.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok((consultations, articles))
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(c) = &self.consultation {
            for ord in c.term_ords(doc) {
                if let Some(n) = usize::try_from(ord).ok().and_then(|o| self.by_ord.get_mut(o)) {
                    *n += 1;
                }
            }
        }
        let mut any = false;
        for a in self.article.values_for_doc(doc) {
            match usize::try_from(a).ok().and_then(|i| self.by_article.get_mut(i)) {
                Some(n) => *n += 1,
                None => *self.by_large_article.entry(a).or_default() += 1,
            }
            any = true;
        }
        if !any {
            self.no_article += 1;
        }
    }

    fn harvest(self) -> SegmentFruit {
        let mut names = Vec::new();
        if let Some(c) = &self.consultation {
            let mut name = String::new();
            for (ord, &n) in self.by_ord.iter().enumerate() {
                if n > 0 && c.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
                    names.push((std::mem::take(&mut name), n));
                }
            }
        }
        let mut by_article = self.by_large_article;
        for (a, &n) in self.by_article.iter().enumerate() {
            if n > 0 {
                by_article.insert(a as u64, n);
            }
        }
        (names, by_article, self.no_article)
    }
}
