/*
    A small LV2 host on lilv that renders a file through a plugin, as a DAW
    would run it offline: the test of wavecraft_add_dev_plugin's LV2 builds.
    (lv2apply can't load JUCE's LV2 plugins, whose parameters arrive as
    patch:Set atom messages.)

        lv2_render_host BUNDLE/ PLUGIN_URI IN.f32 OUT.f32 BLOCK_SIZE
                        [--set ID=VALUE]... [--swap-after BLOCK FROM TO]

    IN and OUT are raw interleaved stereo 32-bit floats at 48 kHz. Each --set
    sends patch:Set <PLUGIN_URI:ID> VALUE before the first block (JUCE's
    units: plain for a float, the index for a choice). --swap-after renames
    FROM over TO after block BLOCK, as a build does, and waits until the
    plugin has had time to load it (500 ms) before the next block.
*/
#define _POSIX_C_SOURCE 200809L

#include <lilv/lilv.h>
#include <lv2/atom/atom.h>
#include <lv2/atom/forge.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/options/options.h>
#include <lv2/parameters/parameters.h>
#include <lv2/patch/patch.h>
#include <lv2/urid/urid.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_URIDS 4096
#define MAX_SETS 64
#define ATOM_CAPACITY 65536

static char* uris[MAX_URIDS];
static LV2_URID numUris = 0;

static LV2_URID mapUri (LV2_URID_Map_Handle handle, const char* uri)
{
    (void) handle;

    for (LV2_URID i = 0; i < numUris; ++i)
        if (strcmp (uris[i], uri) == 0)
            return i + 1;

    if (numUris == MAX_URIDS)
        return 0;

    uris[numUris] = strdup (uri);
    return ++numUris;
}

static const char* unmapUri (LV2_URID_Unmap_Handle handle, LV2_URID urid)
{
    (void) handle;
    return urid >= 1 && urid <= numUris ? uris[urid - 1] : NULL;
}

static float* readAll (const char* path, long* numFrames)
{
    FILE* file = fopen (path, "rb");

    if (file == NULL)
        return NULL;

    fseek (file, 0, SEEK_END);
    const long bytes = ftell (file);
    fseek (file, 0, SEEK_SET);
    float* samples = malloc ((size_t) bytes + 8);
    *numFrames = (long) fread (samples, sizeof (float) * 2, (size_t) bytes / (sizeof (float) * 2), file);
    fclose (file);
    return samples;
}

static void sleepMs (int ms)
{
    struct timespec pause = { ms / 1000, (long) (ms % 1000) * 1000000L };
    nanosleep (&pause, NULL);
}

int main (int argc, char** argv)
{
    if (argc < 6)
    {
        fprintf (stderr, "usage: lv2_render_host BUNDLE/ PLUGIN_URI IN.f32 OUT.f32 BLOCK_SIZE [--set ID=VALUE]... [--swap-after BLOCK FROM TO]\n");
        return 2;
    }

    const char* bundlePath = argv[1];
    const char* pluginUri = argv[2];
    const int blockSize = atoi (argv[5]);
    const char* setIds[MAX_SETS];
    float setValues[MAX_SETS];
    int numSets = 0;
    long swapAfter = -1;
    const char *swapFrom = NULL, *swapTo = NULL;

    for (int i = 6; i < argc; ++i)
    {
        if (strcmp (argv[i], "--set") == 0 && i + 1 < argc && numSets < MAX_SETS)
        {
            char* pair = argv[++i];
            char* equals = strchr (pair, '=');

            if (equals == NULL)
                return 2;

            *equals = 0;
            setIds[numSets] = pair;
            setValues[numSets++] = (float) atof (equals + 1);
        }
        else if (strcmp (argv[i], "--swap-after") == 0 && i + 3 < argc)
        {
            swapAfter = atol (argv[++i]);
            swapFrom = argv[++i];
            swapTo = argv[++i];
        }
        else
        {
            fprintf (stderr, "lv2_render_host: unknown argument %s\n", argv[i]);
            return 2;
        }
    }

    LilvWorld* world = lilv_world_new();
    LilvNode* bundle = lilv_new_file_uri (world, NULL, bundlePath);
    lilv_world_load_bundle (world, bundle);
    LilvNode* uri = lilv_new_uri (world, pluginUri);
    const LilvPlugin* plugin = lilv_plugins_get_by_uri (lilv_world_get_all_plugins (world), uri);

    if (plugin == NULL)
    {
        fprintf (stderr, "lv2_render_host: no plugin <%s> in %s\n", pluginUri, bundlePath);
        return 1;
    }

    LV2_URID_Map map = { NULL, mapUri };
    LV2_URID_Unmap unmap = { NULL, unmapUri };
    int32_t minBlock = 1, maxBlock = blockSize, nominalBlock = blockSize;
    float sampleRate = 48000.0f;
    const LV2_URID intType = mapUri (NULL, LV2_ATOM__Int), floatType = mapUri (NULL, LV2_ATOM__Float);
    LV2_Options_Option options[] = {
        { LV2_OPTIONS_INSTANCE, 0, mapUri (NULL, LV2_BUF_SIZE__minBlockLength), sizeof (int32_t), intType, &minBlock },
        { LV2_OPTIONS_INSTANCE, 0, mapUri (NULL, LV2_BUF_SIZE__maxBlockLength), sizeof (int32_t), intType, &maxBlock },
        { LV2_OPTIONS_INSTANCE, 0, mapUri (NULL, LV2_BUF_SIZE__nominalBlockLength), sizeof (int32_t), intType, &nominalBlock },
        { LV2_OPTIONS_INSTANCE, 0, mapUri (NULL, LV2_PARAMETERS__sampleRate), sizeof (float), floatType, &sampleRate },
        { LV2_OPTIONS_INSTANCE, 0, 0, 0, 0, NULL }
    };
    const LV2_Feature mapFeature = { LV2_URID__map, &map }, unmapFeature = { LV2_URID__unmap, &unmap },
                      optionsFeature = { LV2_OPTIONS__options, options }, boundedFeature = { LV2_BUF_SIZE__boundedBlockLength, NULL };
    const LV2_Feature* features[] = { &mapFeature, &unmapFeature, &optionsFeature, &boundedFeature, NULL };

    LilvInstance* instance = lilv_plugin_instantiate (plugin, sampleRate, features);

    if (instance == NULL)
    {
        fprintf (stderr, "lv2_render_host: <%s> did not instantiate\n", pluginUri);
        return 1;
    }

    LilvNode* audioClass = lilv_new_uri (world, LV2_CORE__AudioPort);
    LilvNode* atomClass = lilv_new_uri (world, LV2_ATOM__AtomPort);
    LilvNode* inputClass = lilv_new_uri (world, LV2_CORE__InputPort);

    const uint32_t numPorts = lilv_plugin_get_num_ports (plugin);
    float* controls = calloc (numPorts, sizeof (float));
    float* audioIn[2] = { calloc ((size_t) blockSize, sizeof (float)), calloc ((size_t) blockSize, sizeof (float)) };
    float* audioOut[2] = { calloc ((size_t) blockSize, sizeof (float)), calloc ((size_t) blockSize, sizeof (float)) };
    LV2_Atom_Sequence* atomIn = aligned_alloc (64, ATOM_CAPACITY);
    LV2_Atom_Sequence* atomOut = aligned_alloc (64, ATOM_CAPACITY);
    int numAudioIn = 0, numAudioOut = 0;

    for (uint32_t i = 0; i < numPorts; ++i)
    {
        const LilvPort* port = lilv_plugin_get_port_by_index (plugin, i);
        const int isInput = lilv_port_is_a (plugin, port, inputClass);

        if (lilv_port_is_a (plugin, port, audioClass))
        {
            float* buffer = isInput ? (numAudioIn < 2 ? audioIn[numAudioIn++] : controls) : (numAudioOut < 2 ? audioOut[numAudioOut++] : controls);
            lilv_instance_connect_port (instance, i, buffer);
        }
        else if (lilv_port_is_a (plugin, port, atomClass))
        {
            lilv_instance_connect_port (instance, i, isInput ? (void*) atomIn : (void*) atomOut);
        }
        else
        {
            LilvNode* defaultValue = NULL;
            lilv_port_get_range (plugin, port, &defaultValue, NULL, NULL);
            controls[i] = defaultValue != NULL ? lilv_node_as_float (defaultValue) : 0.0f;
            lilv_node_free (defaultValue);
            lilv_instance_connect_port (instance, i, &controls[i]);
        }
    }

    long numFrames = 0;
    float* input = readAll (argv[3], &numFrames);

    if (input == NULL)
    {
        fprintf (stderr, "lv2_render_host: can't read %s\n", argv[3]);
        return 1;
    }

    float* output = calloc ((size_t) numFrames * 2 + 2, sizeof (float));
    LV2_Atom_Forge forge;
    lv2_atom_forge_init (&forge, &map);
    const LV2_URID patchSet = mapUri (NULL, LV2_PATCH__Set), patchProperty = mapUri (NULL, LV2_PATCH__property),
                   patchValue = mapUri (NULL, LV2_PATCH__value), chunkType = mapUri (NULL, LV2_ATOM__Chunk);
    lilv_instance_activate (instance);

    for (long block = 0, start = 0; start < numFrames; ++block, start += blockSize)
    {
        const int count = (int) (numFrames - start < blockSize ? numFrames - start : blockSize);
        LV2_Atom_Forge_Frame sequenceFrame;
        lv2_atom_forge_set_buffer (&forge, (uint8_t*) atomIn, ATOM_CAPACITY);
        lv2_atom_forge_sequence_head (&forge, &sequenceFrame, 0);

        for (int s = 0; block == 0 && s < numSets; ++s)
        {
            char parameterUri[1024];
            snprintf (parameterUri, sizeof (parameterUri), "%s:%s", pluginUri, setIds[s]);
            LV2_Atom_Forge_Frame objectFrame;
            lv2_atom_forge_frame_time (&forge, 0);
            lv2_atom_forge_object (&forge, &objectFrame, 0, patchSet);
            lv2_atom_forge_key (&forge, patchProperty);
            lv2_atom_forge_urid (&forge, mapUri (NULL, parameterUri));
            lv2_atom_forge_key (&forge, patchValue);
            lv2_atom_forge_float (&forge, setValues[s]);
            lv2_atom_forge_pop (&forge, &objectFrame);
        }

        lv2_atom_forge_pop (&forge, &sequenceFrame);
        atomOut->atom.type = chunkType;
        atomOut->atom.size = ATOM_CAPACITY - sizeof (LV2_Atom);

        for (int i = 0; i < count; ++i)
        {
            audioIn[0][i] = input[(start + i) * 2];
            audioIn[1][i] = input[(start + i) * 2 + 1];
        }

        lilv_instance_run (instance, (uint32_t) count);

        for (int i = 0; i < count; ++i)
        {
            output[(start + i) * 2] = audioOut[0][i];
            output[(start + i) * 2 + 1] = audioOut[1][i];
        }

        if (block == swapAfter)
        {
            if (rename (swapFrom, swapTo) != 0)
            {
                perror ("lv2_render_host: rename");
                return 1;
            }

            sleepMs (500);
        }
    }

    lilv_instance_deactivate (instance);
    lilv_instance_free (instance);

    FILE* out = fopen (argv[4], "wb");

    if (out == NULL || fwrite (output, sizeof (float) * 2, (size_t) numFrames, out) != (size_t) numFrames || fclose (out) != 0)
    {
        fprintf (stderr, "lv2_render_host: can't write %s\n", argv[4]);
        return 1;
    }

    printf ("rendered %ld frames through <%s> in blocks of %d (%d audio in, %d out, %u ports)\n", numFrames, pluginUri, blockSize,
            numAudioIn, numAudioOut, numPorts);
    lilv_world_free (world);
    return 0;
}
