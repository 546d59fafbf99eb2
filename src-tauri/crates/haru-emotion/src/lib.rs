//! `haru-emotion`: reads how a diary entry felt, on the device, with no network.
//!
//! Why it exists: the app, the CLI and the benchmarks need the same analysis, and none of them
//! should depend on Tauri. This crate loads Haru's emotion model (an int8 ONNX encoder with 28
//! GoEmotions labels, Korean and English) through ONNX Runtime (`ort`, loaded dynamically from a
//! file Haru ships; telemetry off) and Hugging Face `tokenizers`, splits entries into sentences,
//! and turns text into distributions over the 28 labels. The API is synchronous; the app calls it
//! from a blocking task.
//!
//! ```no_run
//! use haru_emotion::{predicted_labels, EmotionModel, ModelPaths};
//! let mut model = EmotionModel::load(&ModelPaths::locate(), 1)?;
//! let analysis = model.analyse("오늘은 친구를 만났다. 정말 즐거웠다!")?;
//! println!("{:?}", predicted_labels(&analysis.probs, model.thresholds()));
//! # Ok::<(), haru_emotion::EmotionError>(())
//! ```
//!
//! # How an entry is scored
//!
//! Every sequence the model sees is `<s> "query: " + NFC(text) </s>`, at most `max_tokens`
//! (512) ids; the model returns 28 independent probabilities (sigmoid).
//!
//! **One run per entry.** An entry that fits is one sequence and one run of the model. Its
//! sentences ([`split_sentences`]) are marked in the run (a token belongs to the sentence that
//! holds its last character): in every layer a sentence's tokens attend only to their own
//! sentence and to the *shared* tokens (`<s>`, the prefix, `</s>`, a lone space between
//! sentences), the shared tokens attend to the whole entry, and positions restart at each
//! sentence as if it stood alone. Each sentence's distribution `p_i` is the classifier applied
//! to the mean of its own final token states, so it reads almost as the sentence alone would
//! (top label the same for 69% of GoEmotions dev texts packed 12 to a run, 86% of Korean KOTE
//! ones; `models/reports/eval.md`), with the rest of the entry reaching it through the shared
//! tokens; the whole-text distribution `W` is the mean of all final token states of the same
//! run. This costs one run instead of one per sentence plus one for the whole text. A
//! one-sentence entry is laid out exactly like a plain text, so its `p_1 = W` is the plain
//! reading ([`EmotionModel::analyse_batch`]).
//!
//! **Long entries** are cut into chunks of consecutive whole sentences that fit (a single
//! sentence longer than the limit is cut into consecutive token windows, each with `<s>`,
//! prefix and `</s>`); no text is dropped. Each chunk runs alone; `W = Σ_c n_c · W_c / Σ_c
//! n_c`, where `n_c` is chunk `c`'s number of text tokens, and a sentence cut into windows
//! averages its windows by their token counts.
//!
//! **Entry distribution** ([`Analysis::probs`]): `E = 0.25 · W + 0.75 · M`, where `M` is, label
//! by label, the weighted power mean with exponent 8 of the sentence distributions, the first
//! and the last sentence weighing 2 and the others 1 ([`combine`]; constants
//! [`WHOLE_TEXT_WEIGHT`], [`SENTENCE_POWER`], [`EDGE_SENTENCE_WEIGHT`]). `M` stays close to the
//! strongest sentence, so one strong sentence is not averaged away, and how an entry opens and
//! ends counts most (what the KcELECTRA diary project Haru grew from found). The shipped thresholds are tuned on plain readings;
//! v2's combination (`0.5 · W + 0.5 ·` the edge-weighted *mean*) diluted the one sentence that
//! carries an emotion below them: on GoEmotions dev texts of two or more sentences read as
//! entries it scored macro-F1 0.36 where this one scores 0.47–0.48, close to the plain
//! reading's 0.46–0.48 (`models/README.md`, "v2 → v3"; `models/reports/eval.md`).
//! An empty or blank entry has no sentences and `E = W`, the model's output for the empty
//! string (mostly `neutral`).
//!
//! In `analyse` every run holds one sequence, so every number is the one the Python reference
//! gives for it (`tests/parity.rs`, which also checks the sentence token ranges).
//!
//! [`EmotionModel::analyse_batch`] returns the plain reading of each text (all tokens attend to
//! all, no sentence marks) for many texts (bulk scoring, the CLI's JSONL output): it is the
//! distribution the shipped thresholds were tuned on.
//! [`predicted_labels`] applies those thresholds and never returns an empty set.
//!
//! # Files
//!
//! [`ModelPaths::locate`] finds `haru-emotion.onnx`, `haru-emotion.json`, `tokenizer.json` and
//! the ONNX Runtime library (see [`paths`] for the order). Loading checks the model's SHA-256
//! against the description, the tokenizer's special tokens, and the runtime library's format and
//! version, and reports each problem as an [`EmotionError`] naming the file; it never panics.
//! ONNX Runtime is loaded once per process; the first successfully loaded library stays.

pub mod error;
pub mod meta;
mod model;
pub mod paths;
mod runtime;
pub mod sentences;
mod tokenize;

pub use error::{EmotionError, Result};
pub use meta::{predicted_labels, top_labels, ModelMeta, Probs, LABELS, NUM_LABELS};
pub use model::{
    combine, Analysis, EmotionModel, SentenceAnalysis, DEFAULT_MAX_BATCH, EDGE_SENTENCE_WEIGHT,
    SENTENCE_POWER, WHOLE_TEXT_WEIGHT,
};
pub use paths::ModelPaths;
pub use runtime::{disable_telemetry, loaded_library};
pub use sentences::{split_sentences, Sentence};
pub use tokenize::EntryTokens;
