//! The emotion space recommendations are ranked in, and the three targets a day can ask for.
//!
//! Entries and items both live in the model's 28-label space. Ranking uses the 27 emotions
//! (neutral is dropped: nearly every plot summary is mostly "neutral", so it would drown the
//! signal). Items are compared by what is *distinctive* about them: each item vector has its
//! catalogue's mean subtracted before it is normalised, so "a sad film" means "sadder than
//! most films", not "has some sadness".
//!
//! ## The lift target (written down, so it can be argued with)
//! `lift(p)` keeps the day's non-negative emotions, keeps only 15% of each negative emotion
//! (anger, annoyance, disappointment, disapproval, disgust, embarrassment, fear, grief,
//! nervousness, remorse, sadness) and moves the removed mass onto a *comfort* profile
//! (relief 0.25, optimism 0.20, joy 0.20, amusement 0.15, caring 0.10, gratitude 0.10). Every
//! day also gets a small push (10% of its emotional mass) toward the comfort profile, so lifting
//! a day that is already bright still leans a little lighter. A sad, nervous day therefore asks
//! for relieving, hopeful, gently funny items; a joyful day asks for much the same joy.
//!
//! On a heavy day (`fit::heavy_day`) lift is gradual: the same rule, but the removed mass goes
//! to a profile halfway between the comfort profile and the *gentle* one below (less
//! amusement, more caring), and `fit` keeps its songs below a moderate energy: brighter than
//! the mood, without the jump to a party.
//!
//! ## The comfort target
//! `comfort(p)` is for a hard day: warm, gentle, hopeful, low in arousal. It keeps
//! [`COMFORT_KEEP_SAD`] of the day's sadness and grief (after a loss people prefer content that
//! acknowledges their sadness: Lee et al., *Journal of Consumer Research* 2013; the usual pull
//! toward happy-sounding music disappears after a sad mood: Hunter, Schellenberg & Griffith,
//! *Emotion* 2011), drops the day's other negative emotions entirely, keeps its positive ones,
//! and moves the removed mass plus [`COMFORT_BASE_PUSH`] of the day's mass onto a *gentle*
//! profile ([`GENTLE`]: caring, relief, optimism, gratitude, love, admiration — no excitement,
//! no amusement: positive but calm, as mood-management research recommends for bad moods,
//! Zillmann 1988; Reinecke 2017).

use haru_core::LABELS;

/// Labels used for ranking: the 27 emotions (neutral, the last label, is left out).
pub const DIMS: usize = 27;

/// The positive and negative emotions: GoEmotions' grouping, defined once in `haru-core`.
pub use haru_core::emotion::{NEGATIVE, POSITIVE};

/// Share of each negative emotion `lift` keeps.
pub const LIFT_KEEP_NEGATIVE: f32 = 0.15;
/// Share of the day's emotional mass added toward comfort on every lifted day.
pub const LIFT_BASE_PUSH: f32 = 0.10;
/// The comfort profile (label, weight); weights sum to 1.
pub const COMFORT: [(&str, f32); 6] = [
    ("relief", 0.25),
    ("optimism", 0.20),
    ("joy", 0.20),
    ("amusement", 0.15),
    ("caring", 0.10),
    ("gratitude", 0.10),
];

/// Share of the day's sadness and grief the comfort target keeps.
pub const COMFORT_KEEP_SAD: f32 = 0.2;
/// Share of the day's emotional mass added toward the gentle profile by comfort.
pub const COMFORT_BASE_PUSH: f32 = 0.30;
/// The gentle profile (label, weight); weights sum to 1.
pub const GENTLE: [(&str, f32); 6] = [
    ("caring", 0.25),
    ("relief", 0.20),
    ("optimism", 0.20),
    ("gratitude", 0.15),
    ("love", 0.10),
    ("admiration", 0.10),
];

/// A point in the ranking space.
pub type Vector = [f32; DIMS];

/// The 27 emotions of a 28-label distribution (missing values read as 0).
pub fn emotions(probs: &[f32]) -> Vector {
    let mut out = [0.0; DIMS];
    for (o, p) in out.iter_mut().zip(probs) {
        *o = if p.is_finite() { p.max(0.0) } else { 0.0 };
    }
    out
}

pub fn norm(v: &Vector) -> f32 {
    v.iter().map(|x| x * x).sum::<f32>().sqrt()
}

/// `v / |v|`, or zeros when `v` is (nearly) zero.
pub fn unit(v: &Vector) -> Vector {
    let n = norm(v);
    if n < 1e-9 {
        return [0.0; DIMS];
    }
    let mut out = *v;
    out.iter_mut().for_each(|x| *x /= n);
    out
}

pub fn dot(a: &Vector, b: &Vector) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The balance of a vector's emotional mass: (positive − negative) / (positive + negative),
/// in −1…1, scale-free (only the direction counts). What ranking compares a day and an item
/// by; not the history's valence (`haru_core::emotion::valence`, mean positive less mean
/// negative), which also says how strong the feelings are.
pub fn balance(v: &Vector) -> f32 {
    let pos: f32 = POSITIVE.iter().map(|&i| v[i]).sum();
    let neg: f32 = NEGATIVE.iter().map(|&i| v[i]).sum();
    let total = pos + neg;
    if total < 1e-9 {
        0.0
    } else {
        (pos - neg) / total
    }
}

fn profile(weights: &[(&str, f32)]) -> Vector {
    let mut out = [0.0; DIMS];
    for &(label, weight) in weights {
        let i = LABELS
            .iter()
            .position(|l| *l == label)
            .expect("profile label");
        out[i] = weight;
    }
    out
}

fn comfort() -> Vector {
    profile(&COMFORT)
}

/// The day's own mood: its emotions as they are.
pub fn match_target(probs: &[f32]) -> Vector {
    emotions(probs)
}

/// The documented "lift the mood" target (see the module header).
pub fn lift_target(probs: &[f32]) -> Vector {
    let mut out = emotions(probs);
    let mass: f32 = out.iter().sum();
    let mut moved = 0.0;
    for &i in &NEGATIVE {
        moved += out[i] * (1.0 - LIFT_KEEP_NEGATIVE);
        out[i] *= LIFT_KEEP_NEGATIVE;
    }
    let push = moved + LIFT_BASE_PUSH * mass;
    for (o, c) in out.iter_mut().zip(comfort()) {
        *o += push * c;
    }
    out
}

/// The documented "comfort me" target (see the module header).
pub fn comfort_target(probs: &[f32]) -> Vector {
    let mut out = emotions(probs);
    let mass: f32 = out.iter().sum();
    let sad = ["sadness", "grief"].map(|l| LABELS.iter().position(|x| *x == l).unwrap());
    let mut moved = 0.0;
    for &i in &NEGATIVE {
        let keep = if sad.contains(&i) {
            COMFORT_KEEP_SAD
        } else {
            0.0
        };
        moved += out[i] * (1.0 - keep);
        out[i] *= keep;
    }
    let push = moved + COMFORT_BASE_PUSH * mass;
    for (o, g) in out.iter_mut().zip(profile(&GENTLE)) {
        *o += push * g;
    }
    out
}

/// Lift on a heavy day (see the module header).
pub fn gradual_lift_target(probs: &[f32]) -> Vector {
    let mut out = emotions(probs);
    let mass: f32 = out.iter().sum();
    let mut moved = 0.0;
    for &i in &NEGATIVE {
        moved += out[i] * (1.0 - LIFT_KEEP_NEGATIVE);
        out[i] *= LIFT_KEEP_NEGATIVE;
    }
    let push = moved + LIFT_BASE_PUSH * mass;
    for ((o, c), g) in out.iter_mut().zip(comfort()).zip(profile(&GENTLE)) {
        *o += push * 0.5 * (c + g);
    }
    out
}

/// Mean of vectors (zeros for none).
pub fn mean(vectors: impl Iterator<Item = Vector>) -> Vector {
    let mut sum = [0.0f64; DIMS];
    let mut n = 0usize;
    for v in vectors {
        for (s, x) in sum.iter_mut().zip(v) {
            *s += x as f64;
        }
        n += 1;
    }
    let mut out = [0.0; DIMS];
    if n > 0 {
        for (o, s) in out.iter_mut().zip(sum) {
            *o = (s / n as f64) as f32;
        }
    }
    out
}

/// The `k` strongest labels of `v` with positive weight, strongest first (indices into LABELS).
pub fn top_labels(v: &Vector, k: usize) -> Vec<(usize, f32)> {
    let mut idx: Vec<(usize, f32)> = v
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, x)| *x > 0.0)
        .collect();
    idx.sort_by(|a, b| b.1.total_cmp(&a.1));
    idx.truncate(k);
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probs(pairs: &[(&str, f32)]) -> Vec<f32> {
        let mut p = vec![0.0; 28];
        for (label, value) in pairs {
            p[LABELS.iter().position(|l| l == label).unwrap()] = *value;
        }
        p
    }

    #[test]
    fn label_groups_are_disjoint_and_named_right() {
        for n in NEGATIVE {
            assert!(!POSITIVE.contains(&n), "{}", LABELS[n]);
        }
        let names: Vec<&str> = NEGATIVE.iter().map(|&i| LABELS[i]).collect();
        assert!(names.contains(&"sadness") && names.contains(&"grief"));
        assert!(!names.contains(&"joy"));
        assert!(POSITIVE.iter().map(|&i| LABELS[i]).any(|l| l == "relief"));
    }

    #[test]
    fn lift_moves_a_sad_day_toward_comfort_and_keeps_a_joyful_one() {
        let sad = probs(&[("sadness", 0.8), ("nervousness", 0.4), ("neutral", 0.5)]);
        let lifted = lift_target(&sad);
        assert!(balance(&match_target(&sad)) < -0.9);
        assert!(balance(&lifted) > 0.3, "{}", balance(&lifted));
        let top: Vec<&str> = top_labels(&lifted, 2)
            .iter()
            .map(|(i, _)| LABELS[*i])
            .collect();
        assert!(top.contains(&"relief"), "{top:?}");

        let joyful = probs(&[("joy", 0.8), ("gratitude", 0.4)]);
        let cos = dot(&unit(&lift_target(&joyful)), &unit(&match_target(&joyful)));
        assert!(cos > 0.9, "{cos}");
    }

    #[test]
    fn comfort_is_gentle_keeps_some_sadness_and_drops_agitation() {
        let day = probs(&[("sadness", 0.6), ("grief", 0.2), ("nervousness", 0.3)]);
        let c = comfort_target(&day);
        let at = |l: &str| c[LABELS.iter().position(|x| *x == l).unwrap()];
        assert!(at("nervousness") == 0.0);
        assert!(at("sadness") > 0.0 && at("sadness") < 0.6);
        assert!(at("caring") > at("sadness"), "{c:?}");
        assert_eq!((at("excitement"), at("amusement")), (0.0, 0.0));
        assert!(balance(&c) > 0.3, "{}", balance(&c));
        // Lift is livelier than comfort (joy, amusement); the gradual lift lies between them,
        // as positive as lift but less amused.
        let l = unit(&lift_target(&day));
        let cu = unit(&c);
        let g = unit(&gradual_lift_target(&day));
        assert!(dot(&g, &l) > dot(&cu, &l) && dot(&g, &cu) > dot(&l, &cu));
        let [joy, amusement] =
            ["joy", "amusement"].map(|n| LABELS.iter().position(|x| *x == n).unwrap());
        assert!(l[joy] + l[amusement] > g[joy] + g[amusement]);
        assert!(g[joy] + g[amusement] > cu[joy] + cu[amusement]);
        assert!((balance(&gradual_lift_target(&day)) - balance(&lift_target(&day))).abs() < 1e-5);
    }

    #[test]
    fn non_finite_inputs_read_as_zero() {
        let v = emotions(&[f32::NAN, f32::INFINITY, -1.0, 0.5]);
        assert_eq!(&v[..4], &[0.0, 0.0, 0.0, 0.5]);
        assert_eq!(unit(&[0.0; DIMS]), [0.0; DIMS]);
    }
}
