// For TP_NEWS_TWO_DEEP_IN_PROCESS: operator new two calls below process(),
// as C++ DSP allocates through a helper; the monitor must name the helper's
// line, and the stack must show the calls above it.
#include <vector>

namespace
{
__attribute__ ((noinline)) float makeScratch (unsigned numSamples)
{
    auto* scratch = new std::vector<float> (numSamples, 1.0f); // the allocation named
    const auto first = scratch->front();
    delete scratch;
    return first;
}

__attribute__ ((noinline)) float prepareBlock (unsigned numSamples)
{
    return makeScratch (numSamples) * 0.5f;
}
} // namespace

extern "C" void tp_allocate_two_deep (unsigned numSamples)
{
    volatile float kept = prepareBlock (numSamples);
    (void) kept;
}
