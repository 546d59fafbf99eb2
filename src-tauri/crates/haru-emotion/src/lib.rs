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
//! let analysis = model.analyze("오늘은 친구를 만났다. 정말 즐거웠다!")?;
//! println!("{:?}", predicted_labels(&analysis.probs, model.thresholds()));
//! # Ok::<(), haru_emotion::EmotionError>(())
//! ```
//!
//! # How an entry is scored
//!
//! Every sequence the model sees is `<s> "query: " + NFC(text) </s>`, at most `max_tokens`
//! (512) ids; the model returns 28 independent probabilities (sigmoid).
//!
//! **(a) Whole-text pass `W`.** If the entry fits, it is one sequence and `W` is its output.
//! Otherwise it is cut into chunks of consecutive whole sentences that fit (a single sentence
//! longer than the limit is cut into consecutive token windows, each with `<s>`, prefix and
//! `</s>`); no text is dropped. `W = Σ_c n_c · P_c / Σ_c n_c`, where `P_c` is chunk `c`'s output
//! and `n_c` its number of text tokens.
//!
//! **(b) Sentence pass `S`.** Each sentence ([`split_sentences`]) is scored alone (token windows
//! averaged the same way if it is too long), giving `p_i`. With `w_i = 2` for the first and the
//! last sentence and `w_i = 1` for the others, `S = Σ_i w_i · p_i / Σ_i w_i`: how an entry
//! opens and how it ends say most about the day, and the sentence-level view keeps a single
//! strong sentence from being averaged away in a long chunk.
//!
//! **Entry distribution** ([`Analysis::probs`]): `E = 0.5 · W + 0.5 · S` ([`combine`];
//! constants [`WHOLE_TEXT_WEIGHT`], [`EDGE_SENTENCE_WEIGHT`]). `W` carries the flow between
//! sentences, `S` the emphasis on the edges. An empty or blank entry has no sentences and
//! `E = W`, the model's output for the empty string (mostly `neutral`).
//!
//! Each sequence runs alone, so every number is the one the Python reference gives for it
//! (`tests/parity.rs`); a sequence that occurs twice (a one-sentence entry is its own whole
//! text) runs once. [`EmotionModel::set_batch_sentences`] trades that exactness for speed.
//!
//! [`EmotionModel::analyze_batch`] returns `W` alone for many texts (bulk scoring, the CLI's
//! JSONL output): it is the distribution the shipped thresholds were tuned on.
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
pub use meta::{
    predicted_labels, top_label_index, top_labels, ModelMeta, Probs, LABELS, NUM_LABELS,
};
pub use model::{
    combine, Analysis, EmotionModel, SentenceAnalysis, DEFAULT_MAX_BATCH, EDGE_SENTENCE_WEIGHT,
    WHOLE_TEXT_WEIGHT,
};
pub use paths::ModelPaths;
pub use runtime::{disable_telemetry, loaded_library};
pub use sentences::{split_sentences, Sentence};
