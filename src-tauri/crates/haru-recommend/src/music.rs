//! Songs have no text: their emotion vectors come from Spotify audio features.
//!
//! A multinomial logistic regression over standardised audio features (valence, energy,
//! danceability, acousticness, tempo, loudness and two interactions) predicts one of
//! four moods (happy, sad, calm, energetic). It is calibrated on `data_moods` (686 songs with
//! a mood label); its held-out accuracy (a stratified 80/20 split, and 5-fold cross-validation)
//! is reported by `haru catalogue build` and stored with the mapping. A song's vector is the
//! mood probabilities mixed over four documented mood prototypes in the 28-label space
//! ([`PROTOTYPES`]).

use serde::{Deserialize, Serialize};

use crate::rng::Rng;

/// The four moods of `data_moods`, in the model's class order.
pub const MOODS: [&str; 4] = ["happy", "sad", "calm", "energetic"];

/// Each mood as a point in the 28-label space (label, weight): what a song of that mood feels
/// like to a listener. Weights of a prototype sum to 1.
pub const PROTOTYPES: [&[(&str, f32)]; 4] = [
    // happy
    &[
        ("joy", 0.35),
        ("amusement", 0.20),
        ("excitement", 0.15),
        ("love", 0.10),
        ("optimism", 0.10),
        ("approval", 0.10),
    ],
    // sad
    &[
        ("sadness", 0.40),
        ("grief", 0.15),
        ("disappointment", 0.15),
        ("remorse", 0.10),
        ("love", 0.10),
        ("caring", 0.10),
    ],
    // calm
    &[
        ("relief", 0.30),
        ("caring", 0.20),
        ("gratitude", 0.15),
        ("realization", 0.10),
        ("admiration", 0.10),
        ("neutral", 0.15),
    ],
    // energetic
    &[
        ("excitement", 0.35),
        ("amusement", 0.15),
        ("pride", 0.15),
        ("desire", 0.15),
        ("admiration", 0.10),
        ("anger", 0.10),
    ],
];

/// Audio features on Spotify's scales: valence, energy, danceability and acousticness in
/// [0, 1], tempo in BPM, loudness in dB, mode 0 (minor) or 1 (major).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AudioFeatures {
    pub valence: f32,
    pub energy: f32,
    pub danceability: f32,
    pub acousticness: f32,
    pub tempo: f32,
    pub loudness: f32,
    #[serde(default)]
    pub mode: Option<f32>,
}

impl AudioFeatures {
    /// Checks ranges; the reason names the first bad field.
    pub fn validate(&self) -> Result<(), String> {
        let unit = [
            ("valence", self.valence),
            ("energy", self.energy),
            ("danceability", self.danceability),
            ("acousticness", self.acousticness),
        ];
        for (name, v) in unit {
            if !v.is_finite() || !(0.0..=1.0).contains(&v) {
                return Err(format!("{name} must be a number from 0 to 1 (got {v})"));
            }
        }
        if !self.tempo.is_finite() || !(0.0..=400.0).contains(&self.tempo) {
            return Err(format!("tempo must be 0–400 BPM (got {})", self.tempo));
        }
        if !self.loudness.is_finite() || !(-80.0..=10.0).contains(&self.loudness) {
            return Err(format!(
                "loudness must be -80 to 10 dB (got {})",
                self.loudness
            ));
        }
        if let Some(m) = self.mode {
            if m != 0.0 && m != 1.0 {
                return Err(format!("mode must be 0 or 1 (got {m})"));
            }
        }
        Ok(())
    }

    fn raw(&self) -> [f32; RAW] {
        [
            self.valence,
            self.energy,
            self.danceability,
            self.acousticness,
            self.tempo / 200.0,
            self.loudness / 60.0,
            self.valence * self.energy,
            self.acousticness * (1.0 - self.energy),
        ]
    }
}

/// Features the mapping uses (mode is validated but not used: `data_moods` lacks it).
const RAW: usize = 8;
const CLASSES: usize = 4;

/// The calibrated feature → mood mapping (what ships in `resources/catalogue/music_mapping.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoodMapping {
    pub mean: Vec<f32>,
    pub scale: Vec<f32>,
    /// `CLASSES × (RAW + 1)`: weights then bias per mood.
    pub weights: Vec<Vec<f32>>,
    /// Accuracy on the held-out 20% of `data_moods`.
    pub held_out_accuracy: f32,
    /// Mean accuracy of 5-fold cross-validation.
    pub cv_accuracy: f32,
    pub calibrated_on: String,
    pub songs: usize,
}

impl MoodMapping {
    /// Mood probabilities in [`MOODS`] order.
    pub fn moods(&self, features: &AudioFeatures) -> [f32; CLASSES] {
        let raw = features.raw();
        let x: Vec<f32> = (0..RAW)
            .map(|i| (raw[i] - self.mean[i]) / self.scale[i])
            .collect();
        softmax_scores(&self.weights, &x)
    }

    /// The song's 28-label vector: mood probabilities mixed over [`PROTOTYPES`].
    pub fn vector(&self, features: &AudioFeatures) -> (Vec<f32>, &'static str) {
        let p = self.moods(features);
        let mut out = vec![0.0; 28];
        for (m, proto) in PROTOTYPES.iter().enumerate() {
            for (label, w) in proto.iter() {
                let i = haru_core::emotion::label_index(label).expect("prototype label");
                out[i] += p[m] * w;
            }
        }
        let best = (0..CLASSES).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
        (out, MOODS[best])
    }
}

fn softmax_scores(weights: &[Vec<f32>], x: &[f32]) -> [f32; CLASSES] {
    let mut z = [0.0f32; CLASSES];
    for (c, w) in weights.iter().enumerate() {
        z[c] = w[RAW] + x.iter().zip(w).map(|(a, b)| a * b).sum::<f32>();
    }
    let max = z.iter().cloned().fold(f32::MIN, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    z.iter_mut().for_each(|v| *v /= sum);
    z
}

/// Fits the mapping on labelled songs (mood index per song) by full-batch gradient descent
/// with a small L2 penalty.
fn fit(rows: &[(AudioFeatures, usize)]) -> (Vec<f32>, Vec<f32>, Vec<Vec<f32>>) {
    let raws: Vec<[f32; RAW]> = rows.iter().map(|(f, _)| f.raw()).collect();
    let n = raws.len().max(1) as f32;
    let mut mean = vec![0.0; RAW];
    let mut scale = vec![0.0; RAW];
    for r in &raws {
        for i in 0..RAW {
            mean[i] += r[i] / n;
        }
    }
    for r in &raws {
        for i in 0..RAW {
            scale[i] += (r[i] - mean[i]).powi(2) / n;
        }
    }
    scale.iter_mut().for_each(|s| *s = s.sqrt().max(1e-6));
    let xs: Vec<Vec<f32>> = raws
        .iter()
        .map(|r| (0..RAW).map(|i| (r[i] - mean[i]) / scale[i]).collect())
        .collect();
    let mut w = vec![vec![0.0f32; RAW + 1]; CLASSES];
    let (rate, l2) = (0.5, 1e-3);
    for _ in 0..600 {
        let mut grad = vec![vec![0.0f32; RAW + 1]; CLASSES];
        for (x, (_, y)) in xs.iter().zip(rows) {
            let p = softmax_scores(&w, x);
            for c in 0..CLASSES {
                let err = p[c] - if c == *y { 1.0 } else { 0.0 };
                for i in 0..RAW {
                    grad[c][i] += err * x[i] / n;
                }
                grad[c][RAW] += err / n;
            }
        }
        for c in 0..CLASSES {
            for i in 0..=RAW {
                let penalty = if i < RAW { l2 * w[c][i] } else { 0.0 };
                w[c][i] -= rate * (grad[c][i] + penalty);
            }
        }
    }
    (mean, scale, w)
}

fn accuracy(mapping: &MoodMapping, rows: &[(AudioFeatures, usize)]) -> f32 {
    if rows.is_empty() {
        return 0.0;
    }
    let right = rows
        .iter()
        .filter(|(f, y)| {
            let p = mapping.moods(f);
            (0..CLASSES).max_by(|&a, &b| p[a].total_cmp(&p[b])) == Some(*y)
        })
        .count();
    right as f32 / rows.len() as f32
}

/// Calibrates the mapping on labelled songs and measures it: a stratified 80/20 split (fixed
/// seed) for the held-out accuracy and 5-fold cross-validation; the shipped weights are then
/// fitted on every song.
pub fn calibrate(rows: &[(AudioFeatures, usize)], calibrated_on: &str) -> MoodMapping {
    let mut rng = Rng::new(20_260_301);
    let mut order: Vec<usize> = (0..rows.len()).collect();
    rng.shuffle(&mut order);
    // Stratify: the k-th song of each mood goes to fold k mod 5.
    let mut seen = [0usize; CLASSES];
    let fold: Vec<usize> = {
        let mut fold = vec![0; rows.len()];
        for &i in &order {
            let y = rows[i].1;
            fold[i] = seen[y] % 5;
            seen[y] += 1;
        }
        fold
    };
    let split = |k: usize| {
        let train: Vec<_> = (0..rows.len())
            .filter(|&i| fold[i] != k)
            .map(|i| rows[i])
            .collect();
        let test: Vec<_> = (0..rows.len())
            .filter(|&i| fold[i] == k)
            .map(|i| rows[i])
            .collect();
        (train, test)
    };
    let make = |train: &[(AudioFeatures, usize)]| {
        let (mean, scale, weights) = fit(train);
        MoodMapping {
            mean,
            scale,
            weights,
            held_out_accuracy: 0.0,
            cv_accuracy: 0.0,
            calibrated_on: calibrated_on.to_string(),
            songs: rows.len(),
        }
    };
    let mut fold_acc = Vec::new();
    for k in 0..5 {
        let (train, test) = split(k);
        fold_acc.push(accuracy(&make(&train), &test));
    }
    let mut mapping = make(rows);
    mapping.held_out_accuracy = fold_acc[0];
    mapping.cv_accuracy = fold_acc.iter().sum::<f32>() / fold_acc.len() as f32;
    mapping
}

/// The shipped mood mapping (`resources/catalogue/music_mapping.json`, written by the
/// catalogue build), with which imported songs are placed by their audio features.
pub fn load_mapping(resources: &std::path::Path) -> Result<MoodMapping, crate::RecommendError> {
    let path = resources.join("catalogue/music_mapping.json");
    let text = std::fs::read_to_string(&path).map_err(crate::RecommendError::io(&path))?;
    serde_json::from_str(&text).map_err(|e| crate::RecommendError::BadCatalogue {
        path,
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn song(valence: f32, energy: f32, acoustic: f32) -> AudioFeatures {
        AudioFeatures {
            valence,
            energy,
            danceability: 0.5,
            acousticness: acoustic,
            tempo: 60.0 + 120.0 * energy,
            loudness: -20.0 + 15.0 * energy,
            mode: Some(1.0),
        }
    }

    /// Synthetic moods with a known structure: the fitter must recover it, and the vectors must
    /// carry the moods' emotions.
    #[test]
    fn calibration_recovers_a_known_structure() {
        let mut rng = Rng::new(3);
        let mut rows = Vec::new();
        for _ in 0..400 {
            let (v, e, a) = (rng.unit(), rng.unit(), rng.unit());
            let mood = match (v > 0.5, e > 0.5) {
                (true, false) => 2,  // calm
                (true, true) => 0,   // happy
                (false, false) => 1, // sad
                (false, true) => 3,  // energetic
            };
            rows.push((song(v, e, a), mood));
        }
        let mapping = calibrate(&rows, "synthetic");
        assert!(
            mapping.held_out_accuracy > 0.85,
            "{}",
            mapping.held_out_accuracy
        );
        assert!(mapping.cv_accuracy > 0.85, "{}", mapping.cv_accuracy);
        let (sad, mood) = mapping.vector(&song(0.05, 0.1, 0.5));
        assert_eq!(mood, "sad");
        let s = haru_core::emotion::label_index("sadness").unwrap();
        let j = haru_core::emotion::label_index("joy").unwrap();
        assert!(sad[s] > sad[j]);
        assert!((sad.iter().sum::<f32>() - 1.0).abs() < 1e-4);
    }

    #[test]
    fn prototypes_are_valid_and_sum_to_one() {
        for proto in PROTOTYPES {
            let sum: f32 = proto.iter().map(|(_, w)| w).sum();
            assert!((sum - 1.0).abs() < 1e-6);
            for (label, _) in proto {
                assert!(haru_core::emotion::label_index(label).is_some(), "{label}");
            }
        }
    }

    #[test]
    fn validation_names_the_field() {
        let mut f = song(0.5, 0.5, 0.5);
        assert!(f.validate().is_ok());
        f.energy = f32::NAN;
        assert!(f.validate().unwrap_err().contains("energy"));
        f.energy = 0.5;
        f.tempo = 1e9;
        assert!(f.validate().unwrap_err().contains("tempo"));
    }
}
