/* A version 2 plugin that leaves the audio untouched: with it, what the host
   spends per block is everything that is measured. It has one parameter so
   the per-block value injection is part of the cost. */
#include "wavecraft_dev_abi.h"

#include <stdlib.h>
#include <string.h>

static int instance;

static void* create (void)
{
    return &instance;
}
static void process (void* self, float** channels, uint32_t numChannels, uint32_t numSamples)
{
    (void) self;
    (void) channels;
    (void) numChannels;
    (void) numSamples;
}
static void applyPlainValues (void* self, const float* values, size_t length)
{
    (void) self;
    (void) values;
    (void) length;
}
static void setSampleRate (void* self, float sampleRate)
{
    (void) self;
    (void) sampleRate;
}
static void reset (void* self)
{
    (void) self;
}
static void drop (void* self)
{
    (void) self;
}

WAVECRAFT_DEV_EXPORT WavecraftDevVTableV2 wavecraft_dev_create_processor (void)
{
    WavecraftDevVTableV2 table = { 2, create, process, applyPlainValues, setSampleRate, reset, drop };
    return table;
}

WAVECRAFT_DEV_EXPORT char* wavecraft_get_params_json (void)
{
    static const char json[] = "[{\"id\":\"gain\",\"name\":\"Gain\",\"type\":\"float\",\"value\":1,\"default\":1,\"min\":0,\"max\":2}]";
    char* copy = (char*) malloc (sizeof (json));
    memcpy (copy, json, sizeof (json));
    return copy;
}

WAVECRAFT_DEV_EXPORT void wavecraft_free_string (char* text)
{
    free (text);
}
