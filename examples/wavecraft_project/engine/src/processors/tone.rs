// Tone — a tanh soft clipper. `tone_drive` (1..10) pushes the signal into the
// curve; the output is scaled by 1 / tanh(drive) so that a full-scale input
// stays at full scale. `tone_enabled` switches it in (off by default, so a
// freshly loaded plugin only applies the input trim).

use super::Ramp;

pub struct Tone {
    enabled: bool,
    drive: Ramp,
}

impl Tone {
    pub const DEFAULT_DRIVE: f32 = 1.0;
    pub const DEFAULT_ENABLED: bool = false;

    pub fn new() -> Self {
        Tone {
            enabled: Self::DEFAULT_ENABLED,
            drive: Ramp::new(Self::DEFAULT_DRIVE),
        }
    }

    pub fn set_enabled(&mut self, enabled: bool) {
        self.enabled = enabled;
    }

    pub fn set_drive(&mut self, drive: f32) {
        self.drive.set_target(drive.max(1.0).min(10.0));
    }

    pub fn reset(&mut self) {
        self.drive.snap();
    }

    pub fn begin_block(&mut self, num_samples: usize) {
        self.drive.begin_block(num_samples);
    }

    pub fn process_channel(&self, samples: &mut [f32]) {
        if !self.enabled {
            return;
        }
        for (index, sample) in samples.iter_mut().enumerate() {
            let drive = self.drive.at(index);
            *sample = (*sample * drive).tanh() / drive.tanh();
        }
    }

    pub fn end_block(&mut self) {
        self.drive.end_block();
    }
}
