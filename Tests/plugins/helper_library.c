/*
    A shared library a test plugin links (TP_ALLOCATES_IN_HELPER_LIBRARY), as
    a plugin links an FFT or a resampler library: it allocates in the call the
    plugin makes from process(), and the monitor must count that at the
    plugin's call into it.
*/
#include <stdlib.h>

__attribute__ ((visibility ("default"))) float tp_helper_work (unsigned numSamples)
{
    float* volatile scratch = (float*) malloc (sizeof (float) * (numSamples + 1));
    scratch[0] = 1.0f;
    const float first = scratch[0];
    free (scratch);
    return first;
}
