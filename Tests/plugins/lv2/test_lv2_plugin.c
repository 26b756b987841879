/* An LV2 test plugin in plain C: stereo gain with a toggled "invert" and an
   enumerated "shape", built once per variant as its own bundle (see
   wavecraft_add_test_lv2), so a test can rename one build over another.

   TLV2_SCALE         the build's extra factor (a "new build" that sounds different)
   TLV2_CRASH_IN_RUN  crashes in run() after TLV2_CRASH_AFTER blocks
   TLV2_ALLOCATES_IN_RUN  allocates and frees in each run()
*/
#include <lv2/core/lv2.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#ifndef TLV2_SCALE
#define TLV2_SCALE 1.0f
#endif

#ifndef TLV2_CRASH_AFTER
#define TLV2_CRASH_AFTER 50
#endif

enum
{
    inLeft,
    inRight,
    outLeft,
    outRight,
    gainPort,
    invertPort,
    shapePort,
    numPorts
};

typedef struct
{
    const float* ports[numPorts];
    unsigned blocks;
} TestLv2;

static LV2_Handle instantiate (const LV2_Descriptor* descriptor, double rate, const char* bundle, const LV2_Feature* const* features)
{
    (void) descriptor;
    (void) rate;
    (void) bundle;
    (void) features;
    return calloc (1, sizeof (TestLv2));
}

static void connect_port (LV2_Handle handle, uint32_t port, void* data)
{
    if (port < numPorts)
        ((TestLv2*) handle)->ports[port] = (const float*) data;
}

static float shaped (float x, int shape)
{
    return shape == 1 ? tanhf (x) : shape == 2 ? fmaxf (-0.5f, fminf (0.5f, x))
                                               : x;
}

static void run (LV2_Handle handle, uint32_t numSamples)
{
    TestLv2* self = (TestLv2*) handle;
    const float gain = *self->ports[gainPort] * (*self->ports[invertPort] > 0.5f ? -1.0f : 1.0f) * TLV2_SCALE;
    const int shape = (int) lrintf (*self->ports[shapePort]);

#ifdef TLV2_ALLOCATES_IN_RUN
    void* volatile scratch = malloc (64 + numSamples); /* volatile: kept, not optimised away */
    free (scratch);
#endif

#ifdef TLV2_CRASH_IN_RUN
    if (++self->blocks > TLV2_CRASH_AFTER)
        *(volatile int*) 0 = 1;
#endif

    for (int channel = 0; channel < 2; ++channel)
    {
        const float* in = self->ports[inLeft + channel];
        float* out = (float*) self->ports[outLeft + channel];

        for (uint32_t i = 0; i < numSamples; ++i)
            out[i] = shaped (in[i] * gain, shape);
    }
}

static void cleanup (LV2_Handle handle)
{
    free (handle);
}

static const LV2_Descriptor descriptor = { TLV2_URI, instantiate, connect_port, NULL, run, NULL, cleanup, NULL };

LV2_SYMBOL_EXPORT const LV2_Descriptor* lv2_descriptor (uint32_t index)
{
    return index == 0 ? &descriptor : NULL;
}
