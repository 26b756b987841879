/*
    One plugin source, built into many libraries by Tests/plugins/CMakeLists.txt,
    each with one TP_* definition that makes it wrong (or right) in one way.

    The valid parameters: gain (float 0..2, default 1), mute (bool), shape
    (enum 0..2 with 3 names), steps (enum 1..4 without names). A version 2
    processor multiplies by gain (0 when muted); a version 1 processor, which
    gets no values, multiplies by 0.5 so that a test can see it ran.
*/

#ifdef TP_BUSY_MICROS
#define _POSIX_C_SOURCE 199309L
#include <time.h>
#endif

#include "wavecraft_dev_abi.h"
#include "test_plugin_counters.h"

#include <stdlib.h>
#include <string.h>

#ifndef TP_VERSION
#define TP_VERSION 2
#endif

static TestPluginCounters counters;

WAVECRAFT_DEV_EXPORT TestPluginCounters* wavecraft_test_counters (void)
{
    return &counters;
}

typedef struct Instance
{
    float gain;
    int muted;
} Instance;

static void* create (void)
{
#ifdef TP_CREATE_RETURNS_NULL
    return NULL;
#else
    Instance* instance = (Instance*) calloc (1, sizeof (Instance));
    instance->gain = 1.0f;
    ++counters.created;
    return instance;
#endif
}

static void process (void* opaque, float** channels, uint32_t numChannels, uint32_t numSamples)
{
    Instance* instance = (Instance*) opaque;
    float gain = TP_VERSION == 1 ? 0.5f : (instance->muted ? 0.0f : instance->gain);

    for (uint32_t c = 0; c < numChannels; ++c)
        for (uint32_t i = 0; i < numSamples; ++i)
            channels[c][i] *= gain;

#ifdef TP_BUSY_MICROS
    /* Takes a known time per block, spinning (not sleeping), like heavy DSP. */
    struct timespec start, now;
    clock_gettime (CLOCK_MONOTONIC, &start);

    do
        clock_gettime (CLOCK_MONOTONIC, &now);
    while ((now.tv_sec - start.tv_sec) * 1000000L + (now.tv_nsec - start.tv_nsec) / 1000L < TP_BUSY_MICROS);
#endif

    ++counters.processCalls;
    counters.lastNumChannels = numChannels;
    counters.lastNumSamples = numSamples;
}

static void applyPlainValues (void* opaque, const float* values, size_t length)
{
    Instance* instance = (Instance*) opaque;
    size_t n = length < TEST_PLUGIN_MAX_VALUES ? length : TEST_PLUGIN_MAX_VALUES;

    if (length >= 2)
    {
        instance->gain = values[0];
        instance->muted = values[1] != 0.0f;
    }

    memcpy (counters.lastValues, values, n * sizeof (float));
    counters.lastValuesLength = length;
    ++counters.applyCalls;
}

static void setSampleRate (void* opaque, float sampleRate)
{
    (void) opaque;
    counters.lastSampleRate = sampleRate;
}

static void reset (void* opaque)
{
    (void) opaque;
    ++counters.resetCalls;
}

static void drop (void* opaque)
{
    free (opaque);
    ++counters.dropped;
}

#ifndef TP_NO_CREATE_SYMBOL
#if TP_VERSION == 1
WAVECRAFT_DEV_EXPORT WavecraftDevVTableV1 wavecraft_dev_create_processor (void)
{
    WavecraftDevVTableV1 table = { TP_VERSION, create, process, setSampleRate, reset, drop };
    return table;
}
#else
WAVECRAFT_DEV_EXPORT WavecraftDevVTableV2 wavecraft_dev_create_processor (void)
{
#ifdef TP_NULL_PROCESS
    WavecraftDevVTableV2 table = { TP_VERSION, create, NULL, applyPlainValues, setSampleRate, reset, drop };
#else
    WavecraftDevVTableV2 table = { TP_VERSION, create, process, applyPlainValues, setSampleRate, reset, drop };
#endif
    return table;
}
#endif
#endif

static const char* paramsJson (void)
{
#if defined(TP_PARAMS_NOT_JSON)
    return "[{\"id\": \"gain\", oops}]";
#elif defined(TP_PARAMS_NOT_ARRAY)
    return "{\"id\": \"gain\"}";
#elif defined(TP_PARAMS_DUPLICATE_ID)
    return "[{\"id\":\"gain\",\"name\":\"Gain\",\"type\":\"float\",\"value\":1,\"default\":1,\"min\":0,\"max\":2},"
           " {\"id\":\"gain\",\"name\":\"Gain 2\",\"type\":\"float\",\"value\":1,\"default\":1,\"min\":0,\"max\":2}]";
#elif defined(TP_PARAMS_MIN_NOT_BELOW_MAX)
    return "[{\"id\":\"gain\",\"name\":\"Gain\",\"type\":\"float\",\"value\":1,\"default\":1,\"min\":2,\"max\":2}]";
#elif defined(TP_PARAMS_DEFAULT_OUT_OF_RANGE)
    return "[{\"id\":\"gain\",\"name\":\"Gain\",\"type\":\"float\",\"value\":1,\"default\":3,\"min\":0,\"max\":2}]";
#elif defined(TP_PARAMS_ENUM_MISMATCH)
    return "[{\"id\":\"shape\",\"name\":\"Shape\",\"type\":\"enum\",\"value\":0,\"default\":0,\"min\":0,\"max\":2,"
           "\"variants\":[\"Clean\",\"Soft\"]}]";
#elif defined(TP_PARAMS_MISSING_FIELD)
    return "[{\"id\":\"gain\",\"name\":\"Gain\",\"type\":\"float\",\"value\":1,\"min\":0,\"max\":2}]";
#else
    return "[{\"id\":\"gain\",\"name\":\"Gain\",\"type\":\"float\",\"value\":1.0,\"default\":1.0,\"min\":0.0,\"max\":2.0,"
           "\"unit\":\"x\",\"group\":\"Main\",\"extra\":{\"ignored\":true}},"
           " {\"id\":\"mute\",\"name\":\"Mute\",\"type\":\"bool\",\"value\":0,\"default\":0,\"min\":0,\"max\":1,\"unit\":null},"
           " {\"id\":\"shape\",\"name\":\"Shape\",\"type\":\"enum\",\"value\":1,\"default\":1,\"min\":0,\"max\":2,"
           "\"variants\":[\"Clean\",\"Soft\",\"Hard\"],\"group\":\"Main\"},"
           " {\"id\":\"steps\",\"name\":\"Steps\",\"type\":\"enum\",\"value\":2,\"default\":2,\"min\":1,\"max\":4}]";
#endif
}

static char* duplicate (const char* text)
{
    size_t length = strlen (text) + 1;
    char* copy = (char*) malloc (length);
    memcpy (copy, text, length);
    ++counters.stringsReturned;
    return copy;
}

#ifndef TP_NO_PARAMS_SYMBOL
WAVECRAFT_DEV_EXPORT char* wavecraft_get_params_json (void)
{
#ifdef TP_PARAMS_NULL
    return NULL;
#else
    return duplicate (paramsJson());
#endif
}
#endif

WAVECRAFT_DEV_EXPORT char* wavecraft_get_processors_json (void)
{
#ifdef TP_PROCESSORS_INVALID
    return duplicate ("[{\"name\": 3}]");
#else
    return duplicate ("[{\"id\":\"main\"},{\"id\":\"aux\"}]");
#endif
}

#ifndef TP_NO_FREE_SYMBOL
WAVECRAFT_DEV_EXPORT void wavecraft_free_string (char* text)
{
    if (text != NULL)
        ++counters.stringsFreed;

    free (text);
}
#endif
