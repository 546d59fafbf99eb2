//! The emotion model as `haru-recommend`'s [`Vectorizer`]: how catalogue texts (plots, reviews,
//! the user's imported items) get their emotion vectors, in the CLI and the app alike.

use haru_core::AppError;
use haru_emotion::{EmotionModel, ModelPaths};
use haru_recommend::Vectorizer;

/// Whole-text passes, batched (catalogue texts are short; the sentence pass adds nothing).
pub struct ModelVectorizer {
    model: EmotionModel,
    sha256: String,
}

impl ModelVectorizer {
    pub fn load(paths: &ModelPaths, threads: usize) -> Result<Self, AppError> {
        let model = EmotionModel::load(paths, threads)?;
        let sha256 = model.meta().sha256.clone().unwrap_or_default();
        Ok(ModelVectorizer { model, sha256 })
    }

    /// The model itself (to analyse a day's text with the full entry formula).
    pub fn model_mut(&mut self) -> &mut EmotionModel {
        &mut self.model
    }
}

impl Vectorizer for ModelVectorizer {
    fn vectorize(&mut self, texts: &[String]) -> Result<Vec<Vec<f32>>, AppError> {
        Ok(self
            .model
            .analyse_batch(texts)?
            .into_iter()
            .map(|p| p.to_vec())
            .collect())
    }

    fn model_id(&self) -> String {
        self.model.model_id().to_string()
    }

    fn model_sha256(&self) -> String {
        self.sha256.clone()
    }
}
