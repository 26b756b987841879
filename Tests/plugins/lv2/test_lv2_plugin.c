/* An LV2 test plugin in plain C: stereo gain with a toggled "invert" and an
   enumerated "shape", built once per variant as its own bundle (see
   wavecraft_add_test_lv2), so a test can rename one build over another.

   TLV2_SCALE         the build's extra factor (a "new build" that sounds different)
   TLV2_CRASH_IN_RUN  crashes in run() after TLV2_CRASH_AFTER blocks
   TLV2_ALLOCATES_IN_RUN  allocates and frees in each run()

   Its own state (LV2's state interface) is its age: the frames it has run,
   counted on from where a restored state left off. No port shows it, so only
   a host that carries the state from one instance to the next keeps it.
*/
#include <lv2/atom/atom.h>
#include <lv2/core/lv2.h>
#include <lv2/state/state.h>
#include <lv2/urid/urid.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
    int64_t age; /* frames run, its state */
    LV2_URID ageKey, longType;
} TestLv2;

static LV2_Handle instantiate (const LV2_Descriptor* descriptor, double rate, const char* bundle, const LV2_Feature* const* features)
{
    (void) descriptor;
    (void) rate;
    (void) bundle;
    TestLv2* self = calloc (1, sizeof (TestLv2));

    for (int i = 0; self != NULL && features[i] != NULL; ++i)
    {
        if (strcmp (features[i]->URI, LV2_URID__map) == 0)
        {
            const LV2_URID_Map* map = (const LV2_URID_Map*) features[i]->data;
            self->ageKey = map->map (map->handle, TLV2_URI "#age");
            self->longType = map->map (map->handle, LV2_ATOM__Long);
        }
    }

    return self;
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

    /* Atomic: LV2 lets a host save the state beside run(). */
    __atomic_add_fetch (&self->age, (int64_t) numSamples, __ATOMIC_RELAXED);
}

static LV2_State_Status save (LV2_Handle handle, LV2_State_Store_Function store, LV2_State_Handle state, uint32_t flags,
                              const LV2_Feature* const* features)
{
    (void) flags;
    (void) features;
    const TestLv2* self = (const TestLv2*) handle;

    if (self->ageKey == 0)
        return LV2_STATE_ERR_NO_FEATURE;

    const int64_t age = __atomic_load_n (&self->age, __ATOMIC_RELAXED);
    return store (state, self->ageKey, &age, sizeof (age), self->longType, LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE);
}

static LV2_State_Status restore (LV2_Handle handle, LV2_State_Retrieve_Function retrieve, LV2_State_Handle state,
                                 uint32_t flags, const LV2_Feature* const* features)
{
    (void) flags;
    (void) features;
    TestLv2* self = (TestLv2*) handle;
    size_t size = 0;
    uint32_t type = 0, valueFlags = 0;
    const void* value = self->ageKey != 0 ? retrieve (state, self->ageKey, &size, &type, &valueFlags) : NULL;

    if (value == NULL || size != sizeof (int64_t) || type != self->longType)
        return LV2_STATE_ERR_NO_PROPERTY;

    int64_t age;
    memcpy (&age, value, sizeof (age));
    __atomic_store_n (&self->age, age, __ATOMIC_RELAXED);
    return LV2_STATE_SUCCESS;
}

static const void* extension_data (const char* uri)
{
    static const LV2_State_Interface state = { save, restore };
    return strcmp (uri, LV2_STATE__interface) == 0 ? &state : NULL;
}

static void cleanup (LV2_Handle handle)
{
    free (handle);
}

static const LV2_Descriptor descriptor = { TLV2_URI, instantiate, connect_port, NULL, run, NULL, cleanup, extension_data };

LV2_SYMBOL_EXPORT const LV2_Descriptor* lv2_descriptor (uint32_t index)
{
    return index == 0 ? &descriptor : NULL;
}
