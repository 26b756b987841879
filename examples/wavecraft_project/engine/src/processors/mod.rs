// Processor modules — one file per processor, as in a `wavecraft create` project.
//
// To add a processor:
//   1. create a file in this folder           (e.g. `filter.rs`)
//   2. declare the module here                 (e.g. `pub mod filter;`)
//   3. re-export the processor type            (e.g. `pub use filter::Filter;`)
//   4. add its parameters to `PARAMS` and wire it into `Plugin` in `lib.rs`
//
// Every method called from the audio thread (`begin_block`, `process_channel`,
// `end_block`, `set_*`) must not allocate, lock or make system calls.

pub mod input_trim;
pub mod tone;

pub use input_trim::InputTrim;
pub use tone::Tone;

/// A value that moves linearly from where it was to a new target over one
/// block, so that a parameter change does not click.
#[derive(Clone, Copy, Debug)]
pub struct Ramp {
    current: f32,
    target: f32,
    step: f32,
}

impl Ramp {
    pub fn new(value: f32) -> Self {
        Ramp {
            current: value,
            target: value,
            step: 0.0,
        }
    }

    pub fn set_target(&mut self, target: f32) {
        self.target = target;
    }

    /// Jumps to the target (after `reset`).
    pub fn snap(&mut self) {
        self.current = self.target;
        self.step = 0.0;
    }

    pub fn begin_block(&mut self, num_samples: usize) {
        self.step = if num_samples == 0 {
            0.0
        } else {
            (self.target - self.current) / num_samples as f32
        };
    }

    /// The value at sample `index` of the current block.
    #[inline]
    pub fn at(&self, index: usize) -> f32 {
        self.current + self.step * index as f32
    }

    pub fn is_constant(&self) -> bool {
        self.step == 0.0
    }

    pub fn end_block(&mut self) {
        self.current = self.target;
        self.step = 0.0;
    }
}
