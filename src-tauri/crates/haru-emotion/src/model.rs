//! The loaded model: files → session, and text → emotion distributions.
//!
//! Why it exists: this is the one place that runs the ONNX graph. It verifies the files before
//! trusting them (hash, tokenizer, runtime), cuts long entries into model-sized pieces without
//! dropping any text, batches sequences for speed, and combines chunk and sentence scores into
//! the entry distribution documented in the crate docs.

use std::collections::HashMap;
use std::io::Read;
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
use crate::tokenize::TextTokenizer;

/// Weight of the whole-text pass in the entry distribution (the sentence pass gets the rest).
pub const WHOLE_TEXT_WEIGHT: f32 = 0.5;
/// Weight of the first and of the last sentence in the sentence pass (others weigh 1).
pub const EDGE_SENTENCE_WEIGHT: f32 = 2.0;
/// Default number of sequences [`EmotionModel::analyze_batch`] runs together: on short texts
/// with one thread, 8 was as fast as 16 and ~2× faster than one at a time; 32 was slower.
pub const DEFAULT_MAX_BATCH: usize = 8;
/// Padded ids per batch at most (batch size × longest sequence), bounding memory and the
/// cost of padding.
const MAX_BATCH_IDS: usize = 8192;
/// Sentences [`EmotionModel::analyze`] runs together at most (with sentence batching on).
const MAX_SENTENCE_BATCH: usize = 16;
/// The fixed cost of one run, in padded ids: a run streams all the weights (~40 MB) from
/// memory whatever its length, ~6 ms here, about as long as ~20 more ids take.
const RUN_COST_IDS: usize = 20;

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
    batch_sentences: bool,
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
            batch_sentences: false,
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

    /// How many sequences [`EmotionModel::analyze_batch`] and [`EmotionModel::score_ids`] run
    /// together (1 = one run per sequence; default [`DEFAULT_MAX_BATCH`]).
    ///
    /// Batching is ~2× faster on short texts, but the graph's int8 activations are quantised
    /// with one scale per run, so a text's numbers move slightly with the texts it is batched
    /// with (measured on 600 GoEmotions texts: mean |Δp| 0.002, worst 0.16 on one label).
    /// With 1, every text gets exactly its single-run numbers, those of the Python reference.
    /// [`EmotionModel::analyze`] does not use this setting: it runs one sequence at a time
    /// unless [`EmotionModel::set_batch_sentences`] is on, and an entry's analysis never
    /// depends on anything but its text.
    pub fn set_max_batch(&mut self, max_batch: usize) {
        self.max_batch = max_batch.max(1);
    }

    /// Whether [`EmotionModel::analyze`] runs an entry's sentences together, padded, in a few
    /// runs grouped by length (off by default).
    ///
    /// A run costs a fixed ~6 ms on top of its ids (it streams all ~40 MB of weights from
    /// memory), so on a 250-word, 12-sentence entry this takes ~17% off `analyze` (on-CPU
    /// time; `cargo bench -p haru-emotion --bench analyze`). But like
    /// [`EmotionModel::set_max_batch`] it moves a sentence's numbers with the sentences it runs
    /// with, because the int8 activations share one quantisation scale per run: measured on
    /// the bench entries, sentences moved by 0.003 on average and 0.05–0.08 at most on one
    /// label, the entry distribution by ≤ 0.005. The result still depends on the entry's text
    /// alone, and whole-text chunks always run alone (exactly their single-run numbers).
    pub fn set_batch_sentences(&mut self, on: bool) {
        self.batch_sentences = on;
    }

    /// The model ids for `text`: `<s> prefix NFC(text) </s>`, untruncated.
    pub fn token_ids(&self, text: &str) -> Result<Vec<i64>> {
        self.tokenizer.encode(text)
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
        let rows = batch.len();
        let cols = batch.iter().map(|s| s.len()).max().unwrap_or(0).max(1);
        let mut ids = vec![self.tokenizer.pad; rows * cols];
        let mut mask = vec![0i64; rows * cols];
        for (r, seq) in batch.iter().enumerate() {
            ids[r * cols..r * cols + seq.len()].copy_from_slice(seq);
            mask[r * cols..r * cols + seq.len()].fill(1);
        }
        let fail = |err: ort::Error| EmotionError::Inference(err.to_string());
        let ids = Tensor::from_array(([rows, cols], ids)).map_err(fail)?;
        let mask = Tensor::from_array(([rows, cols], mask)).map_err(fail)?;
        let outputs = self
            .session
            .run(ort::inputs!["input_ids" => ids, "attention_mask" => mask])
            .map_err(fail)?;
        let (shape, data) = outputs["probs"].try_extract_tensor::<f32>().map_err(fail)?;
        if shape.len() != 2 || shape[0] as usize != rows || shape[1] as usize != NUM_LABELS {
            return Err(EmotionError::Inference(format!(
                "the model returned shape {shape:?}, expected [{rows}, {NUM_LABELS}]"
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

    /// The sequences the whole-text pass runs for `text` (one when it fits `max_tokens`,
    /// otherwise sentence chunks and token windows), for inspection and tests.
    pub fn whole_text_sequences(&self, text: &str) -> Result<Vec<Vec<i64>>> {
        Ok(self
            .whole_text_chunks(text, None)?
            .into_iter()
            .map(|(ids, _)| ids)
            .collect())
    }

    /// Whole-text distributions (pass (a) of the crate docs) for many texts, batched. Used for
    /// bulk scoring (`haru analyze --input`); an empty text scores the empty string.
    pub fn analyze_batch<S: AsRef<str>>(&mut self, texts: &[S]) -> Result<Vec<Probs>> {
        let mut seqs = Vec::new();
        let mut owners = Vec::new();
        for (t, text) in texts.iter().enumerate() {
            for (ids, weight) in self.whole_text_chunks(text.as_ref(), None)? {
                seqs.push(ids);
                owners.push((t, weight));
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
    /// Every whole-text chunk runs alone. Sentences run alone too unless
    /// [`EmotionModel::set_batch_sentences`] is on. A sequence that occurs twice (a
    /// one-sentence entry is its own whole text; repeated sentences) runs once.
    pub fn analyze(&mut self, text: &str) -> Result<Analysis> {
        let spans = split_spans(text);
        let sentence_ids: Vec<Vec<i64>> = spans
            .iter()
            .map(|s| self.tokenizer.encode(&text[s.start_byte..s.end_byte]))
            .collect::<Result<_>>()?;
        let whole = self.whole_text_chunks(text, Some((&spans, &sentence_ids)))?;

        // Owners: `None` for the whole text, `Some(i)` for sentence `i`; each with its weight.
        let mut seqs: Vec<Vec<i64>> = Vec::with_capacity(whole.len() + spans.len());
        let mut owners: Vec<(Option<usize>, f32)> = Vec::with_capacity(seqs.capacity());
        for (ids, weight) in whole {
            seqs.push(ids);
            owners.push((None, weight));
        }
        let whole_count = seqs.len();
        for (s, ids) in sentence_ids.iter().enumerate() {
            for window in self.tokenizer.windows(ids, self.meta.max_tokens) {
                let weight = self.tokenizer.body_len(&window).max(1) as f32;
                seqs.push(window);
                owners.push((Some(s), weight));
            }
        }
        self.check_lengths(&seqs)?;
        let (unique, slots) = dedupe(&seqs);
        let mut alone = vec![false; unique.len()];
        for &slot in &slots[..whole_count] {
            alone[slot] = true;
        }
        let mut groups: Vec<Vec<usize>> = (0..unique.len())
            .filter(|&i| alone[i])
            .map(|i| vec![i])
            .collect();
        let mut rest: Vec<usize> = (0..unique.len()).filter(|&i| !alone[i]).collect();
        if self.batch_sentences {
            rest.sort_by_key(|&i| unique[i].len());
            let lens: Vec<usize> = rest.iter().map(|&i| unique[i].len()).collect();
            groups.extend(padded_groups(&lens).into_iter().map(|r| rest[r].to_vec()));
        } else {
            groups.extend(rest.into_iter().map(|i| vec![i]));
        }
        let scores = self.run_groups(&unique, &groups)?;

        let mut whole_sum = ([0f32; NUM_LABELS], 0f32);
        let mut sentence_sums = vec![([0f32; NUM_LABELS], 0f32); spans.len()];
        for ((owner, weight), slot) in owners.into_iter().zip(slots) {
            let sum = match owner {
                None => &mut whole_sum,
                Some(s) => &mut sentence_sums[s],
            };
            accumulate(sum, &scores[slot], weight);
        }
        let whole = scale(whole_sum.0, whole_sum.1);
        let sentences: Vec<SentenceAnalysis> = spans
            .iter()
            .zip(sentence_sums)
            .map(|(span, (sum, w))| SentenceAnalysis {
                start_char: span.start_char,
                end_char: span.end_char,
                text: text[span.start_byte..span.end_byte].to_string(),
                probs: scale(sum, w),
            })
            .collect();
        let sentence_probs: Vec<Probs> = sentences.iter().map(|s| s.probs).collect();
        Ok(Analysis {
            probs: combine(&whole, &sentence_probs),
            sentences,
            model_id: self.meta.model_id.clone(),
        })
    }

    /// The whole text as sequences of at most `max_tokens` ids with their weights (text
    /// tokens). One sequence when it fits; otherwise chunks of whole sentences, and token
    /// windows for a sentence that alone is too long. Nothing is dropped.
    fn whole_text_chunks(
        &self,
        text: &str,
        sentences: Option<(&[Span], &[Vec<i64>])>,
    ) -> Result<Vec<(Vec<i64>, f32)>> {
        let max = self.meta.max_tokens;
        let ids = self.tokenizer.encode(text)?;
        if ids.len() <= max {
            let weight = self.tokenizer.body_len(&ids).max(1) as f32;
            return Ok(vec![(ids, weight)]);
        }
        let owned;
        let (spans, sentence_ids) = match sentences {
            Some(given) => given,
            None => {
                let spans = split_spans(text);
                let ids: Vec<Vec<i64>> = spans
                    .iter()
                    .map(|s| self.tokenizer.encode(&text[s.start_byte..s.end_byte]))
                    .collect::<Result<_>>()?;
                owned = (spans, ids);
                (&owned.0[..], &owned.1[..])
            }
        };
        // Greedy packing by the sentences' own token counts, with a little room for tokens
        // that merge or split differently once sentences are joined.
        let overhead = self.tokenizer.overhead();
        let budget = max.saturating_sub(overhead + 8).max(1);
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        let mut used = 0;
        for (s, ids) in sentence_ids.iter().enumerate() {
            let len = self.tokenizer.body_len(ids);
            if s > start && used + len > budget {
                groups.push((start, s));
                start = s;
                used = 0;
            }
            used += len;
        }
        if start < sentence_ids.len() {
            groups.push((start, sentence_ids.len()));
        }
        let mut out = Vec::new();
        for group in groups {
            self.chunk_group(text, spans, group, &mut out)?;
        }
        Ok(out)
    }

    fn chunk_group(
        &self,
        text: &str,
        spans: &[Span],
        (from, to): (usize, usize),
        out: &mut Vec<(Vec<i64>, f32)>,
    ) -> Result<()> {
        let max = self.meta.max_tokens;
        let chunk = &text[spans[from].start_byte..spans[to - 1].end_byte];
        let ids = self.tokenizer.encode(chunk)?;
        if ids.len() <= max {
            let weight = self.tokenizer.body_len(&ids).max(1) as f32;
            out.push((ids, weight));
        } else if to - from > 1 {
            let mid = from + (to - from) / 2;
            self.chunk_group(text, spans, (from, mid), out)?;
            self.chunk_group(text, spans, (mid, to), out)?;
        } else {
            for window in self.tokenizer.windows(&ids, max) {
                let weight = self.tokenizer.body_len(&window).max(1) as f32;
                out.push((window, weight));
            }
        }
        Ok(())
    }
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

/// Cuts sequences of lengths `lens` (ascending) into consecutive runs so that the padded ids
/// plus a fixed cost per run ([`RUN_COST_IDS`]) are smallest (exact, by dynamic programming;
/// at most [`MAX_SENTENCE_BATCH`] rows and [`MAX_BATCH_IDS`] padded ids a run).
fn padded_groups(lens: &[usize]) -> Vec<std::ops::Range<usize>> {
    let n = lens.len();
    // best[j]: cheapest cost of the first j sequences; cut[j]: where its last run starts.
    let mut best = vec![usize::MAX; n + 1];
    let mut cut = vec![0; n + 1];
    best[0] = 0;
    for j in 1..=n {
        for i in (j.saturating_sub(MAX_SENTENCE_BATCH)..j).rev() {
            let padded = (j - i) * lens[j - 1];
            if j - i > 1 && padded > MAX_BATCH_IDS {
                break;
            }
            let cost = best[i] + RUN_COST_IDS + padded;
            if cost < best[j] {
                best[j] = cost;
                cut[j] = i;
            }
        }
    }
    let mut groups = Vec::new();
    let mut j = n;
    while j > 0 {
        groups.push(cut[j]..j);
        j = cut[j];
    }
    groups.reverse();
    groups
}

/// The entry distribution from the whole-text pass `whole` and the sentence distributions
/// (see the crate docs): `WHOLE_TEXT_WEIGHT · whole + (1 − WHOLE_TEXT_WEIGHT) · S`, where `S`
/// is the sentence mean with the first and last sentences weighing `EDGE_SENTENCE_WEIGHT`.
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
        accumulate(&mut acc, probs, weight);
    }
    let s = scale(acc.0, acc.1);
    let mut out = [0f32; NUM_LABELS];
    for (k, o) in out.iter_mut().enumerate() {
        *o = WHOLE_TEXT_WEIGHT * whole[k] + (1.0 - WHOLE_TEXT_WEIGHT) * s[k];
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
        // Graph optimisation level: the shipped graph is already fused offline (SkipLayerNorm,
        // BiasGelu); `All` adds the int8 MatMul fusions. Lower levels built the session no
        // faster within noise and ran slower (tests/bench/EMOTION.md).
        Session::builder(&env)
            .map_err(|err| corrupt(format!("session set-up failed: {err}")))?
            .with_optimization_level(GraphOptimizationLevel::All)
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
    if !(inputs.contains(&"input_ids")
        && inputs.contains(&"attention_mask")
        && outputs.contains(&"probs"))
    {
        return Err(corrupt(format!(
            "expected inputs input_ids, attention_mask and output probs; found inputs \
             {inputs:?}, outputs {outputs:?}"
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
        // No sentences: the whole-text pass.
        assert_eq!(combine(&whole, &[]), whole);
        // first a (2), middle b (1), last a (2): S = [_, 0.8, 0.2]
        let out = combine(&whole, &[a, b, a]);
        assert!((out[0] - 0.5).abs() < 1e-6);
        assert!((out[1] - 0.4).abs() < 1e-6);
        assert!((out[2] - 0.1).abs() < 1e-6);
        // One sentence: half whole, half sentence.
        let out = combine(&whole, &[b]);
        assert!((out[0] - 0.5).abs() < 1e-6 && (out[2] - 0.5).abs() < 1e-6);
    }

    #[test]
    fn sentence_groups_trade_padding_against_runs() {
        // Ranges cover every sequence once, in order.
        let covers = |groups: &[std::ops::Range<usize>], n: usize| {
            let flat: Vec<usize> = groups.iter().flat_map(|r| r.clone()).collect();
            flat == (0..n).collect::<Vec<_>>()
        };
        assert!(padded_groups(&[]).is_empty());
        assert_eq!(padded_groups(&[7]), vec![0..1]);
        // Similar lengths share one run.
        let similar = [30, 31, 32, 33, 34, 35];
        assert_eq!(padded_groups(&similar), vec![0..6]);
        // A long sentence does not pad the short ones up to its length.
        let mixed = [10, 11, 12, 300];
        let groups = padded_groups(&mixed);
        assert_eq!(groups, vec![0..3, 3..4]);
        // At most MAX_SENTENCE_BATCH rows and MAX_BATCH_IDS padded ids a run.
        let many = vec![20; 40];
        let groups = padded_groups(&many);
        assert!(covers(&groups, many.len()));
        assert!(groups.iter().all(|r| r.len() <= MAX_SENTENCE_BATCH));
        let long = vec![512; 20];
        let groups = padded_groups(&long);
        assert!(covers(&groups, long.len()));
        assert!(groups.iter().all(|r| r.len() * 512 <= MAX_BATCH_IDS));
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
