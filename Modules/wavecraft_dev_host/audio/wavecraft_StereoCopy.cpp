namespace wavecraft
{

namespace
{
#if JUCE_USE_SSE_INTRINSICS && (JUCE_GCC || JUCE_CLANG)
    // A block is a few KiB, where a plain loop over both channels beats two
    // memcpy calls, each of which first works out what size class it is in.
    __attribute__ ((target ("avx"))) void copyStereoAvx (const float* left, const float* right, float* destinationLeft,
                                                         float* destinationRight, int numSamples) noexcept
    {
        int i = 0;

        for (; i + 32 <= numSamples; i += 32)
        {
            for (int lane = 0; lane < 32; lane += 8)
            {
                _mm256_storeu_ps (destinationLeft + i + lane, _mm256_loadu_ps (left + i + lane));
                _mm256_storeu_ps (destinationRight + i + lane, _mm256_loadu_ps (right + i + lane));
            }
        }

        for (; i < numSamples; ++i)
        {
            destinationLeft[i] = left[i];
            destinationRight[i] = right[i];
        }
    }
#endif
} // namespace

void copyStereo (const float* left, const float* right, float* destinationLeft, float* destinationRight,
                 int numSamples) noexcept
{
#if JUCE_USE_SSE_INTRINSICS && (JUCE_GCC || JUCE_CLANG)
    if (BlockLevels::usesWideVectors())
        return copyStereoAvx (left, right, destinationLeft, destinationRight, numSamples);
#endif

    std::memcpy (destinationLeft, left, sizeof (float) * (size_t) numSamples);
    std::memcpy (destinationRight, right, sizeof (float) * (size_t) numSamples);
}

} // namespace wavecraft
