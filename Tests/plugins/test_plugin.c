/*
    One plugin source, built into many libraries by Tests/plugins/CMakeLists.txt,
    each with one TP_* definition that makes it wrong (or right) in one way.

    The valid parameters: gain (float 0..2, default 1), mute (bool), shape
    (enum 0..2 with 3 names), steps (enum 1..4 without names). A version 2
    processor multiplies by gain (0 when muted); a version 1 processor, which
    gets no values, multiplies by 0.5 so that a test can see it ran.

    TP_NUM_PARAMS=N declares N float parameters p0..p(N-1) instead (the
    processor then passes audio through); TP_PARAMS_NON_ASCII declares gain,
    mute and shape under non-ASCII ids, names, units and variants, and halves
    the output once per step of shape, so a render shows which variant ran.
    TP_BUSY_MICROS=N makes process spin N microseconds per block (with
    TP_BUSY_ONLY_WHILE_MUTED, only while muted).
    TP_HANG_AFTER_CALLS=N makes process never return from its call N + 1;
    TP_HANG_IN_APPLY_AFTER_CALLS=N does so in apply_plain_values;
    TP_HANG_WHILE_MUTED in process while muted.
    TP_OVERRUN_AFTER_CALLS=N writes TP_OVERRUN_SAMPLES (default 4096) samples
    past the end of each channel from call N + 1 on, like a loop that counts
    past num_samples.
    TP_NAN_AFTER_CALLS=N writes a NaN (left) and an Inf (right) from call N + 1 on.
    What the real-time monitor must name: TP_ALLOCATES_IN_PROCESS (malloc and
    free), TP_LOCKS_IN_PROCESS (a mutex), TP_SLEEPS_IN_PROCESS (nanosleep),
    TP_PRINTS_IN_PROCESS (fprintf), TP_RAW_SYSCALL_IN_PROCESS (a bare syscall
    instruction), TP_ALLOCATES_IN_APPLY (in apply_plain_values),
    TP_UNDERRUN_IN_PROCESS (3 samples before each channel's start),
    TP_NEWS_TWO_DEEP_IN_PROCESS (operator new, two calls down, in
    two_deep_new.cpp), TP_ALLOCATES_IN_HELPER_LIBRARY (malloc in a shared
    library the plugin links, helper_library.c), TP_GROWS_STRING_IN_PROCESS
    (a std::string grown inside the C++ runtime, string_growth.cpp); and what
    it must not: TP_ALLOCATES_IN_SET_SAMPLE_RATE
    (preparing).
    What a validation must name: TP_NAN_AT_GAIN_MAX (NaN only with gain at 2),
    TP_KEEPS_STATE_ACROSS_RESET (a filter reset() leaves as it was),
    TP_SMOOTHS_PER_BLOCK (a gain smoothed once per block, so the output
    depends on the block size), TP_LEAKS_IN_CREATE (4 KiB that drop() never
    frees). TP_OUTPUT_SCALE=F scales the output by F: a build that sounds
    almost like tp_v2, for a null test.
    TP_SEGFAULT_AFTER_CALLS, TP_ABORT_AFTER_CALLS and TP_FPE_AFTER_CALLS (=N)
    crash in call N + 1 of process: a write through NULL, abort(), an integer
    division by zero; TP_SEGFAULT_WHILE_MUTED writes through NULL in process
    while muted (a build that crashes only once it is heard, with mute on). TP_CRASH_IN_CREATE, TP_CRASH_IN_PARAMS and
    TP_CRASH_IN_DROP, TP_CRASH_IN_APPLY, TP_CRASH_IN_SET_SAMPLE_RATE and
    TP_CRASH_IN_RESET write through NULL there; TP_HANG_IN_CREATE never returns.
*/

#ifdef TP_BUSY_MICROS
#define _POSIX_C_SOURCE 199309L
#include <time.h>
#endif

#ifdef TP_NUM_PARAMS
#include <stdio.h>
#endif

#if defined(TP_LOCKS_IN_PROCESS)
#include <pthread.h>
static pthread_mutex_t processMutex = PTHREAD_MUTEX_INITIALIZER;
#endif

#if defined(TP_SLEEPS_IN_PROCESS)
#define _POSIX_C_SOURCE 199309L
#include <time.h>
#endif

#if defined(TP_PRINTS_IN_PROCESS)
#include <stdio.h>
static FILE* printSink; /* opened in create(): only the printing is process()'s */
#endif

#if defined(TP_NAN_AFTER_CALLS) || defined(TP_NAN_AT_GAIN_MAX)
#include <math.h>
#endif

#if defined(TP_SEGFAULT_AFTER_CALLS) || defined(TP_SEGFAULT_WHILE_MUTED) || defined(TP_CRASH_IN_CREATE) || defined(TP_CRASH_IN_PARAMS) || defined(TP_CRASH_IN_DROP) \
    || defined(TP_CRASH_IN_APPLY) || defined(TP_CRASH_IN_SET_SAMPLE_RATE) || defined(TP_CRASH_IN_RESET)
#include <stddef.h>

/* Through a volatile pointer, so the compiler keeps the write. */
static void writeThroughNull (void)
{
    volatile int* volatile nowhere = NULL;
    *nowhere = 1;
}
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
    int shape;
    float filterState[2]; /* TP_KEEPS_STATE_ACROSS_RESET */
    float smoothedGain;   /* TP_SMOOTHS_PER_BLOCK */
} Instance;

#ifdef TP_NEWS_TWO_DEEP_IN_PROCESS
void tp_allocate_two_deep (unsigned numSamples); /* two_deep_new.cpp */
#endif
#ifdef TP_ALLOCATES_IN_HELPER_LIBRARY
float tp_helper_work (unsigned numSamples); /* helper_library.c, a library of its own */
#endif
#ifdef TP_GROWS_STRING_IN_PROCESS
unsigned tp_grow_string (unsigned numSamples); /* string_growth.cpp */
#endif

static void* create (void)
{
#ifdef TP_CRASH_IN_CREATE
    writeThroughNull();
#endif
#ifdef TP_PRINTS_IN_PROCESS
    printSink = fopen ("/dev/null", "w");
#endif
#ifdef TP_HANG_IN_CREATE
    for (;;)
    {
    }
#endif
#ifdef TP_LEAKS_IN_CREATE
    {
        /* Kept nowhere, so drop() can't free it. */
        char* volatile leaked = (char*) malloc (4096);
        leaked[0] = 1;
    }
#endif
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

    for (int step = 0; step < instance->shape; ++step)
        gain *= 0.5f;

#ifdef TP_OUTPUT_SCALE
    /* A build that differs from tp_v2 by a known factor: a null test's residue. */
    gain *= TP_OUTPUT_SCALE;
#endif

#ifdef TP_SMOOTHS_PER_BLOCK
    /* One smoothing step per block, not per sample. */
    instance->smoothedGain += 0.5f * (gain - instance->smoothedGain);
    gain = instance->smoothedGain;
#endif

    for (uint32_t c = 0; c < numChannels; ++c)
        for (uint32_t i = 0; i < numSamples; ++i)
            channels[c][i] *= gain;

#ifdef TP_KEEPS_STATE_ACROSS_RESET
    /* A one-pole lowpass whose state reset() forgets to clear. */
    for (uint32_t c = 0; c < numChannels && c < 2; ++c)
        for (uint32_t i = 0; i < numSamples; ++i)
            channels[c][i] = instance->filterState[c] += 0.1f * (channels[c][i] - instance->filterState[c]);
#endif

#ifdef TP_NAN_AT_GAIN_MAX
    /* Unstable only at the top of its range, as a filter at full resonance. */
    if (instance->gain >= 2.0f && numSamples > 0)
        channels[0][0] = NAN;
#endif

#ifdef TP_BUSY_MICROS
        /* Takes a known time per block (with TP_BUSY_ONLY_WHILE_MUTED, only
       while muted, so a test can make it slow and fast again), spinning
       (not sleeping), like heavy DSP. */
#ifdef TP_BUSY_ONLY_WHILE_MUTED
    if (instance->muted)
#endif
    {
        struct timespec start, now;
        clock_gettime (CLOCK_MONOTONIC, &start);

        do
            clock_gettime (CLOCK_MONOTONIC, &now);
        while ((now.tv_sec - start.tv_sec) * 1000000L + (now.tv_nsec - start.tv_nsec) / 1000L < TP_BUSY_MICROS);
    }
#endif

    /* What the real-time traps must catch when a plugin does it. */
#if defined(TP_ALLOCATES_IN_PROCESS)
    {
        /* Through a volatile pointer, so the compiler can't drop the pair. */
        void* volatile block = malloc (64 + numSamples);
        free (block);
    }
#elif defined(TP_LOCKS_IN_PROCESS)
    pthread_mutex_lock (&processMutex);
    pthread_mutex_unlock (&processMutex);
#elif defined(TP_SLEEPS_IN_PROCESS)
    {
        struct timespec pause = { 0, 1000 };
        nanosleep (&pause, NULL);
    }
#elif defined(TP_PRINTS_IN_PROCESS)
    /* printf debugging: one write per block. */
    fprintf (printSink, "block of %u\n", numSamples);
    fflush (printSink);
#elif defined(TP_UNDERRUN_IN_PROCESS)
    /* A loop that starts 3 samples early, on both channels. */
    for (uint32_t c = 0; c < numChannels; ++c)
        for (int i = -3; i < 0; ++i)
            ((volatile float*) channels[c])[i] = 0.0f;
#elif defined(TP_NEWS_TWO_DEEP_IN_PROCESS)
    tp_allocate_two_deep (numSamples);
#elif defined(TP_GROWS_STRING_IN_PROCESS)
    counters.lastNumSamples = tp_grow_string (numSamples);
#elif defined(TP_ALLOCATES_IN_HELPER_LIBRARY)
    channels[0][0] *= tp_helper_work (numSamples); /* the call into the library */
#elif defined(TP_RAW_SYSCALL_IN_PROCESS) && defined(__x86_64__)
    {
        /* A system call without the C library: getpid, by its number. */
        long result;
        __asm__ volatile("syscall"
                         : "=a"(result)
                         : "a"(39L)
                         : "rcx", "r11", "memory");
        (void) result;
    }
#endif

#ifdef TP_NAN_AFTER_CALLS
    /* Blows up, like a filter gone unstable: NaN on the left, Inf on the right. */
    if (counters.processCalls >= TP_NAN_AFTER_CALLS && numSamples > 0)
    {
        channels[0][numSamples / 2] = NAN;
        channels[1][0] = INFINITY;
    }
#endif

#ifdef TP_OVERRUN_AFTER_CALLS
#ifndef TP_OVERRUN_SAMPLES
#define TP_OVERRUN_SAMPLES 4096
#endif
    /* Through volatile pointers, so the compiler keeps every write. */
    if (counters.processCalls >= TP_OVERRUN_AFTER_CALLS)
        for (uint32_t channel = 0; channel < numChannels; ++channel)
            for (uint32_t i = numSamples; i < numSamples + TP_OVERRUN_SAMPLES; ++i)
                ((volatile float*) channels[channel])[i] = 0.0f;
#endif

                /* Crashes, like DSP with a bug in it. */
#ifdef TP_SEGFAULT_AFTER_CALLS
    if (counters.processCalls >= TP_SEGFAULT_AFTER_CALLS)
        writeThroughNull();
#endif
#ifdef TP_SEGFAULT_WHILE_MUTED
    if (instance->muted)
        writeThroughNull();
#endif
#ifdef TP_ABORT_AFTER_CALLS
    if (counters.processCalls >= TP_ABORT_AFTER_CALLS)
        abort();
#endif
#ifdef TP_FPE_AFTER_CALLS
    if (counters.processCalls >= TP_FPE_AFTER_CALLS)
    {
        volatile int zero = 0;
        volatile int quotient = (int) numSamples / zero;
        (void) quotient;
    }
#endif

#ifdef TP_HANG_AFTER_CALLS
    /* Stops returning, like DSP caught in an endless loop. */
    if (counters.processCalls >= TP_HANG_AFTER_CALLS)
        for (;;)
        {
        }
#endif
#ifdef TP_HANG_WHILE_MUTED
    if (instance->muted)
        for (;;)
        {
        }
#endif

    ++counters.processCalls;
    counters.lastNumChannels = numChannels;
    counters.lastNumSamples = numSamples;
}

static void applyPlainValues (void* opaque, const float* values, size_t length)
{
#ifdef TP_CRASH_IN_APPLY
    writeThroughNull();
#endif
#ifdef TP_HANG_IN_APPLY_AFTER_CALLS
    /* Stops returning, like a smoothing loop that never converges. */
    static int applyCalls = 0;

    if (applyCalls++ >= TP_HANG_IN_APPLY_AFTER_CALLS)
        for (;;)
        {
        }
#endif
    Instance* instance = (Instance*) opaque;
    size_t n = length < TEST_PLUGIN_MAX_VALUES ? length : TEST_PLUGIN_MAX_VALUES;

#ifdef TP_ALLOCATES_IN_APPLY
    {
        void* volatile copy = malloc (length * sizeof (float));
        free (copy);
    }
#endif

#ifdef TP_NUM_PARAMS
    (void) instance; /* p0 and p1 are not gain and mute here */
#else
    if (length >= 2)
    {
        instance->gain = values[0];
        instance->muted = values[1] != 0.0f;
    }
#endif

#ifdef TP_PARAMS_NON_ASCII
    if (length >= 3)
        instance->shape = (int) values[2];
#endif

    memcpy (counters.lastValues, values, n * sizeof (float));
    counters.lastValuesLength = length;
    ++counters.applyCalls;
}

static void setSampleRate (void* opaque, float sampleRate)
{
#ifdef TP_CRASH_IN_SET_SAMPLE_RATE
    writeThroughNull();
#endif
#ifdef TP_ALLOCATES_IN_SET_SAMPLE_RATE
    {
        /* Preparing: allowed to allocate. */
        void* volatile table = malloc ((size_t) sampleRate);
        free (table);
    }
#endif
    (void) opaque;
    counters.lastSampleRate = sampleRate;
}

static void reset (void* opaque)
{
#ifdef TP_CRASH_IN_RESET
    writeThroughNull();
#endif
#ifdef TP_SMOOTHS_PER_BLOCK
    ((Instance*) opaque)->smoothedGain = 0.0f;
#endif
    (void) opaque;
    ++counters.resetCalls;
}

static void drop (void* opaque)
{
#ifdef TP_CRASH_IN_DROP
    writeThroughNull();
#endif
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

#ifdef TP_NUM_PARAMS
/* Too long for a literal: p0..p(N-1), floats 0..1 with distinct defaults,
   each with a unit and one of 64 groups, like a large real plugin. */
static char numberedParams[(size_t) TP_NUM_PARAMS * 256 + 16];

static const char* numberedParamsJson (void)
{
    size_t length = 0;
    numberedParams[length++] = '[';

    for (int i = 0; i < TP_NUM_PARAMS; ++i)
    {
        const double value = (double) i / TP_NUM_PARAMS;
        length += (size_t) snprintf (numberedParams + length, sizeof (numberedParams) - length,
                                     "%s{\"id\":\"p%d\",\"name\":\"Param %d\",\"type\":\"float\",\"value\":%.17g,"
                                     "\"default\":%.17g,\"min\":0,\"max\":1,\"unit\":\"dB\",\"group\":\"Bank %d\"}",
                                     i == 0 ? "" : ",", i, i, value, value, i / 64);
    }

    numberedParams[length++] = ']';
    numberedParams[length] = '\0';
    return numberedParams;
}
#endif

static const char* paramsJson (void)
{
#if defined(TP_NUM_PARAMS)
    return numberedParamsJson();
#elif defined(TP_PARAMS_NOT_JSON)
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
#elif defined(TP_PARAMS_NON_ASCII)
    /* UTF-8 throughout: 2-byte (é, ü, µ, Ω), 3-byte (CJK) and 4-byte (an emoji,
       a surrogate pair in JavaScript) sequences. */
    return "[{\"id\":\"gain_\xc3\xa9\",\"name\":\"Gr\xc3\xbc\xc3\x9f"
           "e\",\"type\":\"float\",\"value\":1,\"default\":1,"
           "\"min\":0,\"max\":2,\"unit\":\"\xc2\xb5s\",\"group\":\"\xc3\x84mter\"},"
           " {\"id\":\"\xe7\x84\xa1\xe9\x9f\xb3\",\"name\":\"Stille \xe7\x84\xa1\xe9\x9f\xb3\",\"type\":\"bool\",\"value\":0,\"default\":0,"
           "\"min\":0,\"max\":1},"
           " {\"id\":\"shape\",\"name\":\"Form \xf0\x9f\x8e\x9b\",\"type\":\"enum\",\"value\":0,\"default\":0,\"min\":0,\"max\":2,"
           "\"variants\":[\"D\xc3\xbcse\",\"\xce\xa9\",\"\xf0\x9f\x8e\x9b knob\"]}]";
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
#ifdef TP_CRASH_IN_PARAMS
    writeThroughNull();
#endif
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
