//! Catalogues: movies and songs with one vector each in the model's emotion space.
//!
//! Shipped catalogues are JSON Lines files in `resources/catalogue/` (`movies.jsonl`,
//! `music.jsonl`): a header line naming the model (id and sha256) the vectors were computed
//! with, then one item per line. Readable, diff-able, and fast enough to load (≈ 30k items in
//! tens of milliseconds). [`Catalogue`] is the in-memory index ranking runs over: vectors are
//! centred on their kind's mean and normalised once, at load.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use haru_core::{Audience, ItemKind};
use serde::{Deserialize, Serialize};

use crate::space::{self, Vector, DIMS};
use crate::RecommendError;
use crate::{fit, learner};

pub const FORMAT: &str = "haru-catalogue";
pub const FORMAT_VERSION: u32 = 1;

/// The first line of a catalogue file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueHeader {
    pub format: String,
    pub version: u32,
    pub kind: ItemKind,
    /// Model id and sha256 of `haru-emotion.onnx` the vectors came from.
    pub model_id: String,
    pub model_sha256: String,
    pub items: usize,
    /// Where the items came from, with licences/attribution.
    pub sources: Vec<String>,
}

/// How an item's vector was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The model read the plot summary (overview + tagline or description).
    Story,
    /// The mean of the model's reading of viewers' reviews (what viewers felt).
    Reviews,
    /// Mapped from audio features (valence, energy, …) by the calibrated mood mapping.
    Audio,
    /// The model read text the user supplied with an imported item.
    Text,
}

/// One movie or song.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueItem {
    pub id: String,
    pub kind: ItemKind,
    pub title: String,
    /// Artist (songs) or director, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub genres: Vec<String>,
    #[serde(default)]
    pub language: Option<String>,
    /// Popularity as a percentile within its source, in [0, 1].
    #[serde(default)]
    pub popularity: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    pub source: String,
    pub basis: Basis,
    /// The dominant mood for audio-based songs (happy, sad, calm, energetic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mood: Option<String>,
    /// Films and series: the content rating as the source publishes it ("TV-Y", "PG-13", …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<String>,
    /// Songs: energy from the audio features, 0 (still) to 1 (intense).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub energy: Option<f32>,
    /// Songs: musical valence from the audio features, 0 (sad-sounding) to 1 (happy). Not the
    /// emotional balance ranking computes from the vector (`space::balance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valence: Option<f32>,
    /// Songs: the source marks the lyrics explicit.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub explicit: bool,
    /// 28 values in the model's label order.
    pub vector: Vec<f32>,
}

impl CatalogueItem {
    /// An item with its identity only (no metadata, an empty vector), to fill in with struct
    /// update syntax.
    pub fn new(id: String, kind: ItemKind, title: &str, source: &str, basis: Basis) -> Self {
        CatalogueItem {
            id,
            kind,
            title: title.to_string(),
            creator: None,
            year: None,
            genres: Vec::new(),
            language: None,
            popularity: 0.0,
            link: None,
            source: source.to_string(),
            basis,
            mood: None,
            rating: None,
            energy: None,
            valence: None,
            explicit: false,
            vector: Vec::new(),
        }
    }
}

/// Reads a catalogue file: its header and items. Every line is checked; a bad one is an error
/// naming the line.
pub fn read_file(path: &Path) -> Result<(CatalogueHeader, Vec<CatalogueItem>), RecommendError> {
    let file = File::open(path).map_err(RecommendError::io(path))?;
    let bad = |line: usize, detail: String| RecommendError::BadCatalogue {
        path: path.to_path_buf(),
        detail: format!("line {line}: {detail}"),
    };
    let mut lines = BufReader::new(file).lines();
    let header_line = lines
        .next()
        .ok_or_else(|| bad(1, "the file is empty".into()))?
        .map_err(|e| bad(1, e.to_string()))?;
    let header: CatalogueHeader =
        serde_json::from_str(&header_line).map_err(|e| bad(1, e.to_string()))?;
    if header.format != FORMAT || header.version != FORMAT_VERSION {
        return Err(bad(
            1,
            format!(
                "not a version {FORMAT_VERSION} {FORMAT} file ({} {})",
                header.format, header.version
            ),
        ));
    }
    let mut items = Vec::with_capacity(header.items);
    for (n, line) in lines.enumerate() {
        let line = line.map_err(|e| bad(n + 2, e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        let item: CatalogueItem =
            serde_json::from_str(&line).map_err(|e| bad(n + 2, e.to_string()))?;
        if item.vector.len() != haru_core::LABELS.len()
            || item.vector.iter().any(|x| !x.is_finite())
        {
            return Err(bad(n + 2, "the vector must hold 28 finite numbers".into()));
        }
        items.push(item);
    }
    if items.len() != header.items {
        return Err(bad(
            0,
            format!("header says {} items, found {}", header.items, items.len()),
        ));
    }
    Ok((header, items))
}

/// Writes a catalogue file atomically (a temporary file renamed over the target).
pub fn write_file(
    path: &Path,
    header: &CatalogueHeader,
    items: &[CatalogueItem],
) -> Result<(), RecommendError> {
    let io = RecommendError::io(path);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = path.with_extension("jsonl.tmp");
    {
        let mut out = BufWriter::new(File::create(&tmp).map_err(io)?);
        let header_line = serde_json::to_string(header).expect("header serialises");
        writeln!(out, "{header_line}").map_err(io)?;
        for item in items {
            let mut rounded = item.clone();
            rounded
                .vector
                .iter_mut()
                .for_each(|x| *x = (*x * 10_000.0).round() / 10_000.0);
            let line = serde_json::to_string(&rounded).expect("item serialises");
            writeln!(out, "{line}").map_err(io)?;
        }
        out.into_inner()
            .map_err(|e| io(e.into_error()))?
            .sync_all()
            .map_err(io)?;
    }
    std::fs::rename(&tmp, path).map_err(io)
}

/// The shipped catalogue files in a resources folder.
pub fn shipped_files(resources: &Path) -> [PathBuf; 2] {
    [
        resources.join("catalogue").join("movies.jsonl"),
        resources.join("catalogue").join("music.jsonl"),
    ]
}

/// Finds the resources folder (the one holding `catalogue/`): `$HARU_RESOURCE_DIR`, else the
/// bundle folders beside the executable, else (development builds) the checkout's
/// `resources/` — the one lookup the app and the CLI share (see `haru_bundle`). When there is
/// none, the error names where this build expected it.
pub fn locate_resources() -> Result<PathBuf, RecommendError> {
    if let Some(dir) = std::env::var_os("HARU_RESOURCE_DIR").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    haru_bundle::locate(haru_bundle::Bundled::Resources, |dir| {
        dir.join("catalogue").join("movies.jsonl").is_file()
    })
    .map_err(|expected| RecommendError::NoCatalogue {
        expected: expected.join("catalogue"),
    })
}

/// The index ranking runs over: items of one or both kinds with centred unit vectors, and
/// the per-item facts ranking reads kept in flat arrays (a scan over a million items touches
/// only these, never the items themselves).
pub struct Catalogue {
    pub items: Vec<CatalogueItem>,
    /// Row-major `items.len() × DIMS`: each item's vector minus its kind's mean, normalised.
    pub(crate) units: Vec<f32>,
    /// Each item's balance of positive and negative mass in its raw vector (`space::balance`).
    pub(crate) balance: Vec<f32>,
    pub(crate) kinds: Vec<ItemKind>,
    pub(crate) popularity: Vec<f32>,
    /// Release year, `i32::MIN` when unknown.
    pub(crate) years: Vec<i32>,
    /// Index into `languages`, `u16::MAX` when unknown.
    pub(crate) language_ids: Vec<u16>,
    pub languages: Vec<String>,
    /// Genres of item `n`: `genre_flat[genre_offsets[n]..genre_offsets[n + 1]]` (indices
    /// into `genres`), with the learner's bucket of each in `bucket_flat` alongside.
    genre_offsets: Vec<u32>,
    genre_flat: Vec<u16>,
    bucket_flat: Vec<u8>,
    /// Genre vocabulary (lower case).
    pub genres: Vec<String>,
    /// Per item: the learner's language slot and era slot (`u8::MAX`: none).
    pub(crate) language_slot: Vec<u8>,
    pub(crate) era_slot: Vec<u8>,
    /// Per item: who it is made for, and whether it is a horror title (see `fit`).
    pub audience: Vec<Audience>,
    pub(crate) horror: Vec<bool>,
    pub(crate) by_id: HashMap<String, u32>,
    means: HashMap<ItemKind, Vector>,
    /// sha256 of the model the vectors came from (when every file agrees).
    pub model_sha256: Option<String>,
}

impl Catalogue {
    /// Builds the index over items. Items with the same id keep the first one.
    pub fn new(items: Vec<CatalogueItem>, model_sha256: Option<String>) -> Catalogue {
        let mut seen = HashMap::new();
        let items: Vec<CatalogueItem> = items
            .into_iter()
            .filter(|item| seen.insert(item.id.clone(), ()).is_none())
            .collect();
        let mut means = HashMap::new();
        for kind in [ItemKind::Movie, ItemKind::Music] {
            let mean = space::mean(
                items
                    .iter()
                    .filter(|i| i.kind == kind)
                    .map(|i| space::emotions(&i.vector)),
            );
            means.insert(kind, mean);
        }
        let n = items.len();
        let mut units = Vec::with_capacity(n * DIMS);
        let mut balance = Vec::with_capacity(n);
        let mut genres: Vec<String> = Vec::new();
        let mut genre_index: HashMap<String, u16> = HashMap::new();
        let mut languages: Vec<String> = Vec::new();
        let mut language_index: HashMap<String, u16> = HashMap::new();
        let mut genre_offsets = Vec::with_capacity(n + 1);
        let mut genre_flat = Vec::with_capacity(n * 2);
        let mut bucket_flat = Vec::with_capacity(n * 2);
        let mut language_ids = Vec::with_capacity(n);
        let mut language_slot = Vec::with_capacity(n);
        let mut era_slot = Vec::with_capacity(n);
        let mut by_id = HashMap::with_capacity(n);
        genre_offsets.push(0u32);
        for (i, item) in items.iter().enumerate() {
            let raw = space::emotions(&item.vector);
            let mean = means[&item.kind];
            let mut centred = raw;
            centred.iter_mut().zip(mean).for_each(|(x, m)| *x -= m);
            units.extend_from_slice(&space::unit(&centred));
            balance.push(space::balance(&raw));
            let mut mine: Vec<u16> = Vec::new();
            for g in &item.genres {
                let g = normalise_genre(g);
                if g.is_empty() || genres.len() >= u16::MAX as usize {
                    continue;
                }
                let next = genres.len() as u16;
                let id = *genre_index.entry(g.clone()).or_insert_with(|| {
                    genres.push(g);
                    next
                });
                if !mine.contains(&id) {
                    mine.push(id);
                }
            }
            for &g in &mine {
                genre_flat.push(g);
                bucket_flat.push(learner::genre_bucket(&genres[g as usize]) as u8);
            }
            genre_offsets.push(genre_flat.len() as u32);
            language_ids.push(match &item.language {
                Some(l) if languages.len() < u16::MAX as usize => {
                    let next = languages.len() as u16;
                    *language_index.entry(l.clone()).or_insert_with(|| {
                        languages.push(l.clone());
                        next
                    })
                }
                _ => u16::MAX,
            });
            let slot = |s: Option<usize>| s.map_or(u8::MAX, |s| s as u8);
            language_slot.push(slot(learner::language_slot(item.language.as_deref())));
            era_slot.push(slot(learner::era_slot(item.year)));
            by_id.insert(item.id.clone(), i as u32);
        }
        Catalogue {
            kinds: items.iter().map(|i| i.kind).collect(),
            popularity: items
                .iter()
                .map(|i| {
                    if i.popularity.is_finite() {
                        i.popularity
                    } else {
                        0.0
                    }
                })
                .collect(),
            years: items.iter().map(|i| i.year.unwrap_or(i32::MIN)).collect(),
            audience: items.iter().map(fit::audience).collect(),
            horror: items.iter().map(fit::horror).collect(),
            items,
            units,
            balance,
            language_ids,
            languages,
            genre_offsets,
            genre_flat,
            bucket_flat,
            genres,
            language_slot,
            era_slot,
            by_id,
            means,
            model_sha256,
        }
    }

    /// Genres of item `n` (indices into [`Catalogue::genres`]).
    pub fn genres_of(&self, n: usize) -> &[u16] {
        &self.genre_flat[self.genre_offsets[n] as usize..self.genre_offsets[n + 1] as usize]
    }

    /// The learner's genre buckets of item `n`.
    pub(crate) fn buckets_of(&self, n: usize) -> &[u8] {
        &self.bucket_flat[self.genre_offsets[n] as usize..self.genre_offsets[n + 1] as usize]
    }

    /// Loads the shipped catalogues from a resources folder.
    pub fn load_shipped(resources: &Path) -> Result<Catalogue, RecommendError> {
        let mut items = Vec::new();
        let mut shas = Vec::new();
        for path in shipped_files(resources) {
            let (header, mut part) = read_file(&path)?;
            shas.push(header.model_sha256);
            items.append(&mut part);
        }
        shas.dedup();
        let sha = if shas.len() == 1 { shas.pop() } else { None };
        Ok(Catalogue::new(items, sha))
    }

    /// A catalogue with more items (the user's imports) appended.
    pub fn with_items(self, extra: Vec<CatalogueItem>) -> Catalogue {
        if extra.is_empty() {
            return self;
        }
        let sha = self.model_sha256.clone();
        let mut items = self.items;
        items.extend(extra);
        Catalogue::new(items, sha)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).map(|&n| n as usize)
    }

    pub fn item(&self, id: &str) -> Option<&CatalogueItem> {
        self.index_of(id).map(|n| &self.items[n])
    }

    pub(crate) fn unit(&self, n: usize) -> &[f32] {
        &self.units[n * DIMS..(n + 1) * DIMS]
    }

    /// What is distinctive about an item: its emotions minus its kind's mean.
    pub fn distinctive(&self, n: usize) -> Vector {
        let item = &self.items[n];
        let mut v = space::emotions(&item.vector);
        v.iter_mut()
            .zip(self.means[&item.kind])
            .for_each(|(x, m)| *x -= m);
        v
    }

    /// Genres by how many items carry them, most common first.
    pub fn common_genres(&self, limit: usize) -> Vec<String> {
        let mut counts = vec![0u32; self.genres.len()];
        for &g in &self.genre_flat {
            counts[g as usize] += 1;
        }
        let mut order: Vec<usize> = (0..self.genres.len()).collect();
        order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
        order
            .into_iter()
            .take(limit)
            .map(|g| self.genres[g].clone())
            .collect()
    }

    pub fn genre_id(&self, genre: &str) -> Option<u16> {
        let g = normalise_genre(genre);
        self.genres.iter().position(|x| *x == g).map(|n| n as u16)
    }
}

/// Genres compare in lower case with single spaces ("Science Fiction" = "science  fiction").
pub fn normalise_genre(genre: &str) -> String {
    genre
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn item(id: &str, kind: ItemKind, genres: &[&str], pairs: &[(&str, f32)]) -> CatalogueItem {
        let mut vector = vec![0.02; 28];
        for (label, value) in pairs {
            vector[haru_core::emotion::label_index(label).unwrap()] = *value;
        }
        CatalogueItem {
            year: Some(2001),
            genres: genres.iter().map(|g| g.to_string()).collect(),
            language: Some("en".into()),
            popularity: 0.5,
            vector,
            ..CatalogueItem::new(
                id.into(),
                kind,
                &format!("Title {id}"),
                "test",
                Basis::Story,
            )
        }
    }

    #[test]
    fn files_round_trip_and_bad_lines_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("catalogue/movies.jsonl");
        let items = vec![
            item("a", ItemKind::Movie, &["Drama"], &[("sadness", 0.7)]),
            item(
                "b",
                ItemKind::Movie,
                &["Comedy"],
                &[("amusement", 0.123456)],
            ),
        ];
        let header = CatalogueHeader {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            kind: ItemKind::Movie,
            model_id: "m".into(),
            model_sha256: "abc".into(),
            items: 2,
            sources: vec![],
        };
        write_file(&path, &header, &items).unwrap();
        let (h, back) = read_file(&path).unwrap();
        assert_eq!(h, header);
        assert_eq!(back.len(), 2);
        assert!((back[1].vector[1] - 0.1235).abs() < 1e-6);

        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"vector\":[", "\"vector\":[1,")).unwrap();
        let err = read_file(&path).unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("28 finite"), "{err}");
    }

    #[test]
    fn index_centres_vectors_per_kind_and_shares_genres() {
        let cat = Catalogue::new(
            vec![
                item("a", ItemKind::Movie, &["Drama"], &[("sadness", 0.7)]),
                item("b", ItemKind::Movie, &["drama ", "Comedy"], &[("joy", 0.7)]),
                item("a", ItemKind::Movie, &["Horror"], &[]),
                item("s", ItemKind::Music, &["pop"], &[("joy", 0.9)]),
            ],
            None,
        );
        assert_eq!(cat.len(), 3, "duplicate id dropped");
        assert_eq!(cat.genres, vec!["drama", "comedy", "pop"]);
        assert_eq!(cat.common_genres(1), vec!["drama"]);
        let sad = haru_core::emotion::label_index("sadness").unwrap();
        assert!(cat.unit(0)[sad] > 0.5);
        assert!(cat.distinctive(1)[sad] < 0.0);
        // A lone song is its kind's mean: nothing distinctive, a zero unit vector.
        assert!(cat.unit(2).iter().all(|x| x.abs() < 1e-6));
    }
}
