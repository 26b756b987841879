namespace wavecraft
{

namespace
{
    /** Folds the samples the vector loop left over into the running statistics
        and writes the results; shared by every path below.
    */
    void finishChannel (const float* samples, int from, int numSamples, float maximum, float sumOfSquares,
                        float& peak, float& rms) noexcept
    {
        for (int i = from; i < numSamples; ++i)
        {
            maximum = juce::jmax (maximum, std::abs (samples[i]));
            sumOfSquares += samples[i] * samples[i];
        }

        peak = maximum;
        rms = numSamples > 0 ? std::sqrt (sumOfSquares / (float) numSamples) : 0.0f;
    }

#if JUCE_USE_SSE_INTRINSICS && (JUCE_GCC || JUCE_CLANG)
    /** Eight lanes, for CPUs that have AVX (checked once at start-up). */
    __attribute__ ((target ("avx"))) void measureChannelAvx (const float* samples, int numSamples, float& peak, float& rms) noexcept
    {
        const auto signMask = _mm256_set1_ps (-0.0f);
        auto maxima1 = _mm256_setzero_ps(), maxima2 = _mm256_setzero_ps();
        auto sums1 = _mm256_setzero_ps(), sums2 = _mm256_setzero_ps();
        int i = 0;

        for (; i + 16 <= numSamples; i += 16)
        {
            const auto values1 = _mm256_loadu_ps (samples + i);
            const auto values2 = _mm256_loadu_ps (samples + i + 8);
            maxima1 = _mm256_max_ps (maxima1, _mm256_andnot_ps (signMask, values1));
            maxima2 = _mm256_max_ps (maxima2, _mm256_andnot_ps (signMask, values2));
            sums1 = _mm256_add_ps (sums1, _mm256_mul_ps (values1, values1));
            sums2 = _mm256_add_ps (sums2, _mm256_mul_ps (values2, values2));
        }

        alignas (32) float maxLanes[8], sumLanes[8];
        _mm256_store_ps (maxLanes, _mm256_max_ps (maxima1, maxima2));
        _mm256_store_ps (sumLanes, _mm256_add_ps (sums1, sums2));
        finishChannel (samples, i, numSamples, *std::max_element (maxLanes, maxLanes + 8),
                       std::accumulate (sumLanes, sumLanes + 8, 0.0f), peak, rms);
    }

    // Decided before any audio runs, so the audio thread only reads a bool.
    const bool cpuHasAvx = __builtin_cpu_supports ("avx");
#endif

    /** Peak and RMS of one channel in one pass, several lanes at a time where
        the CPU has them: metering runs on every block, so it must cost a few
        instructions per sample, not a few per sample per statistic.
    */
    void measureChannel (const float* samples, int numSamples, float& peak, float& rms) noexcept
    {
#if JUCE_USE_SSE_INTRINSICS && (JUCE_GCC || JUCE_CLANG)
        if (cpuHasAvx)
            return measureChannelAvx (samples, numSamples, peak, rms);
#endif

        int i = 0;
        alignas (16) float maxLanes[4] = {}, sumLanes[4] = {};

#if JUCE_USE_SSE_INTRINSICS
        const auto signMask = _mm_set1_ps (-0.0f);
        auto maxima1 = _mm_setzero_ps(), maxima2 = _mm_setzero_ps();
        auto sums1 = _mm_setzero_ps(), sums2 = _mm_setzero_ps();

        // Two independent accumulators per statistic keep the adds from waiting on each other.
        for (; i + 8 <= numSamples; i += 8)
        {
            const auto values1 = _mm_loadu_ps (samples + i);
            const auto values2 = _mm_loadu_ps (samples + i + 4);
            maxima1 = _mm_max_ps (maxima1, _mm_andnot_ps (signMask, values1));
            maxima2 = _mm_max_ps (maxima2, _mm_andnot_ps (signMask, values2));
            sums1 = _mm_add_ps (sums1, _mm_mul_ps (values1, values1));
            sums2 = _mm_add_ps (sums2, _mm_mul_ps (values2, values2));
        }

        _mm_store_ps (maxLanes, _mm_max_ps (maxima1, maxima2));
        _mm_store_ps (sumLanes, _mm_add_ps (sums1, sums2));
#elif JUCE_USE_ARM_NEON
        auto maxima = vdupq_n_f32 (0.0f);
        auto sums = vdupq_n_f32 (0.0f);

        for (; i + 4 <= numSamples; i += 4)
        {
            const auto values = vld1q_f32 (samples + i);
            maxima = vmaxq_f32 (maxima, vabsq_f32 (values));
            sums = vmlaq_f32 (sums, values, values);
        }

        vst1q_f32 (maxLanes, maxima);
        vst1q_f32 (sumLanes, sums);
#endif

        finishChannel (samples, i, numSamples, *std::max_element (maxLanes, maxLanes + 4),
                       std::accumulate (sumLanes, sumLanes + 4, 0.0f), peak, rms);
    }
} // namespace

MeterFrame MeterFrame::measure (const float* left, const float* right, int numSamples, juce::int64 timestamp) noexcept
{
    MeterFrame frame;
    measureChannel (left, numSamples, frame.peakLeft, frame.rmsLeft);
    measureChannel (right, numSamples, frame.peakRight, frame.rmsRight);
    frame.timestampMicros = timestamp;
    return frame;
}

void MeterFrame::holdMaximum (const MeterFrame& other) noexcept
{
    peakLeft = juce::jmax (peakLeft, other.peakLeft);
    peakRight = juce::jmax (peakRight, other.peakRight);
    rmsLeft = juce::jmax (rmsLeft, other.rmsLeft);
    rmsRight = juce::jmax (rmsRight, other.rmsRight);
    timestampMicros = juce::jmax (timestampMicros, other.timestampMicros);
}

// Computed at start-up, so the audio thread never meets a static-init guard.
static const double ticksPerMicro = (double) juce::Time::getHighResolutionTicksPerSecond() / 1.0e6;

juce::int64 getMonotonicMicros() noexcept
{
    return (juce::int64) ((double) juce::Time::getHighResolutionTicks() / ticksPerMicro);
}

} // namespace wavecraft
