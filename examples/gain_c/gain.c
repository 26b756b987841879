/*
    Example plugin in plain C99: a gain with mute and an optional clipper.

    Parameters, in the order of the params JSON (and of apply_plain_values):
      0  gain   float 0..2, default 1       linear factor
      1  mute   bool, default 0             output is exactly zero when on
      2  shape  enum 0..2, default 0        "Clean", "Soft clip", "Hard clip"

    y = shape (x * gain). "Clean" is nothing but the float multiply, so a render
    with gain 0.5 halves every sample exactly; tests and the render-vs-sox bench
    rely on that.

    Everything the plugin needs comes from wavecraft_dev_abi.h; build it with
    examples/gain_c/CMakeLists.txt or by hand:
        cc -std=c99 -O2 -shared -fPIC -fvisibility=hidden \
           -I Modules/wavecraft_dev_host/ffi gain.c -o libwavecraft_example_gain.so -lm
*/

#include "wavecraft_dev_abi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum
{
    paramGain,
    paramMute,
    paramShape,
    numParams
};

enum
{
    shapeClean,
    shapeSoftClip,
    shapeHardClip
};

/* Kept in step with the enum above and with clampParameters. */
static const char paramsJson[] =
    "["
    "{\"id\":\"gain\",\"name\":\"Gain\",\"type\":\"float\",\"value\":1.0,\"default\":1.0,"
    "\"min\":0.0,\"max\":2.0,\"unit\":\"x\",\"group\":\"Output\"},"
    "{\"id\":\"mute\",\"name\":\"Mute\",\"type\":\"bool\",\"value\":0,\"default\":0,"
    "\"min\":0,\"max\":1,\"group\":\"Output\"},"
    "{\"id\":\"shape\",\"name\":\"Shape\",\"type\":\"enum\",\"value\":0,\"default\":0,"
    "\"min\":0,\"max\":2,\"group\":\"Output\",\"variants\":[\"Clean\",\"Soft clip\",\"Hard clip\"]}"
    "]";

static const char processorsJson[] = "[{\"id\":\"gain\"}]";

typedef struct GainPlugin
{
    float gain;
    int muted;
    int shape;
} GainPlugin;

/* The exported symbols, declared once so that -Wmissing-prototypes is happy too. */
WAVECRAFT_DEV_EXPORT WavecraftDevVTableV2 wavecraft_dev_create_processor (void);
WAVECRAFT_DEV_EXPORT char* wavecraft_get_params_json (void);
WAVECRAFT_DEV_EXPORT char* wavecraft_get_processors_json (void);
WAVECRAFT_DEV_EXPORT void wavecraft_free_string (char* text);

/*============================================================================*/
static char* duplicate (const char* text, size_t size)
{
    char* copy = (char*) malloc (size);

    if (copy != NULL)
        memcpy (copy, text, size);

    return copy;
}

static float clampFloat (float value, float low, float high)
{
    /* A NaN from a broken host fails both tests and becomes `low`. */
    if (! (value >= low))
        return low;

    return value > high ? high : value;
}

static void* create (void)
{
    GainPlugin* plugin = (GainPlugin*) malloc (sizeof (GainPlugin));

    if (plugin == NULL)
        return NULL;

    plugin->gain = 1.0f;
    plugin->muted = 0;
    plugin->shape = shapeClean;
    return plugin;
}

/* [audio thread] No allocation, no locks: a loop over the two channels. */
static void process (void* instance, float** channels, uint32_t numChannels, uint32_t numSamples)
{
    const GainPlugin* plugin = (const GainPlugin*) instance;
    const float gain = plugin->gain;
    uint32_t c, i;

    if (channels == NULL)
        return;

    for (c = 0; c < numChannels; ++c)
    {
        float* samples = channels[c];

        if (samples == NULL)
            continue;

        if (plugin->muted)
        {
            memset (samples, 0, numSamples * sizeof (float));
            continue;
        }

        switch (plugin->shape)
        {
            case shapeSoftClip:
                for (i = 0; i < numSamples; ++i)
                    samples[i] = tanhf (samples[i] * gain);
                break;

            case shapeHardClip:
                for (i = 0; i < numSamples; ++i)
                    samples[i] = clampFloat (samples[i] * gain, -1.0f, 1.0f);
                break;

            case shapeClean:
            default:
                for (i = 0; i < numSamples; ++i)
                    samples[i] = samples[i] * gain;
                break;
        }
    }
}

/* [audio thread] Called at a block boundary with every value, in JSON order.
   A shorter array (an older host, a mismatched list) only sets what it has. */
static void applyPlainValues (void* instance, const float* values, size_t len)
{
    GainPlugin* plugin = (GainPlugin*) instance;

    if (values == NULL)
        return;

    if (len > paramGain)
        plugin->gain = clampFloat (values[paramGain], 0.0f, 2.0f);

    if (len > paramMute)
        plugin->muted = values[paramMute] >= 0.5f;

    if (len > paramShape)
        plugin->shape = (int) floorf (clampFloat (values[paramShape], 0.0f, 2.0f) + 0.5f);
}

static void setSampleRate (void* instance, float sampleRate)
{
    /* A gain has no time-dependent state. */
    (void) instance;
    (void) sampleRate;
}

static void reset (void* instance)
{
    (void) instance;
}

static void drop (void* instance)
{
    free (instance);
}

/*============================================================================*/
WavecraftDevVTableV2 wavecraft_dev_create_processor (void)
{
    WavecraftDevVTableV2 table;
    table.version = WAVECRAFT_DEV_VTABLE_VERSION_2;
    table.create = create;
    table.process = process;
    table.apply_plain_values = applyPlainValues;
    table.set_sample_rate = setSampleRate;
    table.reset = reset;
    table.drop = drop;
    return table;
}

char* wavecraft_get_params_json (void)
{
    return duplicate (paramsJson, sizeof (paramsJson));
}

char* wavecraft_get_processors_json (void)
{
    return duplicate (processorsJson, sizeof (processorsJson));
}

void wavecraft_free_string (char* text)
{
    free (text);
}
