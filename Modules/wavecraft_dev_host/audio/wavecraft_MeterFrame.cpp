namespace wavecraft
{

namespace
{
    /** Peak and RMS of one channel in one pass. Four lanes at a time where
        the CPU has them: metering runs on every block, so it must cost a few
        instructions per sample, not a few per sample per statistic.
    */
#if JUCE_USE_SSE_INTRINSICS && (JUCE_GCC || JUCE_CLANG)
    /** The same with eight lanes, for CPUs that have AVX (checked once at start-up). */
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

        alignas (32) float lanes[8];
        _mm256_store_ps (lanes, _mm256_max_ps (maxima1, maxima2));
        auto maximum = 0.0f;

        for (auto lane : lanes)
            maximum = juce::jmax (maximum, lane);

        _mm256_store_ps (lanes, _mm256_add_ps (sums1, sums2));
        auto sumOfSquares = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));

        for (; i < numSamples; ++i)
        {
            maximum = juce::jmax (maximum, std::abs (samples[i]));
            sumOfSquares += samples[i] * samples[i];
        }

        peak = maximum;
        rms = numSamples > 0 ? std::sqrt (sumOfSquares / (float) numSamples) : 0.0f;
    }

    // Decided before any audio runs, so the audio thread only reads a bool.
    const bool cpuHasAvx = __builtin_cpu_supports ("avx");
#endif

    void measureChannel (const float* samples, int numSamples, float& peak, float& rms) noexcept
    {
#if JUCE_USE_SSE_INTRINSICS && (JUCE_GCC || JUCE_CLANG)
        if (cpuHasAvx)
            return measureChannelAvx (samples, numSamples, peak, rms);
#endif

        float maximum = 0.0f, sumOfSquares = 0.0f;
        int i = 0;

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

        alignas (16) float lanes[4];
        _mm_store_ps (lanes, _mm_max_ps (maxima1, maxima2));
        maximum = juce::jmax (lanes[0], lanes[1], lanes[2], lanes[3]);
        _mm_store_ps (lanes, _mm_add_ps (sums1, sums2));
        sumOfSquares = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
#elif JUCE_USE_ARM_NEON
        auto maxima = vdupq_n_f32 (0.0f);
        auto sums = vdupq_n_f32 (0.0f);

        for (; i + 4 <= numSamples; i += 4)
        {
            const auto values = vld1q_f32 (samples + i);
            maxima = vmaxq_f32 (maxima, vabsq_f32 (values));
            sums = vmlaq_f32 (sums, values, values);
        }

        alignas (16) float lanes[4];
        vst1q_f32 (lanes, maxima);
        maximum = juce::jmax (lanes[0], lanes[1], lanes[2], lanes[3]);
        vst1q_f32 (lanes, sums);
        sumOfSquares = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
#endif

        for (; i < numSamples; ++i)
        {
            maximum = juce::jmax (maximum, std::abs (samples[i]));
            sumOfSquares += samples[i] * samples[i];
        }

        peak = maximum;
        rms = numSamples > 0 ? std::sqrt (sumOfSquares / (float) numSamples) : 0.0f;
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
