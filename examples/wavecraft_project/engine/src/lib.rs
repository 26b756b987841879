//! Example plugin for `wavecraft-host`, shaped like a `wavecraft create` project.
//!
//! A real Wavecraft project writes
//!
//! ```ignore
//! wavecraft_plugin! {
//!     name: "Wavecraft Example Project",
//!     signal: SignalChain![InputTrim, Tone],
//! }
//! ```
//!
//! and the `wavecraft_plugin!` macro generates the dev ABI below. This crate has
//! no dependencies, so it writes that ABI by hand (section 1 of the host's
//! contract): `wavecraft_get_params_json`, `wavecraft_get_processors_json`,
//! `wavecraft_free_string` and `wavecraft_dev_create_processor`, which returns a
//! version 2 table by value.
//!
//! Must build with Rust 1.63.

use std::ffi::{c_void, CString};
use std::os::raw::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

mod processors;
use processors::{InputTrim, Tone};

// ---------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum ParamType {
    Float,
    Bool,
}

struct ParamDef {
    id: &'static str,
    name: &'static str,
    param_type: ParamType,
    default: f32,
    min: f32,
    max: f32,
    unit: Option<&'static str>,
    group: Option<&'static str>,
}

/// Every parameter, in the order of the params JSON; `apply_plain_values`
/// receives the values in this order. Ids are `<processor id>_<name>`.
const PARAMS: [ParamDef; 3] = [
    ParamDef {
        id: "input_trim_level",
        name: "Level",
        param_type: ParamType::Float,
        default: InputTrim::DEFAULT_LEVEL,
        min: 0.0,
        max: 2.0,
        unit: Some("x"),
        group: Some("Input Trim"),
    },
    ParamDef {
        id: "tone_drive",
        name: "Drive",
        param_type: ParamType::Float,
        default: Tone::DEFAULT_DRIVE,
        min: 1.0,
        max: 10.0,
        unit: Some("x"),
        group: Some("Tone"),
    },
    ParamDef {
        id: "tone_enabled",
        name: "Tone Enabled",
        param_type: ParamType::Bool,
        default: if Tone::DEFAULT_ENABLED { 1.0 } else { 0.0 },
        min: 0.0,
        max: 1.0,
        unit: None,
        group: Some("Tone"),
    },
];

const PARAM_INPUT_TRIM_LEVEL: usize = 0;
const PARAM_TONE_DRIVE: usize = 1;
const PARAM_TONE_ENABLED: usize = 2;

/// The processors in signal-chain order; ids are the parameters' prefixes.
const PROCESSOR_IDS: [&str; 2] = ["input_trim", "tone"];

fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `{:?}` prints an f32 the shortest way that reads back the same, always
/// with a `.0` or an exponent (`1.0`, `0.5`, `10.0`), as serde_json does.
fn push_json_number(out: &mut String, value: f32) {
    if value.is_finite() {
        out.push_str(&format!("{:?}", value));
    } else {
        out.push_str("null");
    }
}

fn params_json() -> String {
    let mut out = String::from("[");
    for (index, param) in PARAMS.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str("{\"id\":");
        push_json_string(&mut out, param.id);
        out.push_str(",\"name\":");
        push_json_string(&mut out, param.name);
        out.push_str(",\"type\":");
        push_json_string(
            &mut out,
            match param.param_type {
                ParamType::Float => "float",
                ParamType::Bool => "bool",
            },
        );
        out.push_str(",\"value\":");
        push_json_number(&mut out, param.default);
        out.push_str(",\"default\":");
        push_json_number(&mut out, param.default);
        out.push_str(",\"min\":");
        push_json_number(&mut out, param.min);
        out.push_str(",\"max\":");
        push_json_number(&mut out, param.max);
        if let Some(unit) = param.unit {
            out.push_str(",\"unit\":");
            push_json_string(&mut out, unit);
        }
        if let Some(group) = param.group {
            out.push_str(",\"group\":");
            push_json_string(&mut out, group);
        }
        out.push('}');
    }
    out.push(']');
    out
}

fn processors_json() -> String {
    let mut out = String::from("[");
    for (index, id) in PROCESSOR_IDS.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str("{\"id\":");
        push_json_string(&mut out, id);
        out.push('}');
    }
    out.push(']');
    out
}

fn into_c_string(text: String) -> *mut c_char {
    match CString::new(text) {
        Ok(c_string) => c_string.into_raw(),
        Err(_) => ptr::null_mut(),
    }
}

// ---------------------------------------------------------------------------
// The plugin: the signal chain
// ---------------------------------------------------------------------------

struct Plugin {
    sample_rate: f32,
    input_trim: InputTrim,
    tone: Tone,
}

impl Plugin {
    fn new() -> Self {
        Plugin {
            sample_rate: 44100.0,
            input_trim: InputTrim::new(),
            tone: Tone::new(),
        }
    }

    fn apply_plain_values(&mut self, values: &[f32]) {
        for (index, &value) in values.iter().enumerate().take(PARAMS.len()) {
            if !value.is_finite() {
                continue;
            }
            match index {
                PARAM_INPUT_TRIM_LEVEL => self.input_trim.set_level(value),
                PARAM_TONE_DRIVE => self.tone.set_drive(value),
                PARAM_TONE_ENABLED => self.tone.set_enabled(value >= 0.5),
                _ => {}
            }
        }
    }

    fn set_sample_rate(&mut self, sample_rate: f32) {
        if sample_rate.is_finite() && sample_rate > 0.0 {
            self.sample_rate = sample_rate;
        }
        self.reset();
    }

    fn reset(&mut self) {
        self.input_trim.reset();
        self.tone.reset();
    }

    /// In place, on deinterleaved channels. No allocation, lock or system call.
    ///
    /// # Safety
    /// `channels` points to `num_channels` pointers, each null or to
    /// `num_samples` floats.
    unsafe fn process(&mut self, channels: *mut *mut f32, num_channels: usize, num_samples: usize) {
        self.input_trim.begin_block(num_samples);
        self.tone.begin_block(num_samples);
        for channel_index in 0..num_channels {
            let channel = *channels.add(channel_index);
            if channel.is_null() {
                continue;
            }
            let samples = std::slice::from_raw_parts_mut(channel, num_samples);
            self.input_trim.process_channel(samples);
            self.tone.process_channel(samples);
        }
        self.input_trim.end_block();
        self.tone.end_block();
    }
}

// ---------------------------------------------------------------------------
// The dev ABI (what `wavecraft_plugin!` generates in a real project)
// ---------------------------------------------------------------------------

/// The processor table, version 2 (`DevProcessorVTable` upstream).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct DevProcessorVTable {
    pub version: u32,
    pub create: extern "C" fn() -> *mut c_void,
    pub process: extern "C" fn(
        instance: *mut c_void,
        channels: *mut *mut f32,
        num_channels: u32,
        num_samples: u32,
    ),
    pub apply_plain_values: extern "C" fn(instance: *mut c_void, values: *const f32, len: usize),
    pub set_sample_rate: extern "C" fn(instance: *mut c_void, sample_rate: f32),
    pub reset: extern "C" fn(instance: *mut c_void),
    pub drop: extern "C" fn(instance: *mut c_void),
}

pub const DEV_PROCESSOR_VTABLE_VERSION: u32 = 2;

extern "C" fn dev_create() -> *mut c_void {
    catch_unwind(|| Box::into_raw(Box::new(Plugin::new())) as *mut c_void)
        .unwrap_or(ptr::null_mut())
}

extern "C" fn dev_process(
    instance: *mut c_void,
    channels: *mut *mut f32,
    num_channels: u32,
    num_samples: u32,
) {
    if instance.is_null() || channels.is_null() || num_channels == 0 || num_samples == 0 {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| unsafe {
        let plugin = &mut *(instance as *mut Plugin);
        plugin.process(channels, num_channels as usize, num_samples as usize);
    }));
}

extern "C" fn dev_apply_plain_values(instance: *mut c_void, values: *const f32, len: usize) {
    if instance.is_null() || values.is_null() || len == 0 {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| unsafe {
        let plugin = &mut *(instance as *mut Plugin);
        plugin.apply_plain_values(std::slice::from_raw_parts(values, len));
    }));
}

extern "C" fn dev_set_sample_rate(instance: *mut c_void, sample_rate: f32) {
    if instance.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| unsafe {
        (*(instance as *mut Plugin)).set_sample_rate(sample_rate);
    }));
}

extern "C" fn dev_reset(instance: *mut c_void) {
    if instance.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| unsafe {
        (*(instance as *mut Plugin)).reset();
    }));
}

extern "C" fn dev_drop(instance: *mut c_void) {
    if instance.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| unsafe {
        drop(Box::from_raw(instance as *mut Plugin));
    }));
}

/// The processor table, returned by value.
#[no_mangle]
pub extern "C" fn wavecraft_dev_create_processor() -> DevProcessorVTable {
    DevProcessorVTable {
        version: DEV_PROCESSOR_VTABLE_VERSION,
        create: dev_create,
        process: dev_process,
        apply_plain_values: dev_apply_plain_values,
        set_sample_rate: dev_set_sample_rate,
        reset: dev_reset,
        drop: dev_drop,
    }
}

/// JSON array of parameter specs; free it with `wavecraft_free_string`.
#[no_mangle]
pub extern "C" fn wavecraft_get_params_json() -> *mut c_char {
    catch_unwind(|| into_c_string(params_json())).unwrap_or(ptr::null_mut())
}

/// JSON array of `{"id": ...}`, in signal-chain order; free it with
/// `wavecraft_free_string`.
#[no_mangle]
pub extern "C" fn wavecraft_get_processors_json() -> *mut c_char {
    catch_unwind(|| into_c_string(processors_json())).unwrap_or(ptr::null_mut())
}

/// Frees a string returned by the two functions above.
///
/// # Safety
/// `ptr` is null or a pointer those functions returned, not yet freed.
#[no_mangle]
pub unsafe extern "C" fn wavecraft_free_string(ptr: *mut c_char) {
    if !ptr.is_null() {
        drop(CString::from_raw(ptr));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_json_lists_every_parameter_in_order() {
        assert_eq!(
            params_json(),
            "[{\"id\":\"input_trim_level\",\"name\":\"Level\",\"type\":\"float\",\"value\":1.0,\"default\":1.0,\"min\":0.0,\"max\":2.0,\"unit\":\"x\",\"group\":\"Input Trim\"},\
             {\"id\":\"tone_drive\",\"name\":\"Drive\",\"type\":\"float\",\"value\":1.0,\"default\":1.0,\"min\":1.0,\"max\":10.0,\"unit\":\"x\",\"group\":\"Tone\"},\
             {\"id\":\"tone_enabled\",\"name\":\"Tone Enabled\",\"type\":\"bool\",\"value\":0.0,\"default\":0.0,\"min\":0.0,\"max\":1.0,\"group\":\"Tone\"}]"
        );
        assert_eq!(processors_json(), "[{\"id\":\"input_trim\"},{\"id\":\"tone\"}]");
    }

    #[test]
    fn trim_and_drive_reach_the_audio() {
        let table = wavecraft_dev_create_processor();
        assert_eq!(table.version, 2);
        let instance = (table.create)();
        assert!(!instance.is_null());
        (table.set_sample_rate)(instance, 48000.0);

        let mut left = [0.5f32; 64];
        let mut right = [-0.5f32; 64];
        let mut channels = [left.as_mut_ptr(), right.as_mut_ptr()];
        (table.process)(instance, channels.as_mut_ptr(), 2, 64);
        assert_eq!(left[63], 0.5);
        assert_eq!(right[63], -0.5);

        // Trim 2x, then reset so it applies at once.
        let values = [2.0f32, 1.0, 0.0];
        (table.apply_plain_values)(instance, values.as_ptr(), values.len());
        (table.reset)(instance);
        left = [0.5; 64];
        channels = [left.as_mut_ptr(), right.as_mut_ptr()];
        (table.process)(instance, channels.as_mut_ptr(), 2, 64);
        assert_eq!(left[0], 1.0);

        // Tone on with drive 10: soft clipped, still within full scale.
        let values = [1.0f32, 10.0, 1.0];
        (table.apply_plain_values)(instance, values.as_ptr(), values.len());
        (table.reset)(instance);
        left = [0.5; 64];
        channels = [left.as_mut_ptr(), right.as_mut_ptr()];
        (table.process)(instance, channels.as_mut_ptr(), 2, 64);
        assert!(left[0] > 0.99 && left[0] <= 1.0);

        (table.drop)(instance);
    }
}
