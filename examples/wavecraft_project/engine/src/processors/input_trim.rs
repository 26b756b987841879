// InputTrim — multiplies the signal by `input_trim_level` (0..2, "x").

use super::Ramp;

pub struct InputTrim {
    level: Ramp,
}

impl InputTrim {
    pub const DEFAULT_LEVEL: f32 = 1.0;

    pub fn new() -> Self {
        InputTrim {
            level: Ramp::new(Self::DEFAULT_LEVEL),
        }
    }

    pub fn set_level(&mut self, level: f32) {
        self.level.set_target(level.max(0.0).min(2.0));
    }

    pub fn reset(&mut self) {
        self.level.snap();
    }

    pub fn begin_block(&mut self, num_samples: usize) {
        self.level.begin_block(num_samples);
    }

    pub fn process_channel(&self, samples: &mut [f32]) {
        if self.level.is_constant() {
            let gain = self.level.at(0);
            if gain == 1.0 {
                return;
            }
            for sample in samples.iter_mut() {
                *sample *= gain;
            }
        } else {
            for (index, sample) in samples.iter_mut().enumerate() {
                *sample *= self.level.at(index);
            }
        }
    }

    pub fn end_block(&mut self) {
        self.level.end_block();
    }
}
