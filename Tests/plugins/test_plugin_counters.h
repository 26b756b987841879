/* What a test plugin counts, read by the tests through the exported
   wavecraft_test_counters() of the loaded copy. */
#ifndef WAVECRAFT_TEST_PLUGIN_COUNTERS_H_INCLUDED
#define WAVECRAFT_TEST_PLUGIN_COUNTERS_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

#define TEST_PLUGIN_MAX_VALUES 16

typedef struct TestPluginCounters
{
    int created;
    int dropped;
    int stringsReturned;
    int stringsFreed;
    int processCalls;
    int applyCalls;
    int resetCalls;
    float lastSampleRate;
    uint32_t lastNumChannels;
    uint32_t lastNumSamples;
    float lastValues[TEST_PLUGIN_MAX_VALUES];
    size_t lastValuesLength;
} TestPluginCounters;

typedef TestPluginCounters* (*TestPluginCountersFn) (void);

#endif
