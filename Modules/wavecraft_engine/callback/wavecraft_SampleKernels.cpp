#if JUCE_MSVC
#define WAVECRAFT_NO_INLINE __declspec(noinline)
#else
#define WAVECRAFT_NO_INLINE __attribute__ ((noinline))
#endif

namespace wavecraft::detail
{

namespace
{
    /** What the vector loops leave over (under 32 frames for the AVX loop,
        under 8 for the portable one). Out of line, so the loops keep their
        registers to themselves.
    */
    WAVECRAFT_NO_INLINE void finishScalar (const float* left, const float* right, float* destinationLeft,
                                           float* destinationRight, int from, int numSamples, LevelTotals& totals) noexcept
    {
        for (int i = from; i < numSamples; ++i)
        {
            if (destinationLeft != nullptr)
            {
                destinationLeft[i] = left[i];
                destinationRight[i] = right[i];
            }

            totals.maximum[0] = juce::jmax (totals.maximum[0], std::abs (left[i]));
            totals.maximum[1] = juce::jmax (totals.maximum[1], std::abs (right[i]));
            totals.sumOfSquares[0] += left[i] * left[i];
            totals.sumOfSquares[1] += right[i] * right[i];
        }
    }

    //==============================================================================
    /** One channel in four lanes of SSE or NEON (or none): the portable path. */
    int measureChannelFourLanes (const float* samples, int numSamples, float& maximum, float& sumOfSquares) noexcept
    {
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
        auto squares = vdupq_n_f32 (0.0f);

        for (; i + 4 <= numSamples; i += 4)
        {
            const auto values = vld1q_f32 (samples + i);
            maxima = vmaxq_f32 (maxima, vabsq_f32 (values));
            squares = vmlaq_f32 (squares, values, values);
        }

        vst1q_f32 (maxLanes, maxima);
        vst1q_f32 (sumLanes, squares);
#endif

        maximum = juce::jmax (maximum, *std::max_element (maxLanes, maxLanes + 4));
        sumOfSquares += std::accumulate (sumLanes, sumLanes + 4, 0.0f);
        return i;
    }

    void measurePortable (const float* left, const float* right, float* destinationLeft, float* destinationRight,
                          int numSamples, LevelTotals& totals) noexcept
    {
        const auto doneLeft = measureChannelFourLanes (left, numSamples, totals.maximum[0], totals.sumOfSquares[0]);
        const auto doneRight = measureChannelFourLanes (right, numSamples, totals.maximum[1], totals.sumOfSquares[1]);
        jassert (doneLeft == doneRight);
        juce::ignoreUnused (doneRight);

        if (destinationLeft != nullptr)
        {
            std::memcpy (destinationLeft, left, sizeof (float) * (size_t) doneLeft);
            std::memcpy (destinationRight, right, sizeof (float) * (size_t) doneLeft);
        }

        if (doneLeft < numSamples)
            finishScalar (left, right, destinationLeft, destinationRight, doneLeft, numSamples, totals);
    }

    void copyStereoPortable (const float* left, const float* right, float* destinationLeft, float* destinationRight,
                             int numSamples) noexcept
    {
        std::memcpy (destinationLeft, left, sizeof (float) * (size_t) numSamples);
        std::memcpy (destinationRight, right, sizeof (float) * (size_t) numSamples);
    }

    //==============================================================================
#if JUCE_USE_SSE_INTRINSICS && (JUCE_GCC || JUCE_CLANG)
#define WAVECRAFT_AVX_FMA __attribute__ ((target ("avx,fma"), always_inline)) inline

    /** The running statistics of one channel in eight lanes, an accumulator
        of each for each of a loop turn's four vectors, so consecutive vectors
        don't wait on each other's result. Each vector keeps its own
        accumulators (rather than two taking turns) so that GCC adds into
        them in place, without a register copy per vector.
    */
    struct AvxLanes
    {
        static constexpr int count = 4;
        __m256 maximum[count], squares[count];

        WAVECRAFT_AVX_FMA void clear() noexcept
        {
            for (int lane = 0; lane < count; ++lane)
                maximum[lane] = squares[lane] = _mm256_setzero_ps();
        }

        WAVECRAFT_AVX_FMA void add (__m256 values, __m256 signMask, int lane, bool peaks) noexcept
        {
            if (peaks)
                maximum[lane] = _mm256_max_ps (maximum[lane], _mm256_andnot_ps (signMask, values));

            squares[lane] = _mm256_fmadd_ps (values, values, squares[lane]);
        }

        WAVECRAFT_AVX_FMA __m256 getMaximum() const noexcept
        {
            return _mm256_max_ps (_mm256_max_ps (maximum[0], maximum[1]), _mm256_max_ps (maximum[2], maximum[3]));
        }

        WAVECRAFT_AVX_FMA __m256 getSquares() const noexcept
        {
            return _mm256_add_ps (_mm256_add_ps (squares[0], squares[1]), _mm256_add_ps (squares[2], squares[3]));
        }
    };

    /** Folds eight lanes of each channel into two numbers, left in lane 0 and
        right in lane 4, with both channels sharing every instruction.
    */
    WAVECRAFT_AVX_FMA __m256 combine (__m256 a, __m256 b, bool maximum) noexcept
    {
        return maximum ? _mm256_max_ps (a, b) : _mm256_add_ps (a, b);
    }

    WAVECRAFT_AVX_FMA __m256 foldLanes (__m256 left, __m256 right, bool maximum) noexcept
    {
        auto both = combine (_mm256_permute2f128_ps (left, right, 0x20), _mm256_permute2f128_ps (left, right, 0x31), maximum);
        both = combine (both, _mm256_permute_ps (both, 0x4e), maximum);
        return combine (both, _mm256_permute_ps (both, 0xb1), maximum);
    }

    WAVECRAFT_AVX_FMA void addTo (LevelTotals& totals, const AvxLanes& left, const AvxLanes& right, bool peaks) noexcept
    {
        if (peaks)
        {
            const auto maxima = foldLanes (left.getMaximum(), right.getMaximum(), true);
            totals.maximum[0] = juce::jmax (totals.maximum[0], _mm256_cvtss_f32 (maxima));
            totals.maximum[1] = juce::jmax (totals.maximum[1], _mm_cvtss_f32 (_mm256_extractf128_ps (maxima, 1)));
        }

        const auto squares = foldLanes (left.getSquares(), right.getSquares(), false);
        totals.sumOfSquares[0] += _mm256_cvtss_f32 (squares);
        totals.sumOfSquares[1] += _mm_cvtss_f32 (_mm256_extractf128_ps (squares, 1));
    }

    /** One vector of each channel. */
    WAVECRAFT_AVX_FMA void stepAvx (const float* left, const float* right, float* destinationLeft,
                                    float* destinationRight, int i, __m256 signMask, AvxLanes& lanesLeft,
                                    AvxLanes& lanesRight, int lane, bool copying, bool peaks) noexcept
    {
        const auto valuesLeft = _mm256_loadu_ps (left + i);
        const auto valuesRight = _mm256_loadu_ps (right + i);

        if (copying)
        {
            _mm256_storeu_ps (destinationLeft + i, valuesLeft);
            _mm256_storeu_ps (destinationRight + i, valuesRight);
        }

        lanesLeft.add (valuesLeft, signMask, lane, peaks);
        lanesRight.add (valuesRight, signMask, lane, peaks);
    }

    /** Steps of 32 frames, a vector of each channel four times to a loop
        turn, so the loop is bound by its loads and stores rather than by its
        own bookkeeping or the adds' latency. (Unrolled further, GCC rotates
        the accumulators through registers and copies one per vector.)
        `numSamples` is a multiple of 32.
    */
    template <bool copying, bool peaks>
    __attribute__ ((target ("avx,fma"))) void measureAvxVectors (const float* left, const float* right,
                                                                 float* destinationLeft, float* destinationRight,
                                                                 int numSamples, LevelTotals& totals) noexcept
    {
        const auto signMask = _mm256_set1_ps (-0.0f);
        AvxLanes lanesLeft, lanesRight;
        lanesLeft.clear();
        lanesRight.clear();

        for (int i = 0; i + 32 <= numSamples; i += 32)
            for (int vector = 0; vector < AvxLanes::count; ++vector)
                stepAvx (left, right, destinationLeft, destinationRight, i + 8 * vector, signMask, lanesLeft,
                         lanesRight, vector, copying, peaks);

        addTo (totals, lanesLeft, lanesRight, peaks);
    }

    // The frames past the last whole 32 go first, and from out here: a call
    // inside the AVX function makes GCC realign its stack and save registers
    // on every block, and with the vectors last their call is a plain jump.
    template <bool copying, bool peaks>
    void measureAvx (const float* left, const float* right, float* destinationLeft, float* destinationRight,
                     int numSamples, LevelTotals& totals) noexcept
    {
        const auto wholeSteps = numSamples & ~31;

        if (wholeSteps < numSamples)
            finishScalar (left, right, copying ? destinationLeft : nullptr, destinationRight, wholeSteps, numSamples, totals);

        measureAvxVectors<copying, peaks> (left, right, destinationLeft, destinationRight, wholeSteps, totals);
    }

    // A block is a few KiB, where one loop over both channels beats two memcpy
    // calls that each first work out what size class they are in.
    __attribute__ ((target ("avx"))) void copyStereoAvx (const float* left, const float* right, float* destinationLeft,
                                                         float* destinationRight, int numSamples) noexcept
    {
        int i = 0;

#pragma GCC unroll 8
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

#undef WAVECRAFT_AVX_FMA

    const bool cpuHasAvxAndFma = __builtin_cpu_supports ("avx") && __builtin_cpu_supports ("fma");
#else
    const bool cpuHasAvxAndFma = false;
#endif

    SampleKernels pickKernels (bool wide) noexcept
    {
#if JUCE_USE_SSE_INTRINSICS && (JUCE_GCC || JUCE_CLANG)
        if (wide && cpuHasAvxAndFma)
            return { copyStereoAvx, measureAvx<false, true>, measureAvx<false, false>, measureAvx<true, false> };
#endif
        juce::ignoreUnused (wide);
        return { copyStereoPortable, measurePortable, measurePortable, measurePortable };
    }
} // namespace

// Picked at start-up, before any audio thread exists.
SampleKernels SampleKernels::active = pickKernels (true);

bool SampleKernels::usesWideVectors() noexcept
{
    return active.copyStereo != copyStereoPortable;
}

void SampleKernels::allowWideVectors (bool allowed) noexcept
{
    active = pickKernels (allowed);
}

} // namespace wavecraft::detail

#undef WAVECRAFT_NO_INLINE
