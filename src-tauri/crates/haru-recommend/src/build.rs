//! `haru catalogue build`: the shipped catalogues, made from `../shared/data` with the shipped
//! model.
//!
//! - Movies: TMDB 5000 (overview + tagline), Netflix titles (description; films and series,
//!   Korean titles included) and KMRD films, whose vectors are the mean of the model's reading
//!   of up to 40 of their NSMC reviews (what viewers felt, rather than what the plot says). A title already
//!   in TMDB is not repeated. Genres are normalised to one English vocabulary.
//! - Music: the Spotify top hits 2000–2019, the Spotify all-time top 2000 and the K-pop set,
//!   de-duplicated by artist + title; vectors from audio features via [`crate::music`],
//!   calibrated here on `data_moods`.
//!
//! Resumable: every batch of model outputs is appended to `catalogue/.build-cache.jsonl`
//! (keyed by the text's hash and stamped with the model's sha256), so an interrupted build
//! picks up where it stopped; the cache is removed when the catalogues are written.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use haru_core::ItemKind;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::catalogue::{self, Basis, CatalogueHeader, CatalogueItem};
use crate::music::{self, AudioFeatures, MoodMapping};
use crate::{RecommendError, Vectorizer};

/// Reviews read per KMRD film.
pub const REVIEWS_PER_FILM: usize = 40;
/// Films with fewer reviews than this are left out (too little to say how viewers felt).
pub const MIN_REVIEWS: usize = 5;
const BATCH: usize = 32;

pub struct BuildOptions {
    /// `../shared/data` (holds `movies/` and `music/`).
    pub data_dir: PathBuf,
    /// Where `catalogue/` is written (the repository's `resources/`).
    pub resources: PathBuf,
    /// At most this many items per source (for quick runs and tests).
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BuildReport {
    pub movies: usize,
    pub music: usize,
    pub per_source: Vec<(String, usize)>,
    pub texts_analysed: usize,
    pub texts_from_cache: usize,
    pub mood_mapping: MoodMapping,
}

/// Progress: (stage, done, total).
pub type Progress<'a> = &'a mut dyn FnMut(&str, usize, usize);

fn csv_reader(path: &Path, delimiter: u8) -> Result<csv::Reader<File>, RecommendError> {
    let file = File::open(path).map_err(RecommendError::io(path))?;
    Ok(csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(file))
}

/// Rows as maps from column name to value; rows that cannot be read are skipped.
fn rows(path: &Path, delimiter: u8) -> Result<Vec<HashMap<String, String>>, RecommendError> {
    let mut reader = csv_reader(path, delimiter)?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| RecommendError::Invalid(format!("{}: {e}", path.display())))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    Ok(reader
        .records()
        .filter_map(Result::ok)
        .map(|r| {
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect())
}

fn field<'a>(row: &'a HashMap<String, String>, name: &str) -> &'a str {
    row.get(name).map(|s| s.trim()).unwrap_or("")
}

fn number(row: &HashMap<String, String>, name: &str) -> Option<f32> {
    field(row, name)
        .parse::<f32>()
        .ok()
        .filter(|v| v.is_finite())
}

/// Title + year key used to avoid listing one film twice.
fn title_key(title: &str, year: Option<i32>) -> String {
    let t: String = title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    format!("{t}:{}", year.unwrap_or(0))
}

/// One English genre vocabulary across sources.
pub fn normalise_genre(raw: &str) -> Option<String> {
    let mut g = raw.trim().to_lowercase();
    for suffix in [
        " tv shows",
        " tv",
        " movies",
        " features",
        " series",
        " shows",
    ] {
        if let Some(rest) = g.strip_suffix(suffix) {
            g = rest.to_string();
            break;
        }
    }
    for prefix in ["international ", "tv "] {
        if let Some(rest) = g.strip_prefix(prefix) {
            g = rest.to_string();
        }
    }
    let g = g.trim();
    let mapped = match g {
        "" | "tv" | "international" | "movies" | "shows" | "spanish-language" | "korean"
        | "british" => return None,
        "dramas" | "드라마" => "drama",
        "comedies" | "stand-up comedy" | "stand-up comedy & talk" | "코미디" => "comedy",
        "documentaries" | "docuseries" | "다큐멘터리" => "documentary",
        "action & adventure" | "액션" => "action",
        "모험" => "adventure",
        "children & family" | "kids'" | "가족" => "family",
        "romantic" | "멜로/로맨스" => "romance",
        "thrillers" | "스릴러" => "thriller",
        "crime" | "범죄" | "느와르" => "crime",
        "music & musicals" | "뮤지컬" => "music",
        "horror" | "공포" => "horror",
        "sci-fi & fantasy" | "sf" => "science fiction",
        "판타지" => "fantasy",
        "anime" | "애니메이션" => "animation",
        "mysteries" | "미스터리" => "mystery",
        "전쟁" => "war",
        "서부" => "western",
        "sports" => "sport",
        "에로" | "서사" => return None,
        "classic & cult" => "classic",
        "science & nature" => "nature",
        other => other,
    };
    Some(mapped.to_string())
}

fn percentiles(values: &[f32]) -> Vec<f32> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let n = values.len().max(2) as f32 - 1.0;
    for (rank, &i) in order.iter().enumerate() {
        out[i] = rank as f32 / n;
    }
    out
}

fn language_of_country(country: &str) -> Option<&'static str> {
    Some(match country.trim() {
        "South Korea" | "한국" => "ko",
        "United States" | "United Kingdom" | "Canada" | "Australia" | "Ireland" | "New Zealand"
        | "미국" | "영국" | "캐나다" | "호주" => "en",
        "Japan" | "일본" => "ja",
        "France" | "프랑스" => "fr",
        "Spain" | "Mexico" | "Argentina" | "Colombia" | "스페인" => "es",
        "India" => "hi",
        "China" | "Hong Kong" | "Taiwan" | "중국" | "홍콩" | "대만" => "zh",
        "Germany" | "독일" => "de",
        "Italy" | "이탈리아" => "it",
        "Turkey" => "tr",
        "Brazil" => "pt",
        "Egypt" => "ar",
        _ => return None,
    })
}

/// Text-hash → vector memo that survives interruptions.
struct Cache {
    path: PathBuf,
    model_sha256: String,
    memo: HashMap<String, Vec<f32>>,
    hits: usize,
    misses: usize,
}

fn text_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Serialize, Deserialize)]
struct CacheLine {
    h: String,
    v: Vec<f32>,
}

impl Cache {
    fn open(path: PathBuf, model_sha256: &str) -> Cache {
        let mut memo = HashMap::new();
        if let Ok(file) = File::open(&path) {
            let mut lines = BufReader::new(file).lines();
            let stamp = lines.next().and_then(Result::ok).unwrap_or_default();
            if stamp.trim() == model_sha256 {
                for line in lines.map_while(Result::ok) {
                    // A torn last line (killed mid-write) is simply recomputed.
                    if let Ok(l) = serde_json::from_str::<CacheLine>(&line) {
                        if l.v.len() == haru_core::LABELS.len() {
                            memo.insert(l.h, l.v);
                        }
                    }
                }
            }
        }
        Cache {
            path,
            model_sha256: model_sha256.to_string(),
            memo,
            hits: 0,
            misses: 0,
        }
    }

    fn append(&self, entries: &[(String, Vec<f32>)]) -> Result<(), RecommendError> {
        let fresh = !self.path.exists();
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(RecommendError::io(&self.path))?;
        let mut out = String::new();
        if fresh {
            out.push_str(&self.model_sha256);
            out.push('\n');
        }
        for (h, v) in entries {
            out.push_str(
                &serde_json::to_string(&CacheLine {
                    h: h.clone(),
                    v: v.clone(),
                })
                .unwrap(),
            );
            out.push('\n');
        }
        file.write_all(out.as_bytes())
            .map_err(RecommendError::io(&self.path))
    }

    /// Vectors for all texts, computing the missing ones in batches.
    fn vectors(
        &mut self,
        stage: &str,
        texts: &[String],
        model: &mut dyn Vectorizer,
        progress: Progress,
        cancel: &AtomicBool,
    ) -> Result<Vec<Vec<f32>>, RecommendError> {
        let hashes: Vec<String> = texts.iter().map(|t| text_hash(t)).collect();
        let missing: Vec<usize> = {
            let mut seen = HashSet::new();
            (0..texts.len())
                .filter(|&i| !self.memo.contains_key(&hashes[i]) && seen.insert(hashes[i].clone()))
                .collect()
        };
        self.hits += texts.len() - missing.len();
        self.misses += missing.len();
        progress(stage, 0, missing.len());
        for (done, chunk) in missing.chunks(BATCH).enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return Err(RecommendError::Cancelled);
            }
            let batch: Vec<String> = chunk.iter().map(|&i| texts[i].clone()).collect();
            let out = model.vectorize(&batch)?;
            let entries: Vec<(String, Vec<f32>)> = chunk
                .iter()
                .zip(out)
                .map(|(&i, v)| (hashes[i].clone(), v))
                .collect();
            self.append(&entries)?;
            self.memo.extend(entries);
            progress(
                stage,
                ((done + 1) * BATCH).min(missing.len()),
                missing.len(),
            );
        }
        Ok(hashes.iter().map(|h| self.memo[h].clone()).collect())
    }
}

struct Pending {
    item: CatalogueItem,
    texts: Vec<String>,
}

fn tmdb(dir: &Path, limit: Option<usize>) -> Result<Vec<Pending>, RecommendError> {
    let path = dir.join("movies/tmdb5000/tmdb_5000_movies.csv");
    let rows = rows(&path, b',')?;
    let pops: Vec<f32> = rows
        .iter()
        .map(|r| number(r, "popularity").unwrap_or(0.0))
        .collect();
    let pops = percentiles(&pops);
    let mut out = Vec::new();
    for (row, pop) in rows.iter().zip(pops) {
        let overview = field(row, "overview");
        let title = field(row, "title");
        if overview.len() < 20 || title.is_empty() {
            continue;
        }
        let tagline = field(row, "tagline");
        let genres: Vec<String> =
            serde_json::from_str::<Vec<serde_json::Value>>(field(row, "genres"))
                .unwrap_or_default()
                .iter()
                .filter_map(|g| g.get("name").and_then(|n| n.as_str()))
                .filter_map(normalise_genre)
                .collect();
        let year = field(row, "release_date")
            .get(..4)
            .and_then(|y| y.parse().ok());
        let id = field(row, "id");
        out.push(Pending {
            item: CatalogueItem {
                year,
                genres,
                language: Some(field(row, "original_language").to_string())
                    .filter(|l| !l.is_empty()),
                popularity: pop,
                link: Some(format!("https://www.themoviedb.org/movie/{id}")),
                ..CatalogueItem::new(
                    format!("tmdb:{id}"),
                    ItemKind::Movie,
                    title,
                    "tmdb",
                    Basis::Story,
                )
            },
            texts: vec![format!("{overview} {tagline}").trim().to_string()],
        });
        if limit.is_some_and(|l| out.len() >= l) {
            break;
        }
    }
    Ok(out)
}

fn netflix(
    dir: &Path,
    limit: Option<usize>,
    known: &mut HashSet<String>,
) -> Result<Vec<Pending>, RecommendError> {
    let path = dir.join("movies/netflix/netflix_titles.csv");
    let mut out = Vec::new();
    for row in rows(&path, b',')? {
        let title = field(&row, "title");
        let description = field(&row, "description");
        if title.is_empty() || description.len() < 20 {
            continue;
        }
        let year: Option<i32> = field(&row, "release_year").parse().ok();
        if !known.insert(title_key(title, year)) {
            continue;
        }
        let mut genres: Vec<String> = field(&row, "listed_in")
            .split(',')
            .filter_map(normalise_genre)
            .collect();
        if field(&row, "type") == "TV Show" {
            genres.push("series".into());
        }
        genres.dedup();
        let country = field(&row, "country").split(',').next().unwrap_or("");
        out.push(Pending {
            item: CatalogueItem {
                creator: Some(
                    field(&row, "director")
                        .split(',')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string(),
                )
                .filter(|d| !d.is_empty()),
                year,
                genres,
                language: language_of_country(country).map(str::to_string),
                popularity: 0.3,
                rating: netflix_rating(&row),
                ..CatalogueItem::new(
                    format!("netflix:{}", field(&row, "show_id")),
                    ItemKind::Movie,
                    title,
                    "netflix",
                    Basis::Story,
                )
            },
            texts: vec![description.to_string()],
        });
        if limit.is_some_and(|l| out.len() >= l) {
            break;
        }
    }
    Ok(out)
}

fn kmrd(
    dir: &Path,
    limit: Option<usize>,
    known: &mut HashSet<String>,
) -> Result<Vec<Pending>, RecommendError> {
    let base = dir.join("movies/kmrd_small");
    let mut genres: HashMap<String, Vec<String>> = HashMap::new();
    for row in rows(&base.join("genres.csv"), b',')? {
        if let Some(g) = normalise_genre(field(&row, "genre")) {
            genres
                .entry(field(&row, "movie").to_string())
                .or_default()
                .push(g);
        }
    }
    let mut countries: HashMap<String, String> = HashMap::new();
    for row in rows(&base.join("countries.csv"), b',')? {
        countries
            .entry(field(&row, "movie").to_string())
            .or_insert_with(|| field(&row, "country").to_string());
    }
    // Reviews of the KMRD films (NSMC, CC0): up to REVIEWS_PER_FILM non-trivial ones each.
    let movies = rows(&base.join("movies.txt"), b'\t')?;
    let wanted: HashSet<String> = movies
        .iter()
        .map(|r| field(r, "movie").to_string())
        .collect();
    let mut reviews: HashMap<String, Vec<String>> = HashMap::new();
    let mut review_counts: HashMap<String, usize> = HashMap::new();
    let path = dir.join("movies/nsmc/nsmc_raw_reviews.tsv.gz");
    let file = File::open(&path).map_err(RecommendError::io(&path))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .map_err(RecommendError::io(&path))?;
    for line in text.lines().skip(1) {
        let mut cols = line.splitn(5, '\t');
        let (Some(movie), _, _, _, Some(review)) = (
            cols.next(),
            cols.next(),
            cols.next(),
            cols.next(),
            cols.next(),
        ) else {
            continue;
        };
        if !wanted.contains(movie) {
            continue;
        }
        *review_counts.entry(movie.to_string()).or_default() += 1;
        let review = review.trim();
        let list = reviews.entry(movie.to_string()).or_default();
        if review.chars().count() >= 8 && list.len() < REVIEWS_PER_FILM {
            list.push(review.to_string());
        }
    }
    let counts: Vec<f32> = movies
        .iter()
        .map(|r| *review_counts.get(field(r, "movie")).unwrap_or(&0) as f32)
        .collect();
    let pops = percentiles(&counts);
    let mut out = Vec::new();
    for (row, pop) in movies.iter().zip(pops) {
        let id = field(row, "movie");
        let Some(texts) = reviews.get(id).filter(|r| r.len() >= MIN_REVIEWS) else {
            continue;
        };
        let english = field(row, "title_eng");
        let parts: Vec<&str> = english.split(',').map(str::trim).collect();
        let year: Option<i32> = parts.last().and_then(|y| y.parse().ok());
        let english_title = parts.first().copied().unwrap_or("");
        if !english_title.is_empty() && !known.insert(title_key(english_title, year)) {
            continue;
        }
        out.push(Pending {
            item: CatalogueItem {
                year,
                genres: genres.get(id).cloned().unwrap_or_default(),
                language: countries
                    .get(id)
                    .and_then(|c| language_of_country(c))
                    .map(str::to_string),
                popularity: pop,
                ..CatalogueItem::new(
                    format!("kmrd:{id}"),
                    ItemKind::Movie,
                    field(row, "title"),
                    "kmrd+nsmc",
                    Basis::Reviews,
                )
            },
            texts: texts.clone(),
        });
        if limit.is_some_and(|l| out.len() >= l) {
            break;
        }
    }
    Ok(out)
}

/// `data_moods` as calibration rows.
pub fn mood_rows(dir: &Path) -> Result<Vec<(AudioFeatures, usize)>, RecommendError> {
    let path = dir.join("music/data_moods/data_moods.csv");
    let mut out = Vec::new();
    for row in rows(&path, b',')? {
        let mood = field(&row, "mood").to_lowercase();
        let Some(y) = music::MOODS.iter().position(|m| *m == mood) else {
            continue;
        };
        if let Some(f) = features(
            &row,
            1.0,
            [
                "valence",
                "energy",
                "danceability",
                "acousticness",
                "tempo",
                "loudness",
                "mode",
            ],
        ) {
            out.push((f, y));
        }
    }
    Ok(out)
}

/// Audio features from a row; `scale` divides the 0–1 features (100 for 0–100 files).
fn features(row: &HashMap<String, String>, scale: f32, names: [&str; 7]) -> Option<AudioFeatures> {
    let f = AudioFeatures {
        valence: number(row, names[0])? / scale,
        energy: number(row, names[1])? / scale,
        danceability: number(row, names[2])? / scale,
        acousticness: number(row, names[3])? / scale,
        tempo: number(row, names[4])?,
        loudness: number(row, names[5])?,
        mode: number(row, names[6]),
    };
    f.validate().ok().map(|_| f)
}

struct Song {
    id: String,
    title: String,
    artist: String,
    year: Option<i32>,
    genres: Vec<String>,
    language: &'static str,
    popularity: f32,
    source: &'static str,
    features: AudioFeatures,
    /// The source's `explicit` column (only the top hits carry one).
    explicit: bool,
}

fn songs(dir: &Path, limit: Option<usize>) -> Result<Vec<Song>, RecommendError> {
    let mut out: Vec<Song> = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |song: Song, out: &mut Vec<Song>| {
        let fresh_id = seen.insert(song.id.clone());
        if seen.insert(title_key(&format!("{}-{}", song.artist, song.title), None)) && fresh_id {
            out.push(song);
        }
    };
    type Spec<'a> = (
        &'a str,
        u8,
        f32,
        [&'a str; 7],
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'static str,
        &'static str,
    );
    let specs: [Spec; 3] = [
        (
            "music/spotify_tophits_2000_2019/songs_normalize.csv",
            b',',
            1.0,
            [
                "valence",
                "energy",
                "danceability",
                "acousticness",
                "tempo",
                "loudness",
                "mode",
            ],
            "song",
            "artist",
            "genre",
            "year",
            "spotify-tophits",
            "en",
        ),
        (
            "music/spotify_top2000/Spotify-2000.csv",
            b';',
            100.0,
            [
                "Valence",
                "Energy",
                "Danceability",
                "Acousticness",
                "Beats Per Minute (BPM)",
                "Loudness (dB)",
                "-",
            ],
            "Title",
            "Artist",
            "Top Genre",
            "Year",
            "spotify-top2000",
            "en",
        ),
        (
            "music/kpop/tracks_top10_features.csv",
            b',',
            1.0,
            [
                "valence",
                "energy",
                "danceability",
                "acousticness",
                "tempo",
                "loudness",
                "mode",
            ],
            "track",
            "artist",
            "-",
            "-",
            "kpop",
            "ko",
        ),
    ];
    for (
        file,
        delimiter,
        scale,
        names,
        title_col,
        artist_col,
        genre_col,
        year_col,
        source,
        language,
    ) in specs
    {
        let rows = rows(&dir.join(file), delimiter)?;
        let pops = percentiles(
            &rows
                .iter()
                .map(|r| {
                    number(r, "popularity")
                        .or(number(r, "Popularity"))
                        .unwrap_or(0.0)
                })
                .collect::<Vec<_>>(),
        );
        let mut taken = 0;
        for (n, (row, pop)) in rows.iter().zip(pops).enumerate() {
            let (title, artist) = (field(row, title_col), field(row, artist_col));
            let Some(features) = features(row, scale, names) else {
                continue;
            };
            if title.is_empty() || artist.is_empty() {
                continue;
            }
            let mut genres: Vec<String> = if genre_col == "-" {
                vec!["k-pop".into()]
            } else {
                field(row, genre_col)
                    .split(',')
                    .map(|g| g.trim().to_lowercase())
                    .filter(|g| !g.is_empty() && g != "set()")
                    .collect()
            };
            genres.dedup();
            let id = match field(row, "id") {
                "" => format!("{source}:{}", n + 1),
                spotify => format!("{source}:{spotify}"),
            };
            add(
                Song {
                    id,
                    title: title.to_string(),
                    artist: artist.to_string(),
                    year: field(row, year_col).parse().ok(),
                    genres,
                    language,
                    popularity: pop,
                    source,
                    features,
                    explicit: field(row, "explicit").eq_ignore_ascii_case("true"),
                },
                &mut out,
            );
            taken += 1;
            if limit.is_some_and(|l| taken >= l) {
                break;
            }
        }
    }
    Ok(out)
}

/// Builds both catalogues and the music mapping into `opts.resources/catalogue/`.
pub fn build(
    opts: &BuildOptions,
    model: &mut dyn Vectorizer,
    progress: Progress,
    cancel: &AtomicBool,
) -> Result<BuildReport, RecommendError> {
    let out_dir = opts.resources.join("catalogue");
    std::fs::create_dir_all(&out_dir).map_err(RecommendError::io(&out_dir))?;
    let model_sha256 = model.model_sha256();
    let mut cache = Cache::open(out_dir.join(".build-cache.jsonl"), &model_sha256);

    // Movies.
    let mut known = HashSet::new();
    let mut pending = tmdb(&opts.data_dir, opts.limit)?;
    for p in &pending {
        known.insert(title_key(&p.item.title, p.item.year));
    }
    let netflix = netflix(&opts.data_dir, opts.limit, &mut known)?;
    let kmrd = kmrd(&opts.data_dir, opts.limit, &mut known)?;
    let mut per_source = vec![
        ("tmdb".to_string(), pending.len()),
        ("netflix".to_string(), netflix.len()),
        ("kmrd+nsmc".to_string(), kmrd.len()),
    ];
    pending.extend(netflix);
    pending.extend(kmrd);
    let texts: Vec<String> = pending
        .iter()
        .flat_map(|p| p.texts.iter().cloned())
        .collect();
    let vectors = cache.vectors("movies", &texts, model, progress, cancel)?;
    let mut cursor = 0;
    let mut movies = Vec::with_capacity(pending.len());
    for p in pending {
        let n = p.texts.len();
        let mut v = vec![0.0f32; 28];
        for vec in &vectors[cursor..cursor + n] {
            for (a, b) in v.iter_mut().zip(vec) {
                *a += b / n as f32;
            }
        }
        cursor += n;
        movies.push(CatalogueItem {
            vector: v,
            ..p.item
        });
    }

    // Music.
    let mapping = music::calibrate(
        &mood_rows(&opts.data_dir)?,
        "data_moods (686 Spotify songs, 4 moods)",
    );
    let songs = songs(&opts.data_dir, opts.limit)?;
    for source in ["spotify-tophits", "spotify-top2000", "kpop"] {
        per_source.push((
            source.into(),
            songs.iter().filter(|s| s.source == source).count(),
        ));
    }
    let music: Vec<CatalogueItem> = songs
        .into_iter()
        .map(|s| {
            let (vector, mood) = mapping.vector(&s.features);
            CatalogueItem {
                id: s.id,
                kind: ItemKind::Music,
                title: s.title,
                creator: Some(s.artist),
                year: s.year,
                genres: s.genres,
                language: Some(s.language.into()),
                popularity: s.popularity,
                link: None,
                source: s.source.into(),
                basis: Basis::Audio,
                mood: Some(mood.into()),
                rating: None,
                energy: Some(s.features.energy),
                valence: Some(s.features.valence),
                explicit: s.explicit,
                vector,
            }
        })
        .collect();

    let header = |kind, items: usize, sources: Vec<String>| CatalogueHeader {
        format: catalogue::FORMAT.into(),
        version: catalogue::FORMAT_VERSION,
        kind,
        model_id: model.model_id(),
        model_sha256: model_sha256.clone(),
        items,
        sources,
    };
    catalogue::write_file(
        &out_dir.join("movies.jsonl"),
        &header(
            ItemKind::Movie,
            movies.len(),
            vec![
                "TMDB 5000 (This product uses TMDB data but is not endorsed or certified by TMDB)"
                    .into(),
                "Netflix titles (Kaggle, CC0)".into(),
                "KMRD titles with NSMC reviews (CC0)".into(),
            ],
        ),
        &movies,
    )?;
    catalogue::write_file(
        &out_dir.join("music.jsonl"),
        &header(
            ItemKind::Music,
            music.len(),
            vec![
                "Spotify top hits 2000-2019 (Kaggle)".into(),
                "Spotify all-time top 2000 (Kaggle)".into(),
                "K-pop tracks with Spotify features (MIT)".into(),
            ],
        ),
        &music,
    )?;
    let mapping_path = out_dir.join("music_mapping.json");
    std::fs::write(
        &mapping_path,
        serde_json::to_string_pretty(&mapping).unwrap() + "\n",
    )
    .map_err(RecommendError::io(&mapping_path))?;
    let _ = std::fs::remove_file(&cache.path);
    Ok(BuildReport {
        movies: movies.len(),
        music: music.len(),
        per_source,
        texts_analysed: cache.misses,
        texts_from_cache: cache.hits,
        mood_mapping: mapping,
    })
}

/// What [`annotate`] added.
#[derive(Debug, Clone, Serialize)]
pub struct AnnotateReport {
    pub titles_with_rating: usize,
    pub songs_with_features: usize,
    pub explicit_songs: usize,
}

/// Adds what needs no model to the catalogues already in `opts.resources/catalogue/`: titles'
/// content ratings (Netflix) and songs' energy, valence and explicit flag, joined by id from
/// the source data. Vectors, headers (with their model stamp) and items are left as they are,
/// so the emotion model is not run again; a full [`build`] writes the same fields.
pub fn annotate(opts: &BuildOptions) -> Result<AnnotateReport, RecommendError> {
    let [movies_path, music_path] = catalogue::shipped_files(&opts.resources);
    let path = opts.data_dir.join("movies/netflix/netflix_titles.csv");
    let ratings: HashMap<String, String> = rows(&path, b',')?
        .iter()
        .filter_map(|row| {
            let rating = netflix_rating(row)?;
            Some((format!("netflix:{}", field(row, "show_id")), rating))
        })
        .collect();
    let (header, mut movies) = catalogue::read_file(&movies_path)?;
    let mut report = AnnotateReport {
        titles_with_rating: 0,
        songs_with_features: 0,
        explicit_songs: 0,
    };
    for item in &mut movies {
        item.rating = ratings.get(&item.id).cloned();
        report.titles_with_rating += item.rating.is_some() as usize;
    }
    catalogue::write_file(&movies_path, &header, &movies)?;

    let songs: HashMap<String, Song> = songs(&opts.data_dir, None)?
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect();
    let (header, mut music) = catalogue::read_file(&music_path)?;
    for item in &mut music {
        let song = songs.get(&item.id);
        item.energy = song.map(|s| s.features.energy);
        item.valence = song.map(|s| s.features.valence);
        item.explicit = song.is_some_and(|s| s.explicit);
        report.songs_with_features += song.is_some() as usize;
        report.explicit_songs += item.explicit as usize;
    }
    catalogue::write_file(&music_path, &header, &music)?;
    Ok(report)
}

/// Netflix's content rating ("TV-Y", "PG-13", …); a few rows hold a duration there instead.
fn netflix_rating(row: &HashMap<String, String>) -> Option<String> {
    Some(field(row, "rating").trim().to_string())
        .filter(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genres_share_one_vocabulary() {
        assert_eq!(normalise_genre("Dramas").as_deref(), Some("drama"));
        assert_eq!(normalise_genre("TV Dramas").as_deref(), Some("drama"));
        assert_eq!(normalise_genre("드라마").as_deref(), Some("drama"));
        assert_eq!(
            normalise_genre("Romantic Movies").as_deref(),
            Some("romance")
        );
        assert_eq!(normalise_genre("멜로/로맨스").as_deref(), Some("romance"));
        assert_eq!(
            normalise_genre("Science Fiction").as_deref(),
            Some("science fiction")
        );
        assert_eq!(normalise_genre("International Movies"), None);
        assert_eq!(normalise_genre("Kids' TV").as_deref(), Some("family"));
        assert_eq!(
            normalise_genre("Romantic TV Shows").as_deref(),
            Some("romance")
        );
        assert_eq!(normalise_genre("Crime TV Shows").as_deref(), Some("crime"));
        assert_eq!(normalise_genre("Korean TV Shows"), None);
        assert_eq!(
            normalise_genre("Anime Series").as_deref(),
            Some("animation")
        );
        assert_eq!(
            normalise_genre("Stand-Up Comedy & Talk Shows").as_deref(),
            Some("comedy")
        );
        assert_eq!(normalise_genre("TV Shows"), None);
    }

    /// Annotating adds ratings and audio facts by id and leaves vectors and the header's model
    /// stamp untouched.
    #[test]
    fn annotate_adds_ratings_and_audio_facts_without_the_model() {
        let data = tempfile::tempdir().unwrap();
        let put = |rel: &str, text: &str| {
            let path = data.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        put(
            "movies/netflix/netflix_titles.csv",
            "show_id,type,title,director,cast,country,date_added,release_year,rating,duration,listed_in,description\n\
             s1,TV Show,Vroomiz,,,South Korea,,2016,TV-Y,1 Season,Kids' TV,Little cars learn things together every day.\n\
             s2,Movie,Odd,,,,,2001,74 min,,Dramas,A row whose rating column holds a duration.\n",
        );
        put(
            "music/spotify_tophits_2000_2019/songs_normalize.csv",
            "artist,song,duration_ms,explicit,year,popularity,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,genre\n\
             A,Loud,200000,True,2001,70,0.8,0.9,1,-4,1,0.1,0.1,0,0.1,0.8,128,hip hop\n",
        );
        put(
            "music/spotify_top2000/Spotify-2000.csv",
            "Index;Title;Artist;Top Genre;Year;Beats Per Minute (BPM);Energy;Danceability;Loudness (dB);Liveness;Valence;Length (Duration);Acousticness;Speechiness;Popularity\n\
             1;Sunrise;Norah Jones;adult standards;2004;157;30;53;-14;11;68;201;94;3;71\n",
        );
        put(
            "music/kpop/tracks_top10_features.csv",
            "artist,track,popularity,danceability,energy,loudness,mode,acousticness,valence,tempo,id\n",
        );
        let resources = tempfile::tempdir().unwrap();
        let [movies_path, music_path] = catalogue::shipped_files(resources.path());
        let header = |kind, items| CatalogueHeader {
            format: catalogue::FORMAT.into(),
            version: catalogue::FORMAT_VERSION,
            kind,
            model_id: "m".into(),
            model_sha256: "stamp".into(),
            items,
            sources: vec![],
        };
        let with_vector = |id: &str, kind, title: &str| CatalogueItem {
            vector: (0..28).map(|i| i as f32 / 1000.0).collect(),
            ..CatalogueItem::new(id.into(), kind, title, "test", Basis::Story)
        };
        let movies = vec![
            with_vector("netflix:s1", ItemKind::Movie, "Vroomiz"),
            with_vector("netflix:s2", ItemKind::Movie, "Odd"),
            with_vector("tmdb:1", ItemKind::Movie, "Elsewhere"),
        ];
        let music = vec![
            with_vector("spotify-tophits:1", ItemKind::Music, "Loud"),
            with_vector("spotify-top2000:1", ItemKind::Music, "Sunrise"),
        ];
        catalogue::write_file(&movies_path, &header(ItemKind::Movie, 3), &movies).unwrap();
        catalogue::write_file(&music_path, &header(ItemKind::Music, 2), &music).unwrap();

        let report = annotate(&BuildOptions {
            data_dir: data.path().to_path_buf(),
            resources: resources.path().to_path_buf(),
            limit: None,
        })
        .unwrap();
        assert_eq!(
            (
                report.titles_with_rating,
                report.songs_with_features,
                report.explicit_songs
            ),
            (1, 2, 1)
        );
        let (h, got) = catalogue::read_file(&movies_path).unwrap();
        assert_eq!(h, header(ItemKind::Movie, 3));
        assert_eq!(got[0].rating.as_deref(), Some("TV-Y"));
        assert_eq!(
            (got[1].rating.as_ref(), got[2].rating.as_ref()),
            (None, None)
        );
        assert_eq!(got[0].vector, movies[0].vector);
        assert_eq!(
            crate::fit::audience(&got[0]),
            haru_core::Audience::Preschool
        );
        let (h, got) = catalogue::read_file(&music_path).unwrap();
        assert_eq!(h.model_sha256, "stamp");
        assert_eq!(
            (got[0].energy, got[0].valence, got[0].explicit),
            (Some(0.9), Some(0.8), true)
        );
        assert_eq!(
            (got[1].energy, got[1].valence, got[1].explicit),
            (Some(0.3), Some(0.68), false)
        );
        assert_eq!(got[1].vector, music[1].vector);
    }

    #[test]
    fn percentiles_and_keys() {
        assert_eq!(percentiles(&[3.0, 1.0, 2.0]), vec![1.0, 0.0, 0.5]);
        assert_eq!(
            title_key("Star Wars: Episode V", Some(1980)),
            title_key("star wars episode v", Some(1980))
        );
    }
}
