//! The loaded model: files → session, and text → emotion distributions.
//!
//! Why it exists: this is the one place that runs the ONNX graph. It verifies the files before
//! trusting them (hash, tokenizer, runtime), cuts long entries into model-sized pieces without
//! dropping any text, batches sequences for speed, and combines chunk and sentence scores into
//! the entry distribution documented in the crate docs.

use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use ort::session::builder::GraphOptimizationLevel;
use ort::session::Session;
use ort::value::Tensor;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{EmotionError, Result};
use crate::meta::{ModelMeta, Probs, NUM_LABELS};
use crate::paths::ModelPaths;
use crate::sentences::{split_spans, Span};
use crate::tokenize::{EntryTokens, TextTokenizer};

/// Weight of the whole-text reading in the entry distribution (the sentences get the rest).
/// Chosen with [`SENTENCE_POWER`] on GoEmotions dev texts of two or more sentences read as
/// entries, for the best macro-F1 under the shipped thresholds (`models/reports/eval.md`).
pub const WHOLE_TEXT_WEIGHT: f32 = 0.25;
/// Exponent of the power mean over sentences (1 would be the plain mean, ∞ the maximum).
pub const SENTENCE_POWER: i32 = 8;
/// Weight of the first and of the last sentence in the sentences' power mean (others weigh 1).
pub const EDGE_SENTENCE_WEIGHT: f32 = 2.0;
/// Default number of sequences [`EmotionModel::analyse_batch`] runs together: on short texts
/// with one thread, 8 was as fast as 16 and ~2× faster than one at a time; 32 was slower.
pub const DEFAULT_MAX_BATCH: usize = 8;
/// Padded ids per batch at most (batch size × longest sequence), bounding memory and the
/// cost of padding.
const MAX_BATCH_IDS: usize = 8192;

/// One sentence of an analysed entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceAnalysis {
    /// `[start_char, end_char)`: char (not byte) offsets into the analysed text.
    pub start_char: usize,
    pub end_char: usize,
    pub text: String,
    pub probs: Probs,
}

/// The analysis of one entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The entry's distribution (see the crate docs for the formula).
    pub probs: Probs,
    /// The whole-text reading `W` it combines (from the same run as the sentences).
    pub whole: Probs,
    pub sentences: Vec<SentenceAnalysis>,
    pub model_id: String,
}

/// The emotion model, ready to run. Not `Sync`: one analysis at a time (`&mut self`).
pub struct EmotionModel {
    session: Session,
    tokenizer: TextTokenizer,
    meta: ModelMeta,
    threads: usize,
    max_batch: usize,
}

impl std::fmt::Debug for EmotionModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmotionModel")
            .field("model_id", &self.meta.model_id)
            .field("threads", &self.threads)
            .field("max_batch", &self.max_batch)
            .finish()
    }
}

impl EmotionModel {
    /// Loads and checks the four files; `threads` is ONNX Runtime's intra-op thread count
    /// (0 is treated as 1). Never panics: every problem is an [`EmotionError`] naming the file.
    ///
    /// Cold start is wall-clock time, so the model's SHA-256 and the tokenizer (tens of ms
    /// each) are checked and loaded on a helper thread while this one loads ONNX Runtime and
    /// builds the session (most of the time). Errors are still reported in file order
    /// (description, model, tokenizer, runtime): a model that fails its hash is reported as
    /// such even though ONNX Runtime has already parsed it.
    pub fn load(paths: &ModelPaths, threads: usize) -> Result<Self> {
        let threads = threads.max(1);
        let meta = ModelMeta::load(&paths.meta)?;
        check_model_file(&paths.model)?;
        // Loading the runtime may set an environment variable: do it before our helper thread
        // exists (see `disable_telemetry`).
        crate::runtime::disable_telemetry();
        let (hashed, tokenizer, session) = std::thread::scope(|scope| {
            let helper = std::thread::Builder::new()
                .name("haru-emotion-load".into())
                .spawn_scoped(scope, || {
                    let hashed = check_model_hash(&paths.model, meta.sha256.as_deref());
                    let tokenizer = TextTokenizer::load(&paths.tokenizer, &meta.text_prefix);
                    (hashed, tokenizer)
                });
            let session = build_session(paths, threads);
            let (hashed, tokenizer) = match helper {
                Ok(handle) => handle.join().unwrap_or_else(|_| {
                    let panicked = |what: &str| EmotionError::TokenizerInvalid {
                        path: paths.tokenizer.clone(),
                        reason: format!("{what} panicked"),
                    };
                    (Ok(()), Err(panicked("loading it")))
                }),
                // No thread to be had: do the same work here.
                Err(_) => (
                    check_model_hash(&paths.model, meta.sha256.as_deref()),
                    TextTokenizer::load(&paths.tokenizer, &meta.text_prefix),
                ),
            };
            (hashed, tokenizer, session)
        });
        hashed?;
        let tokenizer = tokenizer?;
        let session = session?;
        Ok(EmotionModel {
            session,
            tokenizer,
            meta,
            threads,
            max_batch: DEFAULT_MAX_BATCH,
        })
    }

    pub fn meta(&self) -> &ModelMeta {
        &self.meta
    }

    pub fn model_id(&self) -> &str {
        &self.meta.model_id
    }

    pub fn thresholds(&self) -> &Probs {
        &self.meta.thresholds
    }

    pub fn threads(&self) -> usize {
        self.threads
    }

    /// How many sequences [`EmotionModel::analyse_batch`] and [`EmotionModel::score_ids`] run
    /// together (1 = one run per sequence; default [`DEFAULT_MAX_BATCH`]).
    ///
    /// Batching is ~2× faster on short texts, but the graph's int8 activations are quantised
    /// with one scale per run, so a text's numbers move slightly with the texts it is batched
    /// with (measured on 600 GoEmotions texts: mean |Δp| 0.002, worst 0.16 on one label).
    /// With 1, every text gets exactly its single-run numbers, those of the Python reference.
    /// [`EmotionModel::analyse`] does not use this setting: it runs one sequence at a time,
    /// and an entry's analysis never depends on anything but its text.
    pub fn set_max_batch(&mut self, max_batch: usize) {
        self.max_batch = max_batch.max(1);
    }

    /// The model ids for `text`: `<s> prefix NFC(text) </s>`, untruncated.
    pub fn token_ids(&self, text: &str) -> Result<Vec<i64>> {
        self.tokenizer.encode(text)
    }

    /// The ids of an entry that fits the model and, for each of its sentences
    /// ([`split_sentences`](crate::split_sentences)), the range of ids [`EmotionModel::analyse`]
    /// reads it from (`None`: no token of its own), for inspection and the parity test.
    pub fn sentence_token_ranges(&self, text: &str) -> Result<EntryTokens> {
        let spans = split_spans(text);
        self.tokenizer
            .encode_with_sentences(text, &byte_ranges(&spans, 0))
    }

    /// Runs the graph on already-tokenised sequences (each at most `max_tokens` long), batched
    /// as set by [`EmotionModel::set_max_batch`].
    pub fn score_ids(&mut self, seqs: &[Vec<i64>]) -> Result<Vec<Probs>> {
        self.score_ids_with(seqs, self.max_batch)
    }

    fn score_ids_with(&mut self, seqs: &[Vec<i64>], max_batch: usize) -> Result<Vec<Probs>> {
        self.check_lengths(seqs)?;
        let (unique, slots) = dedupe(seqs);
        let mut order: Vec<usize> = (0..unique.len()).collect();
        order.sort_by_key(|&i| unique[i].len());
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut at = 0;
        while at < order.len() {
            let mut end = at + 1;
            while end < order.len()
                && end - at < max_batch
                && (end - at + 1) * unique[order[end]].len() <= MAX_BATCH_IDS
            {
                end += 1;
            }
            groups.push(order[at..end].to_vec());
            at = end;
        }
        let scores = self.run_groups(&unique, &groups)?;
        Ok(slots.into_iter().map(|s| scores[s]).collect())
    }

    fn check_lengths(&self, seqs: &[Vec<i64>]) -> Result<()> {
        let max = self.meta.max_tokens;
        match seqs.iter().find(|s| s.len() > max) {
            Some(long) => Err(EmotionError::Inference(format!(
                "a sequence of {} ids is longer than the model's {max}",
                long.len()
            ))),
            None => Ok(()),
        }
    }

    /// Scores `unique[i]` for every `i` of every group, one run per group.
    fn run_groups(&mut self, unique: &[&Vec<i64>], groups: &[Vec<usize>]) -> Result<Vec<Probs>> {
        let mut scores = vec![[0f32; NUM_LABELS]; unique.len()];
        for group in groups {
            let batch: Vec<&Vec<i64>> = group.iter().map(|&i| unique[i]).collect();
            for (&i, probs) in group.iter().zip(self.run_batch(&batch)?) {
                scores[i] = probs;
            }
        }
        Ok(scores)
    }

    fn run_batch(&mut self, batch: &[&Vec<i64>]) -> Result<Vec<Probs>> {
        let seqs: Vec<&[i64]> = batch.iter().map(|s| s.as_slice()).collect();
        Ok(self.run(&seqs, &vec![&[][..]; seqs.len()])?.0)
    }

    /// One run of the graph. Every sequence of `batch` is padded with `<pad>` (mask 0); a
    /// sequence with sentences `spans[r]` (token ranges, ascending) is laid out as an entry
    /// ([`entry_layout`]) and gets each sentence's distribution (the classifier on the mean of
    /// its final token states); one without is read plainly. Returns the whole-input
    /// distributions and, per sequence, its sentences' distributions.
    fn run(
        &mut self,
        batch: &[&[i64]],
        spans: &[&[Range<usize>]],
    ) -> Result<(Vec<Probs>, Vec<Vec<Probs>>)> {
        let rows = batch.len();
        let cols = batch.iter().map(|s| s.len()).max().unwrap_or(0).max(1);
        // The graph always takes at least one span row; unused rows pool the whole sequence.
        let span_rows = spans.iter().map(|s| s.len()).max().unwrap_or(0).max(1);
        let head = 1 + self.tokenizer.prefix_len();
        let mut ids = vec![self.tokenizer.pad; rows * cols];
        let mut mask = vec![0i64; rows * cols];
        let mut positions = Vec::with_capacity(rows * cols);
        let mut sentence_ids = Vec::with_capacity(rows * cols);
        let mut weights = vec![0f32; rows * span_rows * cols];
        for (r, seq) in batch.iter().enumerate() {
            ids[r * cols..r * cols + seq.len()].copy_from_slice(seq);
            mask[r * cols..r * cols + seq.len()].fill(1);
            let (sentence, position) = entry_layout(cols, spans[r], head);
            sentence_ids.extend(sentence);
            positions.extend(position);
            let whole = 0..seq.len();
            let ranges = if spans[r].is_empty() {
                std::slice::from_ref(&whole)
            } else {
                spans[r]
            };
            for (j, range) in ranges.iter().enumerate() {
                let row = (r * span_rows + j) * cols;
                let share = 1.0 / range.len().max(1) as f32;
                weights[row + range.start..row + range.end.min(seq.len())].fill(share);
            }
        }
        let fail = |err: ort::Error| EmotionError::Inference(err.to_string());
        let ids = Tensor::from_array(([rows, cols], ids)).map_err(fail)?;
        let mask = Tensor::from_array(([rows, cols], mask)).map_err(fail)?;
        let positions = Tensor::from_array(([rows, cols], positions)).map_err(fail)?;
        let sentence_ids = Tensor::from_array(([rows, cols], sentence_ids)).map_err(fail)?;
        let weights = Tensor::from_array(([rows, span_rows, cols], weights)).map_err(fail)?;
        let outputs = self
            .session
            .run(ort::inputs![
                "input_ids" => ids,
                "attention_mask" => mask,
                "position_ids" => positions,
                "sentence_ids" => sentence_ids,
                "span_weights" => weights
            ])
            .map_err(fail)?;
        let probs = probs_rows(&outputs["probs"], &[rows])?;
        let span_probs = probs_rows(&outputs["span_probs"], &[rows, span_rows])?;
        let per_sequence = span_probs
            .chunks(span_rows)
            .zip(spans)
            .map(|(rows, wanted)| rows[..wanted.len()].to_vec())
            .collect();
        Ok((probs, per_sequence))
    }

    /// The sequences that read `text` (one when it fits `max_tokens`, otherwise sentence
    /// chunks and token windows), for inspection and tests.
    pub fn whole_text_sequences(&self, text: &str) -> Result<Vec<Vec<i64>>> {
        Ok(self
            .pieces(text, None)?
            .into_iter()
            .map(|piece| piece.ids)
            .collect())
    }

    /// The plain reading of each of many texts (all tokens attend to all, no sentence marks;
    /// the distribution the thresholds are tuned on), batched. Used for bulk scoring (`haru
    /// analyze --input`) and the catalogues; an empty text scores the empty string. For a text
    /// of one sentence it equals `W` of [`EmotionModel::analyse`].
    pub fn analyse_batch<S: AsRef<str>>(&mut self, texts: &[S]) -> Result<Vec<Probs>> {
        let mut seqs = Vec::new();
        let mut owners = Vec::new();
        for (t, text) in texts.iter().enumerate() {
            for piece in self.pieces(text.as_ref(), None)? {
                owners.push((t, self.tokenizer.body_len(&piece.ids).max(1) as f32));
                seqs.push(piece.ids);
            }
        }
        let scores = self.score_ids(&seqs)?;
        let mut sums = vec![([0f32; NUM_LABELS], 0f32); texts.len()];
        for ((t, weight), probs) in owners.into_iter().zip(scores) {
            accumulate(&mut sums[t], &probs, weight);
        }
        Ok(sums.into_iter().map(|(sum, w)| scale(sum, w)).collect())
    }

    /// Analyses one entry: sentences, their distributions, and the entry distribution.
    ///
    /// An entry that fits the model is read in **one run** laid out as an entry
    /// ([`entry_layout`]): the whole-text distribution and, from the same run, each sentence's
    /// distribution (the classifier on the mean of that sentence's final token states). Longer
    /// entries run chunk by chunk, each chunk alone, so the result depends on the entry's text
    /// only and equals the Python reference. A one-sentence entry's sentence gets the
    /// whole-text distribution.
    pub fn analyse(&mut self, text: &str) -> Result<Analysis> {
        let spans = split_spans(text);
        let pieces = self.pieces(text, Some(&spans))?;
        let mut whole_sum = ([0f32; NUM_LABELS], 0f32);
        let mut sentence_sums = vec![([0f32; NUM_LABELS], 0f32); spans.len()];
        for piece in &pieces {
            let ranges: Vec<Range<usize>> =
                piece.sentences.iter().map(|(_, r)| r.clone()).collect();
            let (whole, sentences) = self.run(&[&piece.ids], &[&ranges])?;
            let weight = self.tokenizer.body_len(&piece.ids).max(1) as f32;
            accumulate(&mut whole_sum, &whole[0], weight);
            for ((s, range), probs) in piece.sentences.iter().zip(&sentences[0]) {
                accumulate(&mut sentence_sums[*s], probs, range.len() as f32);
            }
        }
        let whole = scale(whole_sum.0, whole_sum.1);
        if spans.len() == 1 && pieces.len() == 1 {
            // A one-sentence entry is its own whole text: one reading for both.
            sentence_sums[0] = (whole, 1.0);
        }
        let sentences: Vec<SentenceAnalysis> = spans
            .iter()
            .zip(sentence_sums)
            .map(|(span, (sum, w))| SentenceAnalysis {
                start_char: span.start_char,
                end_char: span.end_char,
                text: text[span.start_byte..span.end_byte].to_string(),
                // No token of its own (only characters the model ignores): the entry's reading.
                probs: if w > 0.0 { scale(sum, w) } else { whole },
            })
            .collect();
        let sentence_probs: Vec<Probs> = sentences.iter().map(|s| s.probs).collect();
        Ok(Analysis {
            probs: combine(&whole, &sentence_probs),
            whole,
            sentences,
            model_id: self.meta.model_id.clone(),
        })
    }

    /// The runs that read `text`, each at most `max_tokens` ids: the whole text when it fits,
    /// otherwise chunks of whole sentences, and token windows for a sentence that alone is too
    /// long. Nothing is dropped. With `sentences`, every run lists the token ranges of the
    /// sentences it reads; without, runs are found without splitting a text that fits.
    fn pieces(&self, text: &str, sentences: Option<&[Span]>) -> Result<Vec<Piece>> {
        let max = self.meta.max_tokens;
        if sentences.is_none() {
            let ids = self.tokenizer.encode(text)?;
            if ids.len() <= max {
                return Ok(vec![Piece::whole(ids)]);
            }
        }
        let owned;
        let spans = match sentences {
            Some(given) => given,
            None => {
                owned = split_spans(text);
                &owned[..]
            }
        };
        let EntryTokens {
            ids,
            sentences: tokens,
        } = self
            .tokenizer
            .encode_with_sentences(text, &byte_ranges(spans, 0))?;
        if ids.len() <= max {
            return Ok(vec![Piece::new(ids, tokens, 0)]);
        }
        // Greedy packing by the sentences' token counts, with a little room for tokens that
        // merge or split differently once the chunk is encoded on its own.
        let budget = max.saturating_sub(self.tokenizer.overhead() + 8).max(1);
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let (mut start, mut used) = (0, 0);
        for (s, range) in tokens.iter().enumerate() {
            let len = range.as_ref().map_or(0, |r| r.len());
            if s > start && used + len > budget {
                groups.push((start, s));
                (start, used) = (s, 0);
            }
            used += len;
        }
        if start < spans.len() {
            groups.push((start, spans.len()));
        }
        let mut out = Vec::new();
        for group in groups {
            self.chunk_pieces(text, spans, group, &mut out)?;
        }
        Ok(out)
    }

    fn chunk_pieces(
        &self,
        text: &str,
        spans: &[Span],
        (from, to): (usize, usize),
        out: &mut Vec<Piece>,
    ) -> Result<()> {
        let max = self.meta.max_tokens;
        let base = spans[from].start_byte;
        let chunk = &text[base..spans[to - 1].end_byte];
        let EntryTokens {
            ids,
            sentences: tokens,
        } = self
            .tokenizer
            .encode_with_sentences(chunk, &byte_ranges(&spans[from..to], base))?;
        if ids.len() <= max {
            out.push(Piece::new(ids, tokens, from));
        } else if to - from > 1 {
            let mid = from + (to - from) / 2;
            self.chunk_pieces(text, spans, (from, mid), out)?;
            self.chunk_pieces(text, spans, (mid, to), out)?;
        } else {
            for window in self.tokenizer.windows(&ids, max) {
                let body = self.tokenizer.body_range(&window);
                let sentences = if body.is_empty() {
                    Vec::new()
                } else {
                    vec![(from, body)]
                };
                out.push(Piece {
                    ids: window,
                    sentences,
                });
            }
        }
        Ok(())
    }
}

/// One run of the model over (part of) an entry.
struct Piece {
    ids: Vec<i64>,
    /// `(sentence index, token range)` of each sentence read from this run.
    sentences: Vec<(usize, Range<usize>)>,
}

impl Piece {
    fn whole(ids: Vec<i64>) -> Self {
        Piece {
            ids,
            sentences: Vec::new(),
        }
    }

    /// `tokens[i]` is the range of sentence `first + i`, if it has tokens.
    fn new(ids: Vec<i64>, tokens: Vec<Option<Range<usize>>>, first: usize) -> Self {
        let sentences = tokens
            .into_iter()
            .enumerate()
            .filter_map(|(i, range)| range.map(|r| (first + i, r)))
            .collect();
        Piece { ids, sentences }
    }
}

/// The sentence ids and position ids of a sequence of `len` ids whose sentences cover the
/// token ranges `sentences` (ascending), `head` being `<s>` + prefix. The graph lets a token of
/// sentence `k` (id `k`) attend to its own sentence and to the shared tokens (id 0), which
/// attend to everything; positions restart at `head` for each sentence, as if it were alone.
/// `<s>` and the prefix keep `0..head`; other shared tokens (`</s>`, a lone space between
/// sentences) continue the positions of the sentence before them, or keep their own when none
/// precedes. Without sentences this is the plain layout (ids 0, positions `0..len`), the one
/// the thresholds were tuned on. `models/export.py` (`entry_layout`) is the reference.
fn entry_layout(len: usize, sentences: &[Range<usize>], head: usize) -> (Vec<i64>, Vec<i64>) {
    let mut sentence_ids = vec![0i64; len];
    for (k, range) in sentences.iter().enumerate() {
        sentence_ids[range.start.min(len)..range.end.min(len)].fill(k as i64 + 1);
    }
    let mut positions: Vec<i64> = (0..len as i64).collect();
    let mut start: Option<usize> = None;
    for i in head..len {
        if sentence_ids[i] != 0 && (i == 0 || sentence_ids[i - 1] != sentence_ids[i]) {
            start = Some(i);
        }
        if let Some(start) = start {
            positions[i] = (head + i - start) as i64;
        }
    }
    (sentence_ids, positions)
}

/// The byte ranges of `spans`, relative to `base`.
fn byte_ranges(spans: &[Span], base: usize) -> Vec<Range<usize>> {
    spans
        .iter()
        .map(|s| s.start_byte - base..s.end_byte - base)
        .collect()
}

/// The rows of a `[.., NUM_LABELS]` probability output whose leading dimensions must be
/// `leading`.
fn probs_rows(value: &ort::value::DynValue, leading: &[usize]) -> Result<Vec<Probs>> {
    let fail = |err: ort::Error| EmotionError::Inference(err.to_string());
    let (shape, data) = value.try_extract_tensor::<f32>().map_err(fail)?;
    let expected: Vec<i64> = leading
        .iter()
        .map(|&d| d as i64)
        .chain([NUM_LABELS as i64])
        .collect();
    if shape[..] != expected[..] {
        return Err(EmotionError::Inference(format!(
            "the model returned shape {shape:?}, expected {expected:?}"
        )));
    }
    Ok(data
        .chunks_exact(NUM_LABELS)
        .map(|row| {
            let mut p = [0f32; NUM_LABELS];
            p.copy_from_slice(row);
            p
        })
        .collect())
}

fn accumulate(acc: &mut (Probs, f32), probs: &Probs, weight: f32) {
    for (a, p) in acc.0.iter_mut().zip(probs) {
        *a += weight * p;
    }
    acc.1 += weight;
}

fn scale(mut sum: Probs, weight: f32) -> Probs {
    if weight > 0.0 {
        sum.iter_mut().for_each(|v| *v /= weight);
    }
    sum
}

/// The distinct sequences of `seqs` (first occurrence order) and, for each sequence, the
/// index of its distinct copy.
fn dedupe(seqs: &[Vec<i64>]) -> (Vec<&Vec<i64>>, Vec<usize>) {
    let mut unique: Vec<&Vec<i64>> = Vec::new();
    let mut slot_of: HashMap<&Vec<i64>, usize> = HashMap::new();
    let slots = seqs
        .iter()
        .map(|s| {
            *slot_of.entry(s).or_insert_with(|| {
                unique.push(s);
                unique.len() - 1
            })
        })
        .collect();
    (unique, slots)
}

/// The entry distribution from the whole-text reading `whole` and the sentence distributions
/// (see the crate docs): `WHOLE_TEXT_WEIGHT · whole + (1 − WHOLE_TEXT_WEIGHT) · M`, where `M`
/// is, label by label, the power mean (exponent [`SENTENCE_POWER`]) of the sentences, the
/// first and last weighing [`EDGE_SENTENCE_WEIGHT`]: close to the strongest sentence, so one
/// strong sentence is not averaged away, with the edges counting more.
pub fn combine(whole: &Probs, sentences: &[Probs]) -> Probs {
    if sentences.is_empty() {
        return *whole;
    }
    let n = sentences.len();
    let mut acc = ([0f32; NUM_LABELS], 0f32);
    for (i, probs) in sentences.iter().enumerate() {
        let weight = if i == 0 || i == n - 1 {
            EDGE_SENTENCE_WEIGHT
        } else {
            1.0
        };
        accumulate(
            &mut acc,
            &probs.map(|p| p.max(0.0).powi(SENTENCE_POWER)),
            weight,
        );
    }
    let m = scale(acc.0, acc.1).map(|v| v.powf(1.0 / SENTENCE_POWER as f32));
    let mut out = [0f32; NUM_LABELS];
    for (k, o) in out.iter_mut().enumerate() {
        *o = WHOLE_TEXT_WEIGHT * whole[k] + (1.0 - WHOLE_TEXT_WEIGHT) * m[k];
    }
    out
}

/// Loads ONNX Runtime (once per process) and builds the session for the model file.
fn build_session(paths: &ModelPaths, threads: usize) -> Result<Session> {
    let env = crate::runtime::environment(&paths.ort_lib)?;
    let corrupt = |reason: String| EmotionError::ModelCorrupt {
        path: paths.model.clone(),
        reason,
    };
    let built = catch_unwind(AssertUnwindSafe(|| -> Result<Session> {
        let setup = |err: ort::Error<_>| corrupt(format!("session set-up failed: {err}"));
        // Graph optimisation level: the shipped graph is already fused offline (BiasGelu);
        // `All` adds the int8 MatMul fusions. Lower levels built the session no faster within
        // noise and ran slower (tests/bench/EMOTION.md).
        // Flush-to-zero: an entry's sentence mask (-10000 on most attention scores) makes the
        // softmax produce subnormal floats, which ran the whole graph 2× slower (113 vs 55 ms
        // for a 12-sentence entry); the Python reference and the thresholds use it too.
        Session::builder(&env)
            .map_err(|err| corrupt(format!("session set-up failed: {err}")))?
            .with_optimization_level(GraphOptimizationLevel::All)
            .map_err(setup)?
            .with_flush_to_zero()
            .map_err(setup)?
            .with_intra_threads(threads)
            .map_err(setup)?
            .with_inter_threads(1)
            .map_err(setup)?
            .with_parallel_execution(false)
            .map_err(setup)?
            .commit_from_file(&paths.model)
            .map_err(|err| corrupt(err.to_string()))
    }));
    let session = match built {
        Ok(result) => result?,
        Err(_) => return Err(corrupt("ONNX Runtime panicked while loading it".into())),
    };
    let inputs: Vec<&str> = session.inputs().iter().map(|i| i.name()).collect();
    let outputs: Vec<&str> = session.outputs().iter().map(|o| o.name()).collect();
    let expected_inputs = [
        "input_ids",
        "attention_mask",
        "position_ids",
        "sentence_ids",
        "span_weights",
    ];
    if !(expected_inputs.iter().all(|name| inputs.contains(name))
        && outputs.contains(&"probs")
        && outputs.contains(&"span_probs"))
    {
        return Err(corrupt(format!(
            "expected inputs {expected_inputs:?} and outputs probs, span_probs (a model made \
             for this version of Haru); found inputs {inputs:?}, outputs {outputs:?}"
        )));
    }
    Ok(session)
}

/// Exists, is a file and is non-empty (cheap; done before anything else).
fn check_model_file(path: &Path) -> Result<()> {
    let corrupt = |reason: String| EmotionError::ModelCorrupt {
        path: path.to_path_buf(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|err| EmotionError::io(path, err))?;
    if !meta.is_file() {
        return Err(corrupt("it is not a file".into()));
    }
    if meta.len() == 0 {
        return Err(corrupt("it is empty".into()));
    }
    Ok(())
}

/// When the description has a SHA-256, the model file matches it.
fn check_model_hash(path: &Path, sha256: Option<&str>) -> Result<()> {
    let corrupt = |reason: String| EmotionError::ModelCorrupt {
        path: path.to_path_buf(),
        reason,
    };
    let Some(expected) = sha256 else {
        return Ok(());
    };
    let mut file = std::fs::File::open(path).map_err(|err| EmotionError::io(path, err))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|err| EmotionError::io(path, err))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    let actual: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if actual != expected {
        return Err(corrupt(format!(
            "its SHA-256 is {actual}, the model description expects {expected}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combine_weights_whole_text_and_edge_sentences() {
        let mut whole = [0.0; NUM_LABELS];
        whole[0] = 1.0;
        let mut a = [0.0; NUM_LABELS];
        a[1] = 1.0;
        let mut b = [0.0; NUM_LABELS];
        b[2] = 1.0;
        // No sentences: the whole-text reading.
        assert_eq!(combine(&whole, &[]), whole);
        // first a (2), middle b (1), last a (2): M = [_, 0.8^(1/8), 0.2^(1/8)]
        let out = combine(&whole, &[a, b, a]);
        let close = |x: f32, y: f32| (x - y).abs() < 1e-5;
        assert!(close(out[0], 0.25));
        assert!(close(out[1], 0.75 * 0.8f32.powf(0.125)));
        assert!(close(out[2], 0.75 * 0.2f32.powf(0.125)));
        // One strong middle sentence among weak ones still shows (a mean would dilute it).
        let mut weak = [0.0; NUM_LABELS];
        weak[3] = 0.05;
        let mut strong = weak;
        strong[3] = 0.9;
        let out = combine(&weak, &[weak, weak, strong, weak, weak]);
        assert!(out[3] > 0.5, "{}", out[3]);
        // One sentence that is the whole text: the whole text.
        assert!(close(combine(&whole, &[whole])[0], 1.0));
    }

    #[test]
    fn entry_layout_restarts_positions_per_sentence() {
        // <s> que ry : | s1 s1 s1 | ▁ | s2 s2 | </s> <pad>
        let (ids, pos) = entry_layout(11, &[4..7, 8..10], 4);
        assert_eq!(ids, [0, 0, 0, 0, 1, 1, 1, 0, 2, 2, 0]);
        // The lone space continues sentence 1, </s> and padding continue sentence 2.
        assert_eq!(pos, [0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6]);
        // No sentences: the plain layout the thresholds were tuned on.
        let (ids, pos) = entry_layout(6, &[], 4);
        assert_eq!(ids, [0; 6]);
        assert_eq!(pos, [0, 1, 2, 3, 4, 5]);
        // One sentence is the plain layout too.
        assert_eq!(
            entry_layout(6, std::slice::from_ref(&(4..5)), 4).1,
            [0, 1, 2, 3, 4, 5]
        );
    }

    #[test]
    fn model_file_checks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("haru-emotion.onnx");
        assert!(matches!(
            check_model_file(&path),
            Err(EmotionError::ModelMissing { .. })
        ));
        std::fs::write(&path, b"").unwrap();
        assert!(check_model_file(&path)
            .unwrap_err()
            .to_string()
            .contains("empty"));
        std::fs::write(&path, b"abc").unwrap();
        check_model_file(&path).unwrap();
        check_model_hash(&path, None).unwrap();
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        check_model_hash(&path, Some(abc)).unwrap();
        let err = check_model_hash(&path, Some(&"0".repeat(64))).unwrap_err();
        assert!(matches!(err, EmotionError::ModelCorrupt { .. }));
        assert!(err.to_string().contains(abc), "{err}");
    }

    #[test]
    fn the_model_can_move_to_a_worker_thread() {
        fn is_send<T: Send>() {}
        is_send::<EmotionModel>();
    }
}
