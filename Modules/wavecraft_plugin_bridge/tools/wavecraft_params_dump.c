/*
    Reads a Wavecraft dev library's params JSON when a plugin target is built
    (wavecraft_add_dev_plugin), and writes it into a header the plugin is
    compiled with, so that its parameter list is fixed for the plugin's life.

        wavecraft_params_dump LIBRARY OUTPUT_HEADER

    Plain C and dlopen: it must build in a second, before any of JUCE. The
    JSON is checked when the plugin parses it.
*/
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef char* (*GetJson) (void);
typedef void (*FreeString) (char*);

int main (int argc, char** argv)
{
    if (argc != 3)
    {
        fprintf (stderr, "usage: wavecraft_params_dump LIBRARY OUTPUT_HEADER\n");
        return 2;
    }

    void* library = dlopen (argv[1], RTLD_NOW | RTLD_LOCAL);

    if (library == NULL)
    {
        fprintf (stderr, "wavecraft_params_dump: %s is not a loadable library: %s\n", argv[1], dlerror());
        return 1;
    }

    GetJson getJson = (GetJson) dlsym (library, "wavecraft_get_params_json");
    FreeString freeString = (FreeString) dlsym (library, "wavecraft_free_string");

    if (getJson == NULL || freeString == NULL)
    {
        fprintf (stderr, "wavecraft_params_dump: %s does not export wavecraft_get_params_json and wavecraft_free_string\n", argv[1]);
        return 1;
    }

    char* json = getJson();

    if (json == NULL)
    {
        fprintf (stderr, "wavecraft_params_dump: wavecraft_get_params_json in %s returned NULL\n", argv[1]);
        return 1;
    }

    FILE* out = fopen (argv[2], "w");

    if (out == NULL)
    {
        fprintf (stderr, "wavecraft_params_dump: can't write %s\n", argv[2]);
        return 1;
    }

    /* Bytes, not a string literal: nothing in the JSON needs escaping then. */
    fprintf (out, "// Written by wavecraft_params_dump from %s: the plugin's fixed parameter list.\n#pragma once\n\n", argv[1]);
    fprintf (out, "static const char wavecraftDevParametersJson[] = {");

    for (size_t i = 0, n = strlen (json); i <= n; ++i)
        fprintf (out, "%s%d", i == 0 ? "\n    " : (i % 24 == 0 ? ",\n    " : ", "), (unsigned char) json[i]);

    fprintf (out, "\n};\n");
    freeString (json);
    return fclose (out) == 0 ? 0 : 1;
}
