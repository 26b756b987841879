/*
    The Wavecraft dev ABI: the C interface a plugin library exports so that
    wavecraft-host can load it, read its parameters and run its processor.

    This header is self-contained plain C (C99 or C++). A plugin includes it and
    defines the four symbols below; nothing else from the host is needed.

    Symbols (all extern "C"):

      WavecraftDevVTable wavecraft_dev_create_processor (void);   required
          Returns the processor table BY VALUE. Define it with the concrete
          layout you implement (WavecraftDevVTableV1 or WavecraftDevVTableV2):
          both are returned through caller memory on every supported platform,
          and the host reads `version` before anything else.

      char* wavecraft_get_params_json (void);                       required
          A NUL-terminated JSON array of parameter specs, or NULL on failure.

      char* wavecraft_get_processors_json (void);                   optional
          A JSON array of {"id": string}; absent means [].

      void wavecraft_free_string (char*);                           required
          Frees a string returned by either getter. The host never frees plugin
          memory any other way.

    Parameter spec (one element of the params array):

      { "id": "gain", "name": "Gain", "type": "float" | "bool" | "enum",
        "value": 1.0, "default": 1.0, "min": 0.0, "max": 2.0,
        "unit": "dB"?, "group": "Input"?, "variants": ["Sine", "Square"]? }

    Values are plain (inside [min, max]), never normalised. "variants" only for
    "enum" and optional there: without it the values are the integers min..max,
    with it there are exactly max - min + 1 of them. A "bool" is 0 or 1.
    Ids are unique. Every parameter starts at its "default" when loaded.

    Processing contract:
      - create() returns a new instance, or NULL if construction failed.
      - process() works in place on deinterleaved channels; the host always
        passes exactly 2 channels.
      - apply_plain_values() (version 2 only) receives every parameter's current
        value, in the order of the params JSON, at a block boundary before
        process().
      - drop() destroys an instance created by create(); called exactly once.
*/

#ifndef WAVECRAFT_DEV_ABI_H_INCLUDED
#define WAVECRAFT_DEV_ABI_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The table versions this header describes. */
#define WAVECRAFT_DEV_VTABLE_VERSION_1 1u
#define WAVECRAFT_DEV_VTABLE_VERSION_2 2u

/** Marks a symbol as exported from the plugin's shared library. */
#if defined(_WIN32)
#define WAVECRAFT_DEV_EXPORT __declspec(dllexport)
#else
#define WAVECRAFT_DEV_EXPORT __attribute__ ((visibility ("default")))
#endif

typedef void* (*WavecraftDevCreateFn) (void);
typedef void (*WavecraftDevProcessFn) (void* instance, float** channels, uint32_t numChannels, uint32_t numSamples);
typedef void (*WavecraftDevApplyPlainValuesFn) (void* instance, const float* values, size_t len);
typedef void (*WavecraftDevSetSampleRateFn) (void* instance, float sampleRate);
typedef void (*WavecraftDevResetFn) (void* instance);
typedef void (*WavecraftDevDropFn) (void* instance);

/** Version 1: no parameter injection; parameters only reach the UI side. */
typedef struct WavecraftDevVTableV1
{
    uint32_t version; /**< must be WAVECRAFT_DEV_VTABLE_VERSION_1 */
    WavecraftDevCreateFn create;
    WavecraftDevProcessFn process;
    WavecraftDevSetSampleRateFn set_sample_rate;
    WavecraftDevResetFn reset;
    WavecraftDevDropFn drop;
} WavecraftDevVTableV1;

/** Version 2: adds apply_plain_values, called before process at each block. */
typedef struct WavecraftDevVTableV2
{
    uint32_t version; /**< must be WAVECRAFT_DEV_VTABLE_VERSION_2 */
    WavecraftDevCreateFn create;
    WavecraftDevProcessFn process;
    WavecraftDevApplyPlainValuesFn apply_plain_values;
    WavecraftDevSetSampleRateFn set_sample_rate;
    WavecraftDevResetFn reset;
    WavecraftDevDropFn drop;
} WavecraftDevVTableV2;

/** Symbol names, for loaders. */
#define WAVECRAFT_DEV_SYMBOL_CREATE_PROCESSOR "wavecraft_dev_create_processor"
#define WAVECRAFT_DEV_SYMBOL_GET_PARAMS_JSON "wavecraft_get_params_json"
#define WAVECRAFT_DEV_SYMBOL_GET_PROCESSORS_JSON "wavecraft_get_processors_json"
#define WAVECRAFT_DEV_SYMBOL_FREE_STRING "wavecraft_free_string"

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WAVECRAFT_DEV_ABI_H_INCLUDED */
